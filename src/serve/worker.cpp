#include "serve/worker.h"

#include <unistd.h>

#include <memory>
#include <utility>

#include "serve/connection.h"

namespace attrition::serve {
namespace {

// Deadlines are checked this often, so they are enforced to within this much.
constexpr std::chrono::milliseconds kSweepInterval{250};

}  // namespace

Worker::Worker(size_t index, SharedState& shared, const ServeOptions& options)
    : shared_(shared), options_(options), state_(index, shared.slot) {}

// Out of line: Connection is complete here.
Worker::~Worker() = default;

void Worker::Run() {
  auto next_sweep = Clock::now() + kSweepInterval;
  auto last_event = Clock::now();
  for (;;) {
    // Busy polling: within options_.busy_poll of the last event the loop polls instead of
    // sleeping, so a client's next request never has to wake this thread. On a VM a
    // wake-up is a cross-CPU interrupt paid inside the client's send; with wrk on the same
    // two cores this polling took the single-row bench from 54k to 64k req/s (docs/serve.md).
    const auto before = Clock::now();
    const auto wait = before - last_event < options_.busy_poll
                          ? std::chrono::milliseconds(0)
                          : std::chrono::ceil<std::chrono::milliseconds>(next_sweep - before);
    const bool running = loop_.RunOnce(std::max(wait, std::chrono::milliseconds(0)));
    SendReplies();
    DestroyRetired();
    if (!running) return;
    const auto now = Clock::now();
    if (loop_.last_ready_count() > 0) last_event = now;
    if (now >= next_sweep) {
      Sweep(now);
      DestroyRetired();
      next_sweep = now + kSweepInterval;
    }
  }
}

void Worker::Adopt(int fd) {
  // The task owns the socket until it runs: a task dropped unrun (the worker stopped
  // first) closes it.
  auto socket = std::shared_ptr<int>(new int(fd), [](int* owned) {
    if (*owned >= 0) ::close(*owned);
    delete owned;
  });
  loop_.Post([this, socket] { Open(std::exchange(*socket, -1)); });
}

void Worker::Open(int fd) {
  auto connection = std::make_unique<Connection>(*this, fd);
  Connection* raw = connection.get();
  connections_.emplace(raw, std::move(connection));
  raw->Start();
}

void Worker::Sweep(Clock::time_point now) {
  // Closing only retires a connection, so the map is not modified while iterating.
  for (auto& [raw, connection] : connections_) raw->CloseIfExpired(now);
  for (auto& task : sweep_tasks_) task();
}

void Worker::BeginDrain() {
  draining_ = true;
  for (auto& [raw, connection] : connections_) raw->CloseIfIdle();
}

void Worker::SendReplies() {
  // A reply sent may let the connection parse a pipelined request, which queues again.
  while (!unsent_.empty()) {
    sending_.swap(unsent_);
    for (Connection* connection : sending_) connection->SendReply();
    sending_.clear();
  }
}

void Worker::DestroyRetired() {
  for (Connection* connection : retired_) connections_.erase(connection);
  retired_.clear();
}

}  // namespace attrition::serve
