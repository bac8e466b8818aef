// Boosting with early stopping over XgbBooster, as Python's xgboost.train(...,
// evals=[(valid, "valid")], early_stopping_rounds=n) does, with the result cut at the
// best iteration.
//
// Thread safety: Boost uses its matrices and creates its own booster; distinct calls may
// run concurrently (XGBoost's own threads come from the "nthread" parameter).
#pragma once

#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "attrition/model_xgboost.h"
#include "attrition/status.h"

namespace attrition::model {

// The bookkeeping of early stopping: the best score so far and how long ago it was.
// Matches xgboost.callback.EarlyStopping: only a strict improvement resets the count.
class EarlyStopping {
 public:
  // patience >= 1.
  EarlyStopping(int patience, bool maximize) : patience_(patience), maximize_(maximize) {}

  // Records `score` for `iteration`; true when `patience` rounds in a row brought no
  // improvement and training should stop.
  bool Update(int iteration, double score);

  int best_iteration() const { return best_iteration_; }  // -1 before any Update
  double best_score() const { return best_score_; }

  // Whether a larger value of XGBoost metric `metric` is better (auc, aucpr, map, ndcg,
  // pre, with or without "@...").
  static bool Maximizes(std::string_view metric);

 private:
  int patience_;
  bool maximize_;
  int best_iteration_ = -1;
  double best_score_ = std::numeric_limits<double>::quiet_NaN();
  int stale_rounds_ = 0;
};

struct BoostOptions {
  // XGBoost parameters in the order they are set ("objective", "eta", "eval_metric"...).
  std::vector<std::pair<std::string, std::string>> params;
  int num_boost_round = 1000;
  // 0: train every round. Otherwise stop after this many rounds without improvement of
  // the last metric on the validation set.
  int early_stopping_rounds = 50;
  // Called after each evaluated round with (iteration, watched score); may be empty.
  std::function<void(int, double)> on_round;
};

struct BoostResult {
  XgbBooster booster;  // cut to rounds [0, best_iteration] when validating
  int best_iteration = -1;
  double best_score = std::numeric_limits<double>::quiet_NaN();
  std::string metric;           // the watched metric ("auc"); empty without validation
  std::vector<double> history;  // the watched metric, one value per round
};

// Trains on `train`; evaluates on `valid` (may be nullptr: no early stopping) after each
// round. Errors are XGBoost's (bad parameters), or InvalidArgument when
// num_boost_round < 1.
Result<BoostResult> Boost(const BoostOptions& options, const XgbDMatrix& train,
                          const XgbDMatrix* valid);

}  // namespace attrition::model
