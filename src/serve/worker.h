// Worker: one I/O thread with its own io_context. Connections are handed to a worker
// when accepted and live on it until they close, so a connection's handlers never run
// concurrently and need no locks. The worker also sweeps its connections for expired
// deadlines (slow or silent clients) and closes idle ones when the server drains.
//
// Thread safety: Post is callable from any thread; everything else runs on the worker's
// thread.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <unordered_set>

#include "attrition/serve.h"
#include "serve/router.h"

namespace attrition::serve {

class Connection;

class Worker {
 public:
  Worker(size_t index, SharedState& shared, const ServeOptions& options);

  boost::asio::io_context& io() { return io_; }
  SharedState& shared() { return shared_; }
  WorkerState& state() { return state_; }
  const ServeOptions& options() const { return options_; }
  bool draining() const { return draining_; }

  // Runs the io_context until Stop(); the thread's body.
  void Run();
  // Closes idle connections now and every other one after its current request.
  void BeginDrain();
  // Ends Run() (pending handlers are dropped).
  void Stop();

  void Add(Connection* connection) { connections_.insert(connection); }
  void Remove(Connection* connection) { connections_.erase(connection); }

 private:
  void ScheduleSweep();

  SharedState& shared_;
  const ServeOptions& options_;
  WorkerState state_;
  bool draining_ = false;
  // Declared before io_: destroying io_ destroys pending handlers, whose connections
  // remove themselves from this set.
  std::unordered_set<Connection*> connections_;
  boost::asio::io_context io_{1};
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  boost::asio::steady_timer sweeper_;
};

}  // namespace attrition::serve
