// TpeSampler: the Bayesian optimiser that tunes XGBoost (SPEC 7 step 5), a
// Tree-structured Parzen Estimator as optuna's default TPESampler (univariate) builds it:
//
//  * the first `startup_trials` trials are random. Unlike optuna they are stratified (a
//    Latin hypercube over the startup trials, or over the whole budget when it is
//    smaller), so a budget of 3 still tries a low, a middle and a high learning rate;
//  * afterwards the finished trials are split into the best gamma(n) = min(ceil(n/10),
//    25) ("below") and the rest ("above"); for each parameter a Parzen estimator (a
//    truncated-Gaussian mixture with one component per trial plus a prior spanning the
//    range, bandwidths from neighbour distances with optuna's "magic clip") is fitted to
//    each group; `ei_candidates` values are drawn from l(x) (below) and the one with the
//    largest log l(x) - log g(x) is chosen (the expected-improvement criterion).
//    Older trials are down-weighted once there are more than 25, as optuna does.
//
// Parameters are searched on a linear, logarithmic or integer scale. The sampler
// maximises; a failed trial is told with NaN and is ignored. Deterministic for a seed.
// Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "train/random.h"

namespace attrition::train {

enum class ParamScale { kLinear, kLog, kInteger };

struct ParamRange {
  std::string name;
  double low = 0;   // inclusive; > 0 for kLog
  double high = 0;  // inclusive; low == high fixes the parameter
  ParamScale scale = ParamScale::kLinear;
};

struct TpeOptions {
  uint64_t seed = 42;
  int startup_trials = 10;  // optuna's n_startup_trials
  int ei_candidates = 24;   // optuna's n_ei_candidates
  double prior_weight = 1.0;
  // The planned number of trials, when known: startup strata are spread over
  // min(startup_trials, planned_trials). 0 = startup_trials.
  int planned_trials = 0;
};

class TpeSampler {
 public:
  // REQUIRES: every range has low <= high (and low > 0 on a log scale).
  TpeSampler(std::vector<ParamRange> space, TpeOptions options);

  // The values of the next trial, one per parameter in space order. Integer parameters
  // hold whole numbers.
  std::vector<double> Suggest();

  // Records a finished trial: `params` as Suggest() returned them and the objective value
  // (higher is better; NaN = failed, ignored).
  void Tell(const std::vector<double>& params, double value);

  const std::vector<ParamRange>& space() const { return space_; }

 private:
  struct Observation {
    std::vector<double> params;
    double value;
  };

  std::vector<double> SuggestStartup();
  double SuggestOne(size_t param, const std::vector<size_t>& below,
                    const std::vector<size_t>& above);

  std::vector<ParamRange> space_;
  TpeOptions options_;
  Rng rng_;
  std::vector<Observation> observations_;  // finished, valid trials in order
  std::vector<std::vector<int>> strata_;   // per parameter: shuffled stratum of each startup trial
  int startup_suggested_ = 0;
};

}  // namespace attrition::train
