// ModelBundle: one trained model version as a directory (see docs/model_format.md):
//
//   <dir>/attrition.model     XGBoost's JSON model (Python: xgboost.Booster().load_model)
//   <dir>/feature_plan.json   the FeaturePlan, in plan.py's layout
//   <dir>/metadata.json       threshold, metrics, hyperparameters and lineage
//
// Training may write more files beside these (trials.json, profiles, the report); the
// bundle neither needs nor touches them. Versioning and aliases of bundle directories
// are the registry's job.
//
// Thread safety: plain values; a loaded bundle may be read concurrently.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "attrition/model_feature_plan.h"
#include "attrition/model_tree_ensemble.h"
#include "attrition/status.h"

namespace attrition::model {

inline constexpr const char* kModelFile = "attrition.model";
inline constexpr const char* kFeaturePlanFile = "feature_plan.json";
inline constexpr const char* kMetadataFile = "metadata.json";

// Where a model came from (SPEC 8).
struct ModelLineage {
  std::string config_hash;       // hash of the training config
  std::string data_fingerprint;  // hash of the training rows
  std::string dataset;           // the table trained on ("PA_MODELING_DATASET")
  std::string start_month;       // training window, "YYYY-MM"
  std::string max_month;
  std::string as_of_month;
  std::map<std::string, std::string> library_versions;  // "xgboost" -> "1.7.4", ...
};

struct ConfusionMatrix {
  long long tn = 0, fp = 0, fn = 0, tp = 0;
};

struct ModelMetadata {
  std::string model_version;  // set by whoever writes the bundle (e.g. a hash of the model)
  std::string created_at;     // ISO 8601 UTC, "2024-05-01T13:00:00Z"
  double threshold = 0.5;     // PREDICTION = probability >= threshold
  // Prior correction of the odds for the training sampling (1 without sampling); see
  // peers/python_ref/score.py.
  double odds_correction = 1.0;
  int best_iteration = -1;
  std::map<std::string, double> metrics;          // "test_auc" -> 0.81, ...
  std::map<std::string, double> hyperparameters;  // "eta" -> 0.1, ...
  ConfusionMatrix test_confusion;
  ModelLineage lineage;
};

// metadata.json text and back. Unknown keys are ignored when reading; Corruption naming
// the field when a known one has the wrong type or threshold is outside [0, 1].
std::string MetadataToJson(const ModelMetadata& metadata);
Result<ModelMetadata> MetadataFromJson(std::string_view json);

struct ModelBundle {
  FeaturePlan plan;
  ModelMetadata metadata;
  std::string model_json;  // the attrition.model bytes

  // Writes the three files into `dir` (created when missing), each atomically.
  // IOError naming the path on failure.
  Status Save(const std::filesystem::path& dir) const;

  // Reads the three files of `dir`. NotFound naming a missing file; Corruption (with the
  // file name) for malformed content.
  static Result<ModelBundle> Load(const std::filesystem::path& dir);
};

// A bundle ready to score: the files plus the native evaluator built from the model,
// checked to agree with the plan's width.
struct LoadedModel {
  ModelBundle bundle;
  TreeEnsemble ensemble;
};

// ModelBundle::Load + TreeEnsemble::FromXgboostJson; Corruption when the model's
// feature count differs from the plan's.
Result<LoadedModel> LoadModel(const std::filesystem::path& dir);

}  // namespace attrition::model
