// ReasonTieBreaker: exact reasons on near-ties. TreeEnsemble's SHAP contributions agree
// with XGBoost's pred_contribs to float rounding; where two of a row's leading
// contributions (or one and zero) are closer than that rounding (ReasonsNearTie), the
// row takes XGBoost's own contributions, so its reasons equal XGBoost's (the seed's,
// score.py's) on every row. Batch scoring and the endpoint's instances both use it; about
// one row in a thousand takes this path.
//
// Thread safety: one caller at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "attrition/model_dense_matrix.h"
#include "attrition/model_xgboost.h"
#include "attrition/status.h"

namespace attrition::model {

class ReasonTieBreaker {
 public:
  // `model_json` (attrition.model's bytes, ModelBundle::model_json) must outlive the
  // breaker; it is loaded into XGBoost at the first tie.
  explicit ReasonTieBreaker(std::string_view model_json) : model_json_(model_json) {}

  // `contributions` holds the rows of `x`'s contributions (features + bias). Replaces the
  // rows on a near-tie by XGBoost's.
  Status Resolve(const DenseMatrix& x, DenseMatrix& contributions);

  int64_t rows_resolved() const { return rows_resolved_; }

 private:
  std::string_view model_json_;
  std::optional<XgbBooster> booster_;
  int64_t rows_resolved_ = 0;
};

}  // namespace attrition::model
