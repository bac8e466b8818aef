#include <fmt/format.h>

#include <array>
#include <cmath>
#include <optional>

#include "attrition/model_xgboost_train.h"

namespace attrition::model {

bool EarlyStopping::Update(int iteration, double score) {
  bool improved = best_iteration_ < 0 || (maximize_ ? score > best_score_ : score < best_score_);
  if (improved) {
    best_iteration_ = iteration;
    best_score_ = score;
    stale_rounds_ = 0;
  } else {
    ++stale_rounds_;
  }
  return stale_rounds_ >= patience_;
}

bool EarlyStopping::Maximizes(std::string_view metric) {
  constexpr std::array<std::string_view, 5> kMaximized = {"auc", "aucpr", "map", "ndcg", "pre"};
  std::string_view base = metric.substr(0, metric.find('@'));
  for (std::string_view name : kMaximized) {
    if (base == name) return true;
  }
  return false;
}

namespace {

// Evaluates `valid` after `iteration`; the last entry is the watched metric.
Result<EvalEntry> Evaluate(XgbBooster& booster, int iteration, const XgbDMatrix& valid) {
  std::array<NamedDMatrix, 1> sets = {NamedDMatrix{"valid", &valid}};
  ATTRITION_ASSIGN_OR_RETURN(std::vector<EvalEntry> entries, booster.EvalOneIter(iteration, sets));
  if (entries.empty()) return Status::Internal("XGBoost evaluated no metric on the validation set");
  return entries.back();
}

}  // namespace

Result<BoostResult> Boost(const BoostOptions& options, const XgbDMatrix& train,
                          const XgbDMatrix* valid) {
  if (options.num_boost_round < 1) {
    return Status::InvalidArgument(
        fmt::format("num_boost_round must be at least 1, got {}", options.num_boost_round));
  }
  std::vector<const XgbDMatrix*> cache = {&train};
  if (valid != nullptr) cache.push_back(valid);
  ATTRITION_ASSIGN_OR_RETURN(XgbBooster booster, XgbBooster::Create(cache));
  ATTRITION_RETURN_IF_ERROR(booster.SetParams(options.params));
  BoostResult result{std::move(booster), -1, std::nan(""), {}, {}};
  std::optional<EarlyStopping> stopping;
  for (int iteration = 0; iteration < options.num_boost_round; ++iteration) {
    ATTRITION_RETURN_IF_ERROR(result.booster.UpdateOneIter(iteration, train));
    if (valid == nullptr) continue;
    ATTRITION_ASSIGN_OR_RETURN(EvalEntry entry, Evaluate(result.booster, iteration, *valid));
    if (!stopping) {
      result.metric = entry.metric;
      int patience = options.early_stopping_rounds > 0 ? options.early_stopping_rounds
                                                       : options.num_boost_round + 1;
      stopping.emplace(patience, EarlyStopping::Maximizes(entry.metric));
    }
    result.history.push_back(entry.value);
    if (options.on_round) options.on_round(iteration, entry.value);
    if (stopping->Update(iteration, entry.value)) break;
  }
  if (!stopping) return result;
  result.best_iteration = stopping->best_iteration();
  result.best_score = stopping->best_score();
  ATTRITION_ASSIGN_OR_RETURN(int rounds, result.booster.BoostedRounds());
  if (options.early_stopping_rounds > 0 && result.best_iteration + 1 < rounds) {
    ATTRITION_ASSIGN_OR_RETURN(result.booster, result.booster.Slice(0, result.best_iteration + 1));
  }
  return result;
}

}  // namespace attrition::model
