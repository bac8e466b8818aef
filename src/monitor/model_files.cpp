#include "monitor/model_files.h"

#include <fstream>
#include <sstream>

namespace attrition::monitoring::internal {
namespace {

// The parsed file, `null` when it does not exist.
Result<nlohmann::json> ReadJson(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return nlohmann::json();
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot read " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json json = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return Status::Corruption(path.string() + ": not valid JSON");
  return json;
}

template <typename T>
T ValueOr(const nlohmann::json& object, const char* key, T fallback) {
  if (!object.is_object() || !object.contains(key) || object[key].is_null()) return fallback;
  try {
    return object[key].get<T>();
  } catch (const nlohmann::json::exception&) {
    return fallback;
  }
}

}  // namespace

Result<ModelFiles> ReadModelFiles(const std::filesystem::path& dir) {
  ModelFiles files;
  ATTRITION_ASSIGN_OR_RETURN(nlohmann::json plan, ReadJson(dir / "feature_plan.json"));
  if (plan.is_null()) {
    return Status::NotFound((dir / "feature_plan.json").string() +
                            " does not exist: expected a model version directory");
  }
  files.dummy_cols = ValueOr(plan, "dummy_cols", std::vector<std::string>{});
  files.model_features = ValueOr(plan, "model_features", std::vector<std::string>{});
  if (files.model_features.empty()) {
    return Status::Corruption((dir / "feature_plan.json").string() +
                              ": model_features is missing or empty");
  }
  files.target = ValueOr(plan, "target", std::string());
  if (plan.contains("positive_class") && plan["positive_class"].is_string()) {
    files.positive_class = plan["positive_class"].get<std::string>();
  }
  ATTRITION_ASSIGN_OR_RETURN(nlohmann::json metadata, ReadJson(dir / "metadata.json"));
  files.threshold = ValueOr(metadata, "threshold", 0.5);
  files.odds_correction = ValueOr(metadata, "odds_correction", 1.0);
  if (!(files.odds_correction > 0)) files.odds_correction = 1.0;
  ATTRITION_ASSIGN_OR_RETURN(files.baseline, ReadJson(dir / "baseline.json"));
  ATTRITION_ASSIGN_OR_RETURN(files.profile, ReadJson(dir / "profile.json"));
  return files;
}

}  // namespace attrition::monitoring::internal
