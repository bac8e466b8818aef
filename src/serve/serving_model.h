// ServingModel: one loaded model version with everything a request needs precomputed
// (JSON-escaped feature names, the raw fields an instance may carry), so scoring a
// request does no per-request set-up.
//
// Thread safety: immutable once loaded, but for the tie breaker, which its mutex guards;
// shared by every I/O thread through ModelSlot.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "attrition/model_bundle.h"
#include "attrition/model_reason_ties.h"
#include "attrition/status.h"

namespace attrition::serve {

struct ServingModel {
  explicit ServingModel(model::LoadedModel loaded)
      : model(std::move(loaded)), ties(model.bundle.model_json) {}

  std::string version;  // registry version id, or the directory name in directory mode
  std::filesystem::path dir;
  std::string loaded_at;  // ISO 8601 UTC
  model::LoadedModel model;

  // feature_names() of the plan as JSON string literals (quotes included).
  std::vector<std::string> json_feature_names;
  // The raw columns the plan reads (an instance must carry each), sorted.
  std::vector<std::string> input_columns;
  // Other names the training config knows (identifiers, the target, encoded feature
  // names): accepted in an instance and ignored. Sorted.
  std::vector<std::string> ignored_fields;

  // Settles an instance's reasons that sit on a near-tie with XGBoost's contributions
  // (as batch scoring does, so both give the same reasons); about one row in a thousand.
  mutable std::mutex ties_mutex;
  mutable model::ReasonTieBreaker ties;

  size_t num_features() const { return model.ensemble.num_features(); }
  bool IsInputColumn(std::string_view name) const;
  bool IsIgnoredField(std::string_view name) const;
};

// model::LoadModel(dir) plus the precomputation. Errors name the directory.
Result<std::shared_ptr<const ServingModel>> LoadServingModel(const std::filesystem::path& dir,
                                                             std::string version);

// "\"text\"" with JSON escapes.
std::string JsonQuote(std::string_view text);

}  // namespace attrition::serve
