#include "monitor/poisson_binomial.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace attrition::monitoring::internal {
namespace {

// The standard normal quantile by bisection on erfc: accurate to 1e-12, no table needed.
double NormalQuantile(double q) {
  double lo = -10, hi = 10;
  for (int i = 0; i < 100; ++i) {
    const double mid = 0.5 * (lo + hi);
    (0.5 * std::erfc(-mid / std::sqrt(2.0)) < q ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

// The exact probabilities of 0..n events.
std::vector<double> CountDistribution(std::span<const double> probabilities) {
  std::vector<double> mass(probabilities.size() + 1, 0.0);
  mass[0] = 1.0;
  size_t n = 0;
  for (double p : probabilities) {
    ++n;
    for (size_t k = n; k > 0; --k) mass[k] = mass[k] * (1.0 - p) + mass[k - 1] * p;
    mass[0] *= 1.0 - p;
  }
  return mass;
}

}  // namespace

CountInterval PoissonBinomialInterval(std::span<const double> probabilities, double coverage) {
  CountInterval interval;
  for (double p : probabilities) {
    interval.expected += p;
    interval.variance += p * (1.0 - p);
  }
  const double tail = (1.0 - coverage) / 2.0;
  const double n = static_cast<double>(probabilities.size());
  if (probabilities.size() <= kExactIntervalMaxRows) {
    const std::vector<double> mass = CountDistribution(probabilities);
    double cumulative = 0;
    bool have_lower = false;
    interval.upper = n;
    // A small slack absorbs rounding in the cumulative sum.
    for (size_t k = 0; k < mass.size(); ++k) {
      cumulative += mass[k];
      if (!have_lower && cumulative >= tail - 1e-12) {
        interval.lower = static_cast<double>(k);
        have_lower = true;
      }
      if (cumulative >= 1.0 - tail - 1e-12) {
        interval.upper = static_cast<double>(k);
        break;
      }
    }
    interval.exact = true;
    return interval;
  }
  const double z = NormalQuantile(1.0 - tail);
  const double sd = std::sqrt(interval.variance);
  interval.lower = std::max(0.0, interval.expected - z * sd);
  interval.upper = std::min(n, interval.expected + z * sd);
  return interval;
}

}  // namespace attrition::monitoring::internal
