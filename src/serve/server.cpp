// Server: the acceptor, the I/O workers, the model watcher, and shutdown with draining.
#include <signal.h>

#include <spdlog/spdlog.h>

#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "attrition/serve.h"
#include "serve/listener.h"
#include "serve/model_watcher.h"
#include "serve/router.h"
#include "serve/worker.h"

namespace attrition::serve {

class Server::Impl {
 public:
  Impl(const ServeOptions& options, size_t threads)
      : options_(options),
        shared_(threads),
        watcher_(shared_.slot,
                 ModelSource{.artifacts_dir = options.artifacts_dir,
                             .reference = options.model_reference,
                             .model_dir = options.model_dir},
                 options.alias_poll_interval) {
    shared_.watcher = &watcher_;
    for (size_t i = 0; i < threads; ++i) {
      workers_.push_back(std::make_unique<Worker>(i, shared_, options_));
    }
    std::vector<Worker*> targets;
    for (auto& worker : workers_) targets.push_back(worker.get());
    listener_.emplace(*workers_.front(), std::move(targets));
  }

  Status Open() {
    ATTRITION_RETURN_IF_ERROR(watcher_.LoadInitial());
    return listener_->Open(options_.host, options_.port);
  }

  void Run() {
    for (auto& worker : workers_) {
      threads_.emplace_back([w = worker.get()] { w->Run(); });
    }
    watcher_.StartPolling();
  }

  uint16_t port() const { return listener_->port(); }

  void Shutdown() {
    std::call_once(shutdown_once_, [this] {
      workers_.front()->Post([this] { listener_->Close(); });
      for (auto& worker : workers_) {
        worker->Post([w = worker.get()] { w->BeginDrain(); });
      }
      drainer_ = std::thread([this] { DrainThenStop(); });
    });
  }

  void Wait() {
    {
      std::unique_lock lock(wait_mutex_);
      if (waited_) return;
      waited_ = true;
    }
    if (drainer_.joinable()) drainer_.join();
    for (std::thread& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
    watcher_.Stop();
  }

  ~Impl() {
    Shutdown();
    Wait();
  }

  const SharedState& shared() const { return shared_; }
  const ServeOptions& options() const { return options_; }

 private:
  void DrainThenStop() {
    const auto deadline = std::chrono::steady_clock::now() + options_.drain_timeout;
    while (shared_.open_connections.load() > 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const int64_t left = shared_.open_connections.load();
    if (left > 0) spdlog::warn("serve: drain timeout; closing {} connection(s)", left);
    for (auto& worker : workers_) worker->Stop();
  }

  const ServeOptions options_;
  SharedState shared_;
  ModelWatcher watcher_;
  std::vector<std::unique_ptr<Worker>> workers_;
  // After workers_: destroyed first, while its home worker's loop still exists.
  std::optional<Listener> listener_;
  std::vector<std::thread> threads_;
  std::once_flag shutdown_once_;
  std::thread drainer_;
  std::mutex wait_mutex_;
  bool waited_ = false;
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;

uint16_t Server::port() const { return impl_->port(); }
void Server::Shutdown() { impl_->Shutdown(); }
void Server::Wait() { impl_->Wait(); }

Result<std::unique_ptr<Server>> Server::Start(const ServeOptions& options) {
  if (options.max_payload_bytes == 0) {
    return Status::InvalidArgument("max payload: expected more than 0 bytes");
  }
  if (options.threads < 0) {
    return Status::InvalidArgument("threads: got " + std::to_string(options.threads) +
                                   ", expected 0 (one per core) or more");
  }
  const size_t threads = options.threads > 0
                             ? static_cast<size_t>(options.threads)
                             : std::max<size_t>(1, std::thread::hardware_concurrency());
  auto impl = std::make_unique<Impl>(options, threads);
  ATTRITION_RETURN_IF_ERROR(impl->Open());
  impl->Run();
  const std::shared_ptr<const ServingModel> model = impl->shared().slot.Current();
  spdlog::info("serve: listening on http://{}:{} ({} I/O threads), model {}", options.host,
               impl->port(), threads,
               model ? model->version
                     : std::string("none yet (/ping answers 503 until ") +
                           options.model_reference + " is set)");
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Status ServeUntilSignalled(const ServeOptions& options) {
  // Blocked before any thread starts, so every thread inherits the mask and the signals
  // are only ever taken by sigwait below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  Result<std::unique_ptr<Server>> server = Server::Start(options);
  if (!server.ok()) {
    pthread_sigmask(SIG_UNBLOCK, &signals, nullptr);
    return server.status();
  }
  int received = 0;
  while (sigwait(&signals, &received) != 0) {
  }
  spdlog::info("serve: {} received; draining in-flight requests",
               received == SIGTERM ? "SIGTERM" : "SIGINT");
  (*server)->Shutdown();
  (*server)->Wait();
  spdlog::info("serve: stopped");
  return Status::OK();
}

}  // namespace attrition::serve
