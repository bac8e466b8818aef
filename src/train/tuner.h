// Hyper-parameter tuning (SPEC 7 step 5): `num_tuning_rounds` TPE trials over the
// configured ranges, each an XGBoost fit with early stopping on the validation set,
// scored by the configured metric on validation probabilities (AUC; or F1 at the best
// threshold; or accuracy at 0.5, both watching logloss for early stopping, as train.py).
//
// The search space is train.py's: eta on a log scale over 10^eta_min .. 1, max_depth an
// integer, subsample, gamma, min_child_weight and reg_alpha uniform over their ranges.
//
// The best trial's booster is kept, cut at its best iteration. train.py refits the best
// parameters once more; with the same data, parameters and seed XGBoost grows the same
// trees (tests/train check this), so that refit is skipped unless asked for.
//
// Thread safety: one call at a time per set of matrices.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "attrition/config.h"
#include "attrition/model_xgboost.h"
#include "attrition/status.h"

namespace attrition::train {

struct TrialRecord {
  int number = 0;  // from 0
  std::vector<std::pair<std::string, double>> params;  // eta, max_depth, ...
  double value = 0;       // the objective on validation
  int best_iteration = 0;
  int rounds = 0;         // rounds trained before stopping
  double seconds = 0;
};

struct TuneOptions {
  config::Hyperparameters hyperparameters;
  uint64_t seed = 42;
  int threads = 0;  // XGBoost nthread; 0 = all cores
  int num_boost_round = 1000;
  int early_stopping_rounds = 50;
  bool refit_best = false;  // fit the best parameters again (train.py's way)
  bool log_trials = true;   // one log line per trial
};

struct TuneResult {
  std::vector<TrialRecord> trials;
  size_t best_trial = 0;
  model::XgbBooster booster;         // the best trial's model, cut at its best iteration
  std::vector<float> valid_scores;   // its probabilities on the validation set
  std::vector<std::pair<std::string, std::string>> xgboost_params;  // as set on it
};

// Runs the trials. Errors are XGBoost's (e.g. a parameter it rejects).
Result<TuneResult> Tune(const TuneOptions& options, const model::XgbDMatrix& fit,
                        const model::XgbDMatrix& valid, std::span<const float> valid_labels);

// The XGBoost parameters of one trial: the fixed ones (binary:logistic, hist, seed,
// nthread, eval_metric) then the tuned ones.
std::vector<std::pair<std::string, std::string>> XgboostParams(
    const TuneOptions& options, const std::vector<std::pair<std::string, double>>& tuned);

// The objective of a trial: the configured metric on validation probabilities.
double TrialObjective(config::Metric metric, std::span<const float> scores,
                      std::span<const float> labels);

}  // namespace attrition::train
