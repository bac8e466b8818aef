// Server: the acceptor, the I/O workers, the model watcher, and shutdown with draining.
#include <signal.h>

#include <spdlog/spdlog.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <mutex>
#include <thread>
#include <vector>

#include "attrition/serve.h"
#include "serve/connection.h"
#include "serve/model_watcher.h"
#include "serve/router.h"
#include "serve/worker.h"

namespace attrition::serve {

namespace asio = boost::asio;
using asio::ip::tcp;

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
    acceptor_.emplace(workers_.front()->io());
    accept_retry_.emplace(workers_.front()->io());
  }

  Status Open() {
    ATTRITION_RETURN_IF_ERROR(watcher_.LoadInitial());
    boost::system::error_code ec;
    const asio::ip::address address = asio::ip::make_address(options_.host, ec);
    if (ec) {
      return Status::InvalidArgument("--host: got '" + options_.host +
                                     "', expected an IP address such as 0.0.0.0 or 127.0.0.1");
    }
    const tcp::endpoint endpoint(address, options_.port);
    acceptor_->open(endpoint.protocol(), ec);
    if (!ec) acceptor_->set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_->bind(endpoint, ec);
    if (!ec) acceptor_->listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      return Status::IOError("cannot listen on " + options_.host + ":" +
                             std::to_string(options_.port) + ": " + ec.message());
    }
    port_ = acceptor_->local_endpoint().port();
    return Status::OK();
  }

  void Run() {
    Accept();
    for (auto& worker : workers_) {
      threads_.emplace_back([w = worker.get()] { w->Run(); });
    }
    watcher_.StartPolling();
  }

  uint16_t port() const { return port_; }

  void Shutdown() {
    std::call_once(shutdown_once_, [this] {
      asio::post(workers_.front()->io(), [this] {
        boost::system::error_code ignored;
        acceptor_->close(ignored);
        accept_retry_->cancel();
      });
      for (auto& worker : workers_) {
        asio::post(worker->io(), [w = worker.get()] { w->BeginDrain(); });
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
  void Accept() {
    Worker& target = *workers_[next_worker_];
    next_worker_ = (next_worker_ + 1) % workers_.size();
    acceptor_->async_accept(target.io(), [this, &target](boost::system::error_code ec,
                                                         tcp::socket socket) {
      if (ec == asio::error::operation_aborted || !acceptor_->is_open()) return;
      if (ec) {
        // Out of file descriptors and the like: wait a moment rather than spin.
        spdlog::warn("serve: accept failed: {}", ec.message());
        accept_retry_->expires_after(std::chrono::milliseconds(100));
        accept_retry_->async_wait([this](boost::system::error_code wait_ec) {
          if (!wait_ec) Accept();
        });
        return;
      }
      asio::post(target.io(), [&target, s = std::move(socket)]() mutable {
        std::make_shared<Connection>(target, std::move(s))->Start();
      });
      Accept();
    });
  }

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
  std::optional<tcp::acceptor> acceptor_;
  std::optional<asio::steady_timer> accept_retry_;
  size_t next_worker_ = 0;
  uint16_t port_ = 0;
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
