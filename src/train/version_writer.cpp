#include "train/version_writer.h"

#include <cmath>

#include "train/training_report.h"
#include "train/version_files.h"

namespace attrition::train {

Status WriteVersionFiles(const std::filesystem::path& dir, const TrainingRun& run,
                         const VersionFiles& files) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return Status::IOError("cannot create " + dir.string() + ": " + error.message());
  ATTRITION_RETURN_IF_ERROR(files.bundle->Save(dir));
  ATTRITION_RETURN_IF_ERROR(WriteFile(dir / "metrics.json", MetricsJson(run).dump(1)));
  ATTRITION_RETURN_IF_ERROR(WriteFile(dir / "trials.json", TrialsJson(run).dump(1)));
  ATTRITION_RETURN_IF_ERROR(WriteFile(dir / "profile.json", files.profile.dump(1)));
  ATTRITION_RETURN_IF_ERROR(WriteFile(dir / "baseline.json", files.baseline.dump(1)));
  return WriteFile(dir / "report.html", RenderTrainingReport(run));
}

Result<registry::ModelVersion> RegisterVersion(const registry::Registry& registry,
                                               const std::filesystem::path& dir,
                                               const TrainingRun& run,
                                               const model::ModelLineage& lineage,
                                               const std::string& environment) {
  registry::RegisterRequest request;
  request.source_dir = dir;
  request.version = run.version;
  request.primary_metric = "test_auc";
  auto put = [&](const char* name, double value) {
    if (std::isfinite(value)) request.metrics[name] = value;
  };
  put("test_auc", run.test_set.auc);
  put("test_f1", run.test_set.confusion.F1());
  put("test_precision", run.test_set.confusion.Precision());
  put("test_recall", run.test_set.confusion.Recall());
  put("test_logloss", run.test_set.logloss);
  put("valid_auc", run.valid_set.auc);
  put("train_auc", run.train_set.auc);
  put("threshold", run.threshold.threshold);
  registry::Lineage& l = request.lineage;
  l.config_hash = lineage.config_hash;
  l.data_fingerprint = lineage.data_fingerprint;
  l.dataset = lineage.dataset;
  l.window.start_month = lineage.start_month;
  l.window.end_month = lineage.max_month;
  if (run.train.split.mode == config::SplitMode::kLastNMonths && !lineage.max_month.empty()) {
    l.window.test_start_month =
        FormatMonth(run.train.max_month - run.train.split.months + 1);
    l.window.test_end_month = lineage.max_month;
  }
  l.training_rows = run.fit_rows;
  l.test_rows = run.test_set.rows;
  l.library_versions = lineage.library_versions;
  l.run_id = run.run_id;
  l.environment = environment;
  return registry.Register(request);
}

}  // namespace attrition::train
