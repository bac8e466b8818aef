// Two XGBoost C-API calls the model wrapper (attrition/model_xgboost.h) does not cover,
// made on its handles: naming a booster's features, and its feature importance.
// Errors carry XGBoost's own text. Thread safety: as the booster's.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "attrition/model_xgboost.h"
#include "attrition/status.h"

namespace attrition::train {

// Stores the model's feature names (written to attrition.model as learner.feature_names,
// as Python's Booster does), so importance and dumps use them.
Status SetFeatureNames(model::XgbBooster& booster, const std::vector<std::string>& names);

// XGBoosterFeatureScore for one importance type ("gain", "total_gain", "weight", ...):
// feature name -> score, for the features the trees split on.
Result<std::map<std::string, double>> FeatureImportance(const model::XgbBooster& booster,
                                                        const std::string& type);

}  // namespace attrition::train
