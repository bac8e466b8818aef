// Evaluating and explaining the fitted model (SPEC 7 steps 6-7): per-set metrics at the
// stored threshold, the features' gain in XGBoost, and SHAP values of a sample of test
// rows from the native evaluator (the one batch scoring and the endpoint use).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "attrition/model_dense_matrix.h"
#include "attrition/model_tree_ensemble.h"
#include "attrition/model_xgboost.h"
#include "attrition/status.h"
#include "train/training_run.h"

namespace attrition::train {

// AUC, logloss, confusion at `threshold`, the ROC / precision-recall curve and deciles
// of `scores` against `labels`. Thread-safe.
SetEvaluation EvaluateSet(std::string name, std::span<const float> scores,
                          std::span<const float> labels, double threshold);

// Every feature with its XGBoost gain and total gain (0 for features never split on),
// in `names` order. XGBoost's errors as its Status.
Result<std::vector<FeatureDriver>> FeatureGains(const model::XgbBooster& booster,
                                                const std::vector<std::string>& names);

struct ShapOptions {
  size_t top_features = 12;  // rows of the summary chart
  size_t chart_rows = 1000;  // dots per feature in the chart (the first rows of `sample`)
};

// p with its odds multiplied by `odds_correction` (the prior correction for sampling).
float CorrectOdds(float p, double odds_correction);

// SHAP contributions of every row of `sample` (rows of the test set): sets each
// driver's mean |SHAP| and returns the summary chart's data for the top features (the
// first options.chart_rows rows).
// Reorders `drivers` by mean |SHAP|, largest first (ties by gain).
// REQUIRES: drivers in model-column order, sample.cols() == drivers.size().
ShapSample ExplainSample(const model::TreeEnsemble& ensemble, const model::DenseMatrix& sample,
                         std::vector<FeatureDriver>& drivers, const ShapOptions& options = {});

}  // namespace attrition::train
