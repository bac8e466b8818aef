#include "serve/event_loop.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

namespace attrition::serve {

EventLoop::EventLoop() {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) throw std::system_error(errno, std::generic_category(), "epoll_create1");
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0 || !Add(wake_fd_, EPOLLIN, nullptr)) {
    const int error = errno;
    if (wake_fd_ >= 0) close(wake_fd_);
    close(epoll_fd_);
    throw std::system_error(error, std::generic_category(), "eventfd");
  }
}

EventLoop::~EventLoop() {
  close(wake_fd_);
  close(epoll_fd_);
}

bool EventLoop::Add(int fd, uint32_t events, Handler* handler) {
  epoll_event event{.events = events, .data = {.ptr = handler}};
  return epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event) == 0;
}

bool EventLoop::Modify(int fd, uint32_t events, Handler* handler) {
  epoll_event event{.events = events, .data = {.ptr = handler}};
  return epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &event) == 0;
}

void EventLoop::Remove(int fd) { epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr); }

void EventLoop::Post(std::function<void()> task) {
  bool was_empty = false;
  {
    std::lock_guard lock(posted_mutex_);
    was_empty = posted_.empty();
    posted_.push_back(std::move(task));
  }
  // A non-empty queue already has a wake-up pending: RunPosted reads the eventfd before
  // it takes the queue, so a task queued after that read finds the queue empty and wakes.
  if (was_empty) Wake();
}

void EventLoop::Stop() {
  stopped_.store(true, std::memory_order_release);
  Wake();
}

void EventLoop::Wake() {
  const uint64_t one = 1;
  // Fails only when the counter is about to overflow, i.e. a wake-up is pending anyway.
  [[maybe_unused]] const ssize_t written = write(wake_fd_, &one, sizeof one);
}

void EventLoop::RunPosted() {
  uint64_t count = 0;
  [[maybe_unused]] const ssize_t read_bytes = read(wake_fd_, &count, sizeof count);
  {
    std::lock_guard lock(posted_mutex_);
    running_.swap(posted_);
  }
  for (auto& task : running_) task();
  running_.clear();
}

bool EventLoop::RunOnce(std::chrono::milliseconds timeout) {
  last_ready_count_ = 0;
  if (stopped_.load(std::memory_order_acquire)) return false;
  const int ready = epoll_wait(epoll_fd_, events_.data(), kBatch, static_cast<int>(timeout.count()));
  last_ready_count_ = std::max(ready, 0);
  for (int i = 0; i < ready; ++i) {
    auto* handler = static_cast<Handler*>(events_[i].data.ptr);
    if (handler == nullptr) {
      RunPosted();
    } else {
      handler->OnEvents(events_[i].events);
    }
  }
  return !stopped_.load(std::memory_order_acquire);
}

}  // namespace attrition::serve
