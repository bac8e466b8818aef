// The JSON files a training run writes beside the model bundle (docs/training.md):
// metrics.json (train.py's keys plus per-set detail and timings) and trials.json.
// Pure functions; thread-safe.
#pragma once

#include <filesystem>
#include <string_view>

#include <nlohmann/json.hpp>

#include "attrition/status.h"
#include "train/training_run.h"

namespace attrition::train {

nlohmann::ordered_json MetricsJson(const TrainingRun& run);
nlohmann::ordered_json TrialsJson(const TrainingRun& run);

// The effective training settings (what config_hash covers).
nlohmann::ordered_json TrainConfigJson(const config::TrainConfig& train);

// Writes `text` to `path` (replacing it). IOError naming the path on failure.
Status WriteFile(const std::filesystem::path& path, std::string_view text);

}  // namespace attrition::train
