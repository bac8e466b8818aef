// One XGBoost fit with early stopping on the validation set, as train.py's
// xgboost.train(..., evals=[(valid, "valid")], early_stopping_rounds=50) behaves, but
// with the validation metric computed here from XGBoost's cached validation
// predictions: the AUC with a radix sort (XGBoost sorts indices with a comparison sort
// every round), so a round costs little more than growing its tree.
//
// Early stopping follows xgboost.callback.EarlyStopping on the value Python sees: the
// metric rounded to 6 significant digits (XGBoost prints evaluation lines that way);
// only a strict improvement resets the patience. The booster keeps every round; the
// best one is reported with the validation predictions of that round.
//
// Thread safety: one call uses its matrices exclusively; XGBoost's threads come from the
// "nthread" parameter.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "attrition/model_xgboost.h"
#include "attrition/status.h"

namespace attrition::train {

enum class StoppingMetric { kAuc, kLogLoss };

struct BoosterFitOptions {
  std::vector<std::pair<std::string, std::string>> params;  // XGBoost parameters
  int num_boost_round = 1000;
  int early_stopping_rounds = 50;
  StoppingMetric metric = StoppingMetric::kAuc;
  // Called after every round with the round number (from 0); may be empty.
  std::function<void(int)> on_round;
};

struct BoosterFit {
  model::XgbBooster booster;          // every round trained (not cut)
  int best_iteration = 0;             // 0-based
  int rounds = 0;                     // rounds trained
  std::vector<float> valid_scores;    // probabilities on `valid` at best_iteration
  std::vector<double> history;        // the stopping metric per round (rounded)
};

// Trains on `fit`, watching `valid` (labels `valid_labels`). XGBoost's errors (a bad
// parameter) come back as its Status.
Result<BoosterFit> FitWithEarlyStopping(const BoosterFitOptions& options,
                                        const model::XgbDMatrix& fit,
                                        const model::XgbDMatrix& valid,
                                        std::span<const float> valid_labels);

// `value` rounded to 6 significant digits, as XGBoost's evaluation text carries it.
double RoundAsXgboostPrints(double value);

}  // namespace attrition::train
