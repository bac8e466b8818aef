// LinearQuantile: numpy's default ("linear") quantile of values sorted ascending, the one
// rule training's baseline, the drift profile and their tests share.
#pragma once

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstddef>

namespace attrition {

// The q-quantile (0 <= q <= 1) of `sorted` (a vector or span of float or double,
// ascending, no NaN), interpolated as numpy does: between sorted[floor(i)] and the next
// at i = q * (n - 1), computed from the nearer end (numpy's _lerp), in double.
// REQUIRES: !sorted.empty().
template <typename Sorted>
double LinearQuantile(const Sorted& sorted, double q) {
  assert(!sorted.empty());
  const double index = q * static_cast<double>(sorted.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(index));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  const double t = index - static_cast<double>(lo);
  const double a = sorted[lo], b = sorted[hi], diff = b - a;
  return t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
}

}  // namespace attrition
