// Training a model version (SPEC 7): `attrition train` and `attrition demo` call
// TrainModel, which loads the labelled rows of train.dataset, encodes them through the
// feature plan, splits (last_n_months with an H-month gap, or randomized by customer),
// holds out validation customers, samples the fit rows, tunes XGBoost with TPE and early
// stopping, chooses the F1-maximising threshold on validation, evaluates on test, writes
// the version's files (docs/training.md lists them) and registers the version.
//
// Progress goes to the log: one line per step and per tuning trial.
//
// Thread safety: uses `warehouse` exclusively for the duration of the call; XGBoost
// uses `threads` cores.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "attrition/calendar.h"
#include "attrition/config.h"
#include "attrition/status.h"
#include "attrition/warehouse.h"

namespace attrition::train {

struct TrainOptions {
  uint64_t seed = 42;  // split, sampling, TPE and XGBoost
  int threads = 0;     // XGBoost threads; 0 = all cores
  // Register the version under config.artifacts.dir. When false, only `output_dir` is
  // written (REQUIRES: output_dir set).
  bool register_version = true;
  // Also leave the version's files here (a directory created when missing).
  std::optional<std::filesystem::path> output_dir;
  // Fit the best parameters once more after tuning, as train.py does. The result is the
  // best trial's model again (XGBoost is deterministic for a seed), so it is off.
  bool refit_best = false;
  size_t shap_rows = 500;  // test rows explained for the SHAP summary
};

struct TrainSummary {
  std::string version;                 // registry version id; "" when not registered
  std::filesystem::path version_dir;   // where the files are (registry or output_dir)
  std::filesystem::path report_path;   // <version_dir>/report.html
  double test_auc = 0;
  double test_f1 = 0;
  double threshold = 0;
  double valid_auc = 0;
  int64_t test_rows = 0;
  int num_trials = 0;
  // The strongest drivers by mean |SHAP| on test rows: feature, mean |SHAP|. At most
  // five, and only features the model uses (mean |SHAP| > 0).
  std::vector<std::pair<std::string, double>> top_drivers;
  int num_features = 0;     // model columns
  int unused_features = 0;  // of those, the ones no tree splits on (XGBoost gain 0)
  double seconds = 0;  // wall time of the whole run
};

// Runs SPEC 7 steps 1-7 with `config` (the caller has applied any overrides of
// train.start_month / max_month and checked them with config::CheckTrainingWindow).
// Errors name what is wrong: a missing dataset or column, immature labels
// (max_month + 6 > as-of), a split leaving a side empty, one class only, XGBoost's
// own errors, file-system and registry failures.
Result<TrainSummary> TrainModel(const config::Config& config, warehouse::Warehouse& warehouse,
                                const TrainOptions& options);

}  // namespace attrition::train
