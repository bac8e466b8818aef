#include "attrition/model_reason_ties.h"

#include <algorithm>
#include <vector>

#include "attrition/model_reasons.h"

namespace attrition::model {

Status ReasonTieBreaker::Resolve(const DenseMatrix& x, DenseMatrix& contributions) {
  const size_t features = x.cols();
  std::vector<size_t> ties;
  for (size_t r = 0; r < x.rows(); ++r) {
    if (ReasonsNearTie(contributions.Row(r).first(features), 3)) ties.push_back(r);
  }
  if (ties.empty()) return Status::OK();
  if (!booster_) {
    ATTRITION_ASSIGN_OR_RETURN(XgbBooster booster,
                               XgbBooster::LoadFromBuffer(model_json_));
    booster_.emplace(std::move(booster));
  }
  DenseMatrix subset(ties.size(), features);
  for (size_t i = 0; i < ties.size(); ++i) {
    std::copy_n(x.Row(ties[i]).data(), features, subset.Row(i).data());
  }
  ATTRITION_ASSIGN_OR_RETURN(XgbDMatrix data, XgbDMatrix::FromDense(subset));
  ATTRITION_ASSIGN_OR_RETURN(DenseMatrix exact, booster_->Contributions(data));
  if (exact.rows() != ties.size() || exact.cols() != contributions.cols()) {
    return Status::Internal("XGBoost's contributions came back with another shape");
  }
  for (size_t i = 0; i < ties.size(); ++i) {
    std::copy_n(exact.Row(i).data(), exact.cols(), contributions.Row(ties[i]).data());
  }
  rows_resolved_ += static_cast<int64_t>(ties.size());
  return Status::OK();
}

}  // namespace attrition::model
