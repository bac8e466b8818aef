// The distribution of a count of independent events with different probabilities (the
// Poisson-binomial): how many of n customers, each leaving with its own probability,
// leave. Pure functions, thread-safe. Internal.
#pragma once

#include <cstddef>
#include <span>

namespace attrition::monitoring::internal {

// Up to this many probabilities the interval is exact (dynamic programming over the
// count, O(n^2)); above it, the normal approximation.
inline constexpr size_t kExactIntervalMaxRows = 2000;

struct CountInterval {
  double expected = 0;  // sum p
  double variance = 0;  // sum p(1-p)
  double lower = 0;     // the 5% quantile of the count (coverage 0.9 by default)
  double upper = 0;     // the 95% quantile
  bool exact = false;   // true when computed by the exact distribution
};

// The central `coverage` interval of the count. Exact: lower = the smallest k with
// P(X <= k) >= (1-coverage)/2 and upper = the smallest k with P(X <= k) >= (1+coverage)/2,
// so [lower, upper] holds at least `coverage` of the mass. Normal: E -/+ z sqrt(V)
// clipped to [0, n] (z = 1.6449 for 0.9), as peers/python_ref/score.py.
// REQUIRES: every p in [0, 1]; 0 < coverage < 1.
CountInterval PoissonBinomialInterval(std::span<const double> probabilities, double coverage = 0.9);

}  // namespace attrition::monitoring::internal
