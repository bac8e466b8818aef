#include "train/parzen_estimator.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numeric>

namespace attrition::train {
namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();

// log(Phi(b) - Phi(a)) for a <= b, accurate in both tails.
double LogGaussMass(double a, double b) {
  const double r = 1.0 / std::sqrt(2.0);
  double mass;
  if (a >= 0) {
    mass = 0.5 * (std::erfc(a * r) - std::erfc(b * r));
  } else if (b <= 0) {
    mass = 0.5 * (std::erfc(-b * r) - std::erfc(-a * r));
  } else {
    mass = 1.0 - 0.5 * std::erfc(-a * r) - 0.5 * std::erfc(b * r);
  }
  return mass > 0 ? std::log(mass) : kNegInf;
}

}  // namespace

std::vector<double> DefaultTpeWeights(size_t n) {
  std::vector<double> w(n, 1.0);
  if (n >= 25) {
    const size_t ramp = n - 25;
    for (size_t i = 0; i < ramp; ++i) {
      // numpy.linspace(1/n, 1, num=ramp)
      const double t = ramp > 1 ? static_cast<double>(i) / static_cast<double>(ramp - 1) : 0.0;
      w[i] = 1.0 / static_cast<double>(n) + t * (1.0 - 1.0 / static_cast<double>(n));
    }
  }
  return w;
}

ParzenEstimator::ParzenEstimator(const std::vector<double>& observations,
                                 const std::vector<double>& weights, double low, double high,
                                 std::optional<double> step, double prior_weight)
    : low_(step ? low - 0.5 * *step : low), high_(step ? high + 0.5 * *step : high), step_(step) {
  assert(observations.size() == weights.size());
  assert(low_ < high_);
  const size_t n = observations.size();
  mus_ = observations;
  mus_.push_back(0.5 * (low_ + high_));  // the prior, last
  weights_ = weights;
  weights_.push_back(prior_weight);
  const double total = std::accumulate(weights_.begin(), weights_.end(), 0.0);
  for (double& w : weights_) w /= total;

  // Bandwidth of each component: the larger gap to its sorted neighbours (the bounds at
  // the ends), except that the outermost components use their inner gap.
  std::vector<size_t> order(mus_.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return mus_[a] < mus_[b]; });
  std::vector<double> sorted;
  sorted.push_back(low_);
  for (size_t i : order) sorted.push_back(mus_[i]);
  sorted.push_back(high_);
  const size_t m = mus_.size();
  std::vector<double> sorted_sigmas(m);
  for (size_t k = 0; k < m; ++k) {
    sorted_sigmas[k] = std::max(sorted[k + 1] - sorted[k], sorted[k + 2] - sorted[k + 1]);
  }
  if (sorted.size() >= 4) {
    sorted_sigmas[0] = sorted[2] - sorted[1];
    sorted_sigmas[m - 1] = sorted[m] - sorted[m - 1];
  }
  sigmas_.resize(m);
  for (size_t k = 0; k < m; ++k) sigmas_[order[k]] = sorted_sigmas[k];
  const double max_sigma = high_ - low_;
  const double min_sigma = (high_ - low_) / std::min(100.0, 1.0 + static_cast<double>(m));
  for (double& s : sigmas_) s = std::clamp(s, min_sigma, max_sigma);
  sigmas_[n] = high_ - low_;  // the prior's
}

double ParzenEstimator::Sample(Rng& rng) const {
  // Pick a component by weight, then draw from its normal truncated to [low, high] by
  // rejection: every mean lies inside the bounds, so at least ~1/3 of draws land.
  double u = rng.Uniform();
  size_t k = 0;
  for (; k + 1 < weights_.size() && u >= weights_[k]; ++k) u -= weights_[k];
  for (int attempt = 0; attempt < 1000; ++attempt) {
    const double x = mus_[k] + sigmas_[k] * rng.Normal();
    if (x >= low_ && x <= high_) return x;
  }
  return std::clamp(mus_[k], low_, high_);
}

double ParzenEstimator::LogPdf(double x) const {
  double max_term = kNegInf;
  std::vector<double> terms(mus_.size());
  for (size_t k = 0; k < mus_.size(); ++k) {
    const double mu = mus_[k], sigma = sigmas_[k];
    const double log_accept = LogGaussMass((low_ - mu) / sigma, (high_ - mu) / sigma);
    double log_p;
    if (step_) {
      const double lo = std::max(x - 0.5 * *step_, low_), hi = std::min(x + 0.5 * *step_, high_);
      log_p = lo < hi ? LogGaussMass((lo - mu) / sigma, (hi - mu) / sigma) - log_accept : kNegInf;
    } else {
      const double z = (x - mu) / sigma;
      log_p = -0.5 * z * z - std::log(sigma) - 0.5 * std::log(2.0 * M_PI) - log_accept;
    }
    terms[k] = log_p + std::log(weights_[k]);
    max_term = std::max(max_term, terms[k]);
  }
  if (max_term == kNegInf) return kNegInf;
  double sum = 0.0;
  for (double t : terms) sum += std::exp(t - max_term);
  return max_term + std::log(sum);
}

}  // namespace attrition::train
