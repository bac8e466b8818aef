// Worker: one I/O thread with its own EventLoop (epoll set). A connection is handed to a
// worker when accepted and lives on it until it closes, so its handlers never run
// concurrently and need no locks. The worker owns its connections, destroys closed ones
// between event batches (never while a batch may still name them), sweeps them for
// expired deadlines (slow or silent clients) every kSweepInterval, and closes idle ones
// when the server drains.
//
// Replies are sent at the end of each event batch, not as each is made (SendReplies):
// computed first, then written back to back. A client waiting in epoll_wait is woken by
// the first of them, and is already awake for the rest; on a VM the wake-up is a cross-CPU
// interrupt paid inside our send, so one per batch instead of one per reply is the
// saving (figures in docs/serve.md, Speed). A reply waits for at most the batch's other
// requests to be computed.
//
// Thread safety: Adopt, Post and Stop are callable from any thread; everything else runs
// on the worker's thread.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

#include "attrition/serve.h"
#include "serve/event_loop.h"
#include "serve/router.h"

namespace attrition::serve {

class Connection;

class Worker {
 public:
  using Clock = std::chrono::steady_clock;

  Worker(size_t index, SharedState& shared, const ServeOptions& options);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  EventLoop& loop() { return loop_; }
  SharedState& shared() { return shared_; }
  WorkerState& state() { return state_; }
  const ServeOptions& options() const { return options_; }
  bool draining() const { return draining_; }

  // Runs the loop until Stop(); the thread's body.
  void Run();
  // Serves the accepted, non-blocking socket `fd` on this worker (takes ownership).
  void Adopt(int fd);
  // Runs `task` on this worker's thread.
  void Post(std::function<void()> task) { loop_.Post(std::move(task)); }
  // Runs `task` on this worker's thread at every sweep.
  void OnSweep(std::function<void()> task) { sweep_tasks_.push_back(std::move(task)); }
  // Closes idle connections now and every other one after its current request.
  void BeginDrain();
  // Ends Run(); the connections still open are closed when the worker is destroyed.
  void Stop() { loop_.Stop(); }

  // Called by a connection that has closed its socket: it is destroyed after the current
  // event batch.
  void Retire(Connection* connection) { retired_.push_back(connection); }
  // Called by a connection with a reply ready: Connection::SendReply runs at the end of
  // the current event batch.
  void QueueReply(Connection* connection) { unsent_.push_back(connection); }

 private:
  void Open(int fd);
  void Sweep(Clock::time_point now);
  void DestroyRetired();
  // Sends the queued replies, and those of pipelined requests they let through.
  void SendReplies();

  SharedState& shared_;
  const ServeOptions& options_;
  WorkerState state_;
  bool draining_ = false;
  EventLoop loop_;
  std::unordered_map<Connection*, std::unique_ptr<Connection>> connections_;
  std::vector<Connection*> retired_;
  std::vector<Connection*> unsent_;   // replies queued in this batch
  std::vector<Connection*> sending_;  // the replies SendReplies is sending
  std::vector<std::function<void()>> sweep_tasks_;
};

}  // namespace attrition::serve
