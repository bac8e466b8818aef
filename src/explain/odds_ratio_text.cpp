#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <string>

#include "attrition/explain.h"

namespace attrition::explain {
namespace {

constexpr int kMinDecimals = 2;
constexpr int kMaxDecimals = 10;

std::string Fixed(double value, int decimals) { return fmt::format("{:.{}f}", value, decimals); }

// Whether `a` < `b` still read differently with `decimals`.
bool Told(double a, double b, int decimals) {
  return !(a < b) || Fixed(a, decimals) != Fixed(b, decimals);
}

// Decimals at which `estimate`, `lower` and `upper` read as the header says.
int OddsRatioDecimals(double estimate, double lower, double upper) {
  int decimals = kMinDecimals;
  // Three significant digits of a number below 1, as of one above (0.991 beside 1.00), and
  // so that a bound of 0.0004 does not print as 0.00.
  for (double value : {estimate, lower, upper}) {
    if (std::isfinite(value) && value > 0 && value < 1) {
      decimals = std::max(decimals, 2 - static_cast<int>(std::floor(std::log10(value))));
    }
  }
  while (decimals < kMaxDecimals &&
         !(Told(lower, estimate, decimals) && Told(estimate, upper, decimals))) {
    ++decimals;
  }
  return std::min(decimals, kMaxDecimals);
}

}  // namespace

OddsRatioText FormatOddsRatio(const Driver& d) {
  assert(d.estimated());
  const double lower = std::exp(d.clustered_lower), upper = std::exp(d.clustered_upper);
  const int decimals =
      std::max(OddsRatioDecimals(d.odds_ratio, d.odds_ratio_lower, d.odds_ratio_upper),
               OddsRatioDecimals(d.odds_ratio, lower, upper));
  return {.with_interval = fmt::format("{} [{}, {}]", Fixed(d.odds_ratio, decimals),
                                       Fixed(d.odds_ratio_lower, decimals),
                                       Fixed(d.odds_ratio_upper, decimals)),
          .clustered = fmt::format("[{}, {}]", Fixed(lower, decimals), Fixed(upper, decimals))};
}

}  // namespace attrition::explain
