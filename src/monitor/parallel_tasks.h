// RunTasks: independent tasks on a few threads, each taking the next task as it finishes
// one. Internal.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace attrition::monitoring::internal {

// Calls task(i) once for every i in [0, n), on min(n, max_threads) threads (the caller's
// among them), and returns when all are done. Tasks must be safe to run concurrently;
// a task's results go where i says, so they do not depend on which thread ran it. The
// first exception a task throws is rethrown here once all threads have stopped.
template <typename Task>
void RunTasks(size_t n, size_t max_threads, Task task) {
  std::atomic<size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto work = [&] {
    for (size_t i = next++; i < n; i = next++) {
      try {
        task(i);
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = n;  // the others stop after their current task
      }
    }
  };
  {
    std::vector<std::jthread> helpers;
    const size_t threads = std::clamp<size_t>(std::min(n, max_threads), 1, 64);
    for (size_t t = 1; t < threads; ++t) helpers.emplace_back(work);
    work();
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace attrition::monitoring::internal
