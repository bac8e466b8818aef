// ParallelFor: splits [0, n) into contiguous chunks run on std::threads. Internal.
#pragma once

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace attrition::model {

// The number of workers ParallelFor uses for n items.
inline size_t ParallelWorkers(size_t n, int threads, size_t min_chunk) {
  size_t workers = threads > 0 ? static_cast<size_t>(threads)
                               : std::max(1u, std::thread::hardware_concurrency());
  return std::max<size_t>(1, std::min(workers, n / std::max<size_t>(1, min_chunk)));
}

// Calls body(worker, begin, end) on disjoint chunks covering [0, n), worker w of
// ParallelWorkers(n, threads, min_chunk) on its own thread (worker 0 on the caller's),
// and returns when all are done. `body` must be safe to call concurrently on disjoint
// ranges.
template <typename Body>
void ParallelForWorkers(size_t n, int threads, size_t min_chunk, Body body) {
  const size_t workers = ParallelWorkers(n, threads, min_chunk);
  if (workers <= 1) {
    body(size_t{0}, size_t{0}, n);
    return;
  }
  std::vector<std::jthread> pool;
  const size_t chunk = (n + workers - 1) / workers;
  size_t worker = 1;
  for (size_t begin = chunk; begin < n; begin += chunk, ++worker) {
    pool.emplace_back([=, &body] { body(worker, begin, std::min(n, begin + chunk)); });
  }
  body(size_t{0}, size_t{0}, std::min(n, chunk));
}

// The same without the worker index: body(begin, end).
template <typename Body>
void ParallelFor(size_t n, int threads, size_t min_chunk, Body body) {
  ParallelForWorkers(n, threads, min_chunk,
                     [&body](size_t, size_t begin, size_t end) { body(begin, end); });
}

}  // namespace attrition::model
