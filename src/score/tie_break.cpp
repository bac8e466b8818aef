#include "score/tie_break.h"

#include <algorithm>
#include <vector>

#include "attrition/model_reasons.h"

namespace attrition::score {

Status ReasonTieBreaker::Resolve(const model::DenseMatrix& x, model::DenseMatrix& contributions) {
  const size_t features = x.cols();
  std::vector<size_t> ties;
  for (size_t r = 0; r < x.rows(); ++r) {
    if (model::ReasonsNearTie(contributions.Row(r).first(features), 3)) ties.push_back(r);
  }
  if (ties.empty()) return Status::OK();
  if (!booster_) {
    ATTRITION_ASSIGN_OR_RETURN(model::XgbBooster booster,
                               model::XgbBooster::LoadFromBuffer(bundle_.model_json));
    booster_.emplace(std::move(booster));
  }
  model::DenseMatrix subset(ties.size(), features);
  for (size_t i = 0; i < ties.size(); ++i) {
    std::copy_n(x.Row(ties[i]).data(), features, subset.Row(i).data());
  }
  ATTRITION_ASSIGN_OR_RETURN(model::XgbDMatrix data, model::XgbDMatrix::FromDense(subset));
  ATTRITION_ASSIGN_OR_RETURN(model::DenseMatrix exact, booster_->Contributions(data));
  if (exact.rows() != ties.size() || exact.cols() != contributions.cols()) {
    return Status::Internal("XGBoost's contributions came back with another shape");
  }
  for (size_t i = 0; i < ties.size(); ++i) {
    std::copy_n(exact.Row(i).data(), exact.cols(), contributions.Row(ties[i]).data());
  }
  rows_resolved_ += static_cast<int64_t>(ties.size());
  return Status::OK();
}

}  // namespace attrition::score
