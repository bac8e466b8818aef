#include "train/tpe.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>

#include "train/parzen_estimator.h"

namespace attrition::train {
namespace {

// The search interval of a parameter in the space the estimators work in.
double InternalLow(const ParamRange& p) {
  return p.scale == ParamScale::kLog ? std::log(p.low) : p.low;
}
double InternalHigh(const ParamRange& p) {
  return p.scale == ParamScale::kLog ? std::log(p.high) : p.high;
}
double ToInternal(const ParamRange& p, double value) {
  return p.scale == ParamScale::kLog ? std::log(value) : value;
}
double FromInternal(const ParamRange& p, double x) {
  switch (p.scale) {
    case ParamScale::kLog:
      return std::clamp(std::exp(x), p.low, p.high);
    case ParamScale::kInteger:
      return std::clamp(std::round(x - p.low) + p.low, p.low, p.high);
    case ParamScale::kLinear:
      break;
  }
  return std::clamp(x, p.low, p.high);
}

// A value spread uniformly over stratum `s` of `count` equal strata of the range.
double StratifiedValue(const ParamRange& p, int s, int count, double u) {
  const double t = (static_cast<double>(s) + u) / static_cast<double>(count);
  if (p.scale == ParamScale::kInteger) {
    // Strata over [low - 0.5, high + 0.5] so each integer has its fair share.
    const double x = (p.low - 0.5) + t * (p.high - p.low + 1.0);
    return FromInternal(p, x);
  }
  const double lo = InternalLow(p), hi = InternalHigh(p);
  return FromInternal(p, lo + t * (hi - lo));
}

}  // namespace

TpeSampler::TpeSampler(std::vector<ParamRange> space, TpeOptions options)
    : space_(std::move(space)), options_(options), rng_(options.seed) {
  for (const ParamRange& p : space_) {
    assert(p.low <= p.high);
    assert(p.scale != ParamScale::kLog || p.low > 0);
    (void)p;
  }
  int strata = options_.startup_trials;
  if (options_.planned_trials > 0) strata = std::min(strata, options_.planned_trials);
  strata = std::max(strata, 1);
  for (size_t j = 0; j < space_.size(); ++j) {
    std::vector<int> order(strata);
    std::iota(order.begin(), order.end(), 0);
    rng_.Shuffle(order);
    strata_.push_back(std::move(order));
  }
}

std::vector<double> TpeSampler::Suggest() {
  if (static_cast<int>(observations_.size()) < options_.startup_trials) return SuggestStartup();
  // Split the finished trials: the best gamma(n) are "below" (optuna's name: lower loss).
  const size_t n = observations_.size();
  const size_t n_below = std::min<size_t>(static_cast<size_t>(std::ceil(0.1 * n)), 25);
  std::vector<size_t> by_value(n);
  std::iota(by_value.begin(), by_value.end(), 0);
  std::stable_sort(by_value.begin(), by_value.end(), [&](size_t a, size_t b) {
    return observations_[a].value > observations_[b].value;
  });
  std::vector<size_t> below(by_value.begin(), by_value.begin() + n_below);
  std::vector<size_t> above(by_value.begin() + n_below, by_value.end());
  std::sort(below.begin(), below.end());  // chronological, for the weights
  std::sort(above.begin(), above.end());
  std::vector<double> params(space_.size());
  for (size_t j = 0; j < space_.size(); ++j) params[j] = SuggestOne(j, below, above);
  return params;
}

std::vector<double> TpeSampler::SuggestStartup() {
  const int k = startup_suggested_++;
  std::vector<double> params(space_.size());
  for (size_t j = 0; j < space_.size(); ++j) {
    const ParamRange& p = space_[j];
    const double u = rng_.Uniform();
    if (p.low == p.high) {
      params[j] = p.low;
    } else if (k < static_cast<int>(strata_[j].size())) {
      params[j] = StratifiedValue(p, strata_[j][k], static_cast<int>(strata_[j].size()), u);
    } else {
      params[j] = StratifiedValue(p, 0, 1, u);
    }
  }
  return params;
}

double TpeSampler::SuggestOne(size_t j, const std::vector<size_t>& below,
                              const std::vector<size_t>& above) {
  const ParamRange& p = space_[j];
  if (p.low == p.high) return p.low;
  const std::optional<double> step =
      p.scale == ParamScale::kInteger ? std::optional<double>(1.0) : std::nullopt;
  auto estimator = [&](const std::vector<size_t>& group) {
    std::vector<double> xs;
    for (size_t i : group) xs.push_back(ToInternal(p, observations_[i].params[j]));
    return ParzenEstimator(xs, DefaultTpeWeights(xs.size()), InternalLow(p), InternalHigh(p),
                           step, options_.prior_weight);
  };
  const ParzenEstimator l = estimator(below);
  const ParzenEstimator g = estimator(above);
  // Expected improvement is largest where l(x) / g(x) is: draw candidates from l.
  double best_value = std::numeric_limits<double>::quiet_NaN();
  double best_score = -std::numeric_limits<double>::infinity();
  for (int c = 0; c < options_.ei_candidates; ++c) {
    const double value = FromInternal(p, l.Sample(rng_));
    const double x = ToInternal(p, value);
    const double score = l.LogPdf(x) - g.LogPdf(x);
    if (std::isnan(best_value) || score > best_score) {
      best_score = score;
      best_value = value;
    }
  }
  return best_value;
}

void TpeSampler::Tell(const std::vector<double>& params, double value) {
  assert(params.size() == space_.size());
  if (std::isnan(value)) return;
  observations_.push_back({params, value});
}

}  // namespace attrition::train
