// EventLoop: one thread's epoll set, level-triggered, plus a queue of tasks other threads
// post to it (woken through an eventfd).
//
// Why raw epoll rather than an Asio io_context: on this kind of VM every system call is
// expensive, and Asio's reactor cannot serve a keep-alive request in fewer than ~3.3 of
// them. Its epoll_reactor re-arms the descriptor with epoll_ctl(EPOLL_CTL_MOD) for every
// wait that is not speculative, and async_read_some first tries a recv that returns
// EAGAIN, because the client is still waiting for our previous answer. Measured under wrk
// (16 keep-alive connections, single-row POST): 1.9 recvfrom, 1.0 sendto, 0.9 epoll_ctl
// and 0.37 epoll_wait per request with Asio; with this loop a connection is registered
// once, level-triggered, and is only read when epoll reports it readable, so a request
// costs one recvfrom, one sendto and a share of one epoll_wait (figures in docs/serve.md).
//
// A handler is told the events of its descriptor (EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP);
// it must stay alive while its descriptor is registered. Remove a descriptor before closing
// it (a descriptor shared with another process would otherwise stay in the set).
//
// Thread safety: Post and Stop are callable from any thread; everything else runs on the
// loop's thread.
#pragma once

#include <sys/epoll.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <vector>

namespace attrition::serve {

class EventLoop {
 public:
  class Handler {
   public:
    virtual void OnEvents(uint32_t events) = 0;

   protected:
    ~Handler() = default;
  };

  // Throws std::system_error when the kernel refuses an epoll set or an eventfd.
  EventLoop();
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Register, change or drop `fd` (level-triggered `events`); false with errno set on
  // failure.
  bool Add(int fd, uint32_t events, Handler* handler);
  bool Modify(int fd, uint32_t events, Handler* handler);
  void Remove(int fd);

  // Runs `task` on the loop's thread during a later RunOnce. Tasks still queued when the
  // loop is destroyed are dropped unrun.
  void Post(std::function<void()> task);
  // Makes RunOnce return false from now on (and wakes it).
  void Stop();

  // Waits up to `timeout` for events (a batch of up to kBatch descriptors per call), runs
  // their handlers and any posted tasks; false once Stop was called. A zero timeout polls:
  // it never sleeps.
  bool RunOnce(std::chrono::milliseconds timeout);
  // How many descriptors (the wake-up included) the last RunOnce handled; 0 when it timed
  // out or was stopped.
  int last_ready_count() const { return last_ready_count_; }

 private:
  static constexpr int kBatch = 64;

  void Wake();
  void RunPosted();

  int epoll_fd_ = -1;
  int last_ready_count_ = 0;
  int wake_fd_ = -1;  // an eventfd, registered with a null handler
  std::atomic<bool> stopped_{false};
  std::mutex posted_mutex_;
  std::vector<std::function<void()>> posted_;  // guarded by posted_mutex_
  std::vector<std::function<void()>> running_;  // the batch being run, loop thread only
  std::array<epoll_event, kBatch> events_{};
};

}  // namespace attrition::serve
