// Writing a trained version's directory and registering it (SPEC 7 step 7, SPEC 8):
// the model bundle (attrition.model, feature_plan.json, metadata.json) plus
// metrics.json, trials.json, profile.json, baseline.json and report.html.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "attrition/model_bundle.h"
#include "attrition/registry.h"
#include "attrition/status.h"
#include "train/training_run.h"

namespace attrition::train {

struct VersionFiles {
  const model::ModelBundle* bundle = nullptr;
  nlohmann::ordered_json profile;   // {} when train.profiling is off
  nlohmann::ordered_json baseline;
};

// Writes every file into `dir` (created when missing). IOError naming the path.
Status WriteVersionFiles(const std::filesystem::path& dir, const TrainingRun& run,
                         const VersionFiles& files);

// Registers `dir` as version run.version with test AUC as the promotion metric. The
// lineage's test window is the last run.train.split.months months up to max_month for
// last_n_months and empty for randomized (no test months); its run_id is run.run_id.
Result<registry::ModelVersion> RegisterVersion(const registry::Registry& registry,
                                               const std::filesystem::path& dir,
                                               const TrainingRun& run,
                                               const model::ModelLineage& lineage,
                                               const std::string& environment);

}  // namespace attrition::train
