#include "serve/worker.h"

#include <vector>

#include "serve/connection.h"

namespace attrition::serve {
namespace {

constexpr std::chrono::milliseconds kSweepInterval{250};

}  // namespace

Worker::Worker(size_t index, SharedState& shared, const ServeOptions& options)
    : shared_(shared),
      options_(options),
      state_(index, shared.slot),
      work_(boost::asio::make_work_guard(io_)),
      sweeper_(io_) {}

void Worker::Run() {
  ScheduleSweep();
  io_.run();
}

void Worker::ScheduleSweep() {
  sweeper_.expires_after(kSweepInterval);
  sweeper_.async_wait([this](boost::system::error_code ec) {
    if (ec) return;
    const auto now = Connection::Clock::now();
    // Closing never destroys a connection here (its pending handler owns it), so the
    // set is not modified while iterating.
    for (Connection* connection : connections_) connection->CloseIfExpired(now);
    ScheduleSweep();
  });
}

void Worker::BeginDrain() {
  draining_ = true;
  for (Connection* connection : connections_) connection->CloseIfIdle();
}

void Worker::Stop() {
  work_.reset();
  io_.stop();
}

}  // namespace attrition::serve
