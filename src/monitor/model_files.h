// What monitoring reads from a model version directory: the threshold and odds correction
// (metadata.json), the plan's dummy columns and model features (feature_plan.json), and
// the training baseline and profile (baseline.json, profile.json). Internal.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "attrition/status.h"

namespace attrition::monitoring::internal {

struct ModelFiles {
  double threshold = 0.5;
  double odds_correction = 1.0;               // multiplies the odds; 1 without sampling
  std::vector<std::string> dummy_cols;        // raw segment columns, e.g. IS_PAYOR_TYPE
  std::vector<std::string> model_features;    // model columns in model order
  std::string target;                         // the label column; "" when the plan has none
  std::optional<std::string> positive_class;  // the target text meaning 1
  nlohmann::json baseline;                    // {} when the version has none
  nlohmann::json profile;                     // {} when the version has none
};

// Reads the files above from `dir`. feature_plan.json is required (NotFound / Corruption
// naming the file); metadata.json, baseline.json and profile.json are optional.
Result<ModelFiles> ReadModelFiles(const std::filesystem::path& dir);

// The probability on the population's scale: odds multiplied by `odds_correction`.
inline double CorrectProbability(double p, double odds_correction) {
  return p * odds_correction / (p * odds_correction + (1.0 - p));
}

}  // namespace attrition::monitoring::internal
