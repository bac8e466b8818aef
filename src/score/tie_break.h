// ReasonTieBreaker: exact reasons on near-ties. TreeEnsemble's SHAP contributions agree
// with XGBoost's pred_contribs to float rounding; where two of a row's leading
// contributions (or one and zero) are closer than that rounding
// (model::ReasonsNearTie), the order of its reasons is decided by XGBoost's own
// contributions for that row, so REASON_1..3 equal XGBoost's (the seed's, score.py's) on
// every row. A few rows in a million take this path.
//
// Thread safety: one caller at a time.
#pragma once

#include <cstdint>
#include <optional>

#include "attrition/model_bundle.h"
#include "attrition/model_dense_matrix.h"
#include "attrition/model_xgboost.h"
#include "attrition/status.h"

namespace attrition::score {

class ReasonTieBreaker {
 public:
  // `bundle` must outlive the breaker; its model is loaded into XGBoost at the first tie.
  explicit ReasonTieBreaker(const model::ModelBundle& bundle) : bundle_(bundle) {}

  // `contributions` holds the rows of `x`'s contributions (features + bias). Replaces the
  // rows on a near-tie by XGBoost's.
  Status Resolve(const model::DenseMatrix& x, model::DenseMatrix& contributions);

  int64_t rows_resolved() const { return rows_resolved_; }

 private:
  const model::ModelBundle& bundle_;
  std::optional<model::XgbBooster> booster_;
  int64_t rows_resolved_ = 0;
};

}  // namespace attrition::score
