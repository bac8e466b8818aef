// ParallelFor: splits [0, n) into contiguous chunks run on std::threads. Internal.
#pragma once

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace attrition::model {

// Calls body(begin, end) on disjoint chunks covering [0, n), from up to `threads`
// threads (0: one per hardware thread), and returns when all are done. `body` must be
// safe to call concurrently on disjoint ranges.
template <typename Body>
void ParallelFor(size_t n, int threads, size_t min_chunk, Body body) {
  size_t workers = threads > 0 ? static_cast<size_t>(threads)
                               : std::max(1u, std::thread::hardware_concurrency());
  workers = std::max<size_t>(1, std::min(workers, n / std::max<size_t>(1, min_chunk)));
  if (workers <= 1) {
    body(size_t{0}, n);
    return;
  }
  std::vector<std::jthread> pool;
  size_t chunk = (n + workers - 1) / workers;
  for (size_t begin = chunk; begin < n; begin += chunk) {
    pool.emplace_back([=, &body] { body(begin, std::min(n, begin + chunk)); });
  }
  body(size_t{0}, std::min(n, chunk));
}

}  // namespace attrition::model
