// ParzenEstimator: the one-dimensional truncated-Gaussian mixture behind TpeSampler,
// built as optuna 3.1's _ParzenEstimator does for one parameter (univariate, with the
// prior, magic clip, no endpoints). Internal to src/train. Immutable after construction.
#pragma once

#include <optional>
#include <vector>

#include "train/random.h"

namespace attrition::train {

class ParzenEstimator {
 public:
  // `observations` in the internal space (already log-transformed for log parameters),
  // in trial order, with `weights` (> 0) of the same length. [low, high] bounds the
  // mixture; `step` is set for integer parameters (1), whose bounds are then widened by
  // half a step and whose log-density is the mass of the step around a value.
  ParzenEstimator(const std::vector<double>& observations, const std::vector<double>& weights,
                  double low, double high, std::optional<double> step, double prior_weight);

  // One draw in the internal space (not rounded).
  double Sample(Rng& rng) const;
  // Log-density (or log-mass, for a step) at `x`, in the internal space.
  double LogPdf(double x) const;

 private:
  std::vector<double> mus_;
  std::vector<double> sigmas_;
  std::vector<double> weights_;  // normalised
  double low_;
  double high_;
  std::optional<double> step_;
};

// Default optuna weights of n observations in trial order: 1 each below 25, else a ramp
// from 1/n up to 1 for all but the newest 25, which weigh 1.
std::vector<double> DefaultTpeWeights(size_t n);

}  // namespace attrition::train
