#include "train/booster_fit.h"

#include <cstdio>
#include <cstdlib>

#include "attrition/model_xgboost_train.h"
#include "train/metrics.h"
#include "train/ranked_scores.h"

namespace attrition::train {

double RoundAsXgboostPrints(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.6g", value);
  return std::strtod(text, nullptr);
}

Result<BoosterFit> FitWithEarlyStopping(const BoosterFitOptions& options,
                                        const model::XgbDMatrix& fit,
                                        const model::XgbDMatrix& valid,
                                        std::span<const float> valid_labels) {
  const model::XgbDMatrix* cache[] = {&fit, &valid};
  ATTRITION_ASSIGN_OR_RETURN(model::XgbBooster booster, model::XgbBooster::Create(cache));
  ATTRITION_RETURN_IF_ERROR(booster.SetParams(options.params));
  const bool maximize = options.metric == StoppingMetric::kAuc;
  model::EarlyStopping stopping(options.early_stopping_rounds, maximize);
  AucEvaluator auc(valid_labels);
  BoosterFit out{.booster = std::move(booster)};
  for (int round = 0; round < options.num_boost_round; ++round) {
    ATTRITION_RETURN_IF_ERROR(out.booster.UpdateOneIter(round, fit));
    // XGBoost keeps a prediction cache per matrix: this adds only the new tree.
    ATTRITION_ASSIGN_OR_RETURN(std::vector<float> scores, out.booster.Predict(valid));
    const double value = RoundAsXgboostPrints(
        maximize ? auc.Evaluate(scores) : LogLoss(scores, valid_labels));
    out.history.push_back(value);
    out.rounds = round + 1;
    const bool stop = stopping.Update(round, value);
    if (stopping.best_iteration() == round) out.valid_scores = std::move(scores);
    if (options.on_round) options.on_round(round);
    if (stop) break;
  }
  out.best_iteration = stopping.best_iteration();
  return out;
}

}  // namespace attrition::train
