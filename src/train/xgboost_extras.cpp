#include "train/xgboost_extras.h"

#include <xgboost/c_api.h>

#include <fmt/format.h>

namespace attrition::train {

Status SetFeatureNames(model::XgbBooster& booster, const std::vector<std::string>& names) {
  std::vector<const char*> pointers;
  for (const std::string& name : names) pointers.push_back(name.c_str());
  if (XGBoosterSetStrFeatureInfo(booster.handle(), "feature_name", pointers.data(),
                                 pointers.size()) != 0) {
    return Status::Internal(
        fmt::format("xgboost XGBoosterSetStrFeatureInfo: {}", XGBGetLastError()));
  }
  return Status::OK();
}

Result<std::map<std::string, double>> FeatureImportance(const model::XgbBooster& booster,
                                                        const std::string& type) {
  const std::string config = fmt::format(R"({{"importance_type": "{}"}})", type);
  bst_ulong n_features = 0, dims = 0;
  const char** features = nullptr;
  const bst_ulong* shape = nullptr;
  const float* scores = nullptr;
  if (XGBoosterFeatureScore(booster.handle(), config.c_str(), &n_features, &features, &dims,
                            &shape, &scores) != 0) {
    return Status::Internal(fmt::format("xgboost XGBoosterFeatureScore: {}", XGBGetLastError()));
  }
  std::map<std::string, double> out;
  for (bst_ulong i = 0; i < n_features; ++i) out[features[i]] = scores[i];
  return out;
}

}  // namespace attrition::train
