// TrainModel (include/attrition/train.h): the steps of SPEC 7 in order, each timed and
// logged. Every step's details live in its own file; this one only connects them.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <random>
#include <unistd.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "attrition/model_bundle.h"
#include "attrition/model_feature_plan.h"
#include "attrition/model_tree_ensemble.h"
#include "attrition/model_xgboost.h"
#include "attrition/phase_timer.h"
#include "attrition/registry.h"
#include "attrition/train.h"
#include "registry/sha256.h"
#include "train/evaluation.h"
#include "attrition/labelled_rows.h"
#include "train/population_stats.h"
#include "train/random.h"
#include "train/sampling.h"
#include "train/split.h"
#include "train/threshold.h"
#include "train/training_run.h"
#include "train/tuner.h"
#include "train/version_files.h"
#include "train/version_writer.h"
#include "train/xgboost_extras.h"

namespace attrition::train {
namespace {

using Clock = std::chrono::steady_clock;

// Seeds of the independent random streams, derived from the one --seed.
constexpr uint64_t kSplitStream = 0, kSampleStream = 1, kShapStream = 2;

// strftime of a UTC time, e.g. "%Y-%m-%dT%H:%M:%SZ".
std::string FormatUtc(std::time_t time, const char* format) {
  std::tm utc{};
  gmtime_r(&time, &utc);
  char text[32];
  std::strftime(text, sizeof text, format, &utc);
  return text;
}

// A training run's id: its UTC start and six random hex digits ("20261127T152747Z-3fa2c1"),
// the same shape as a features run's id.
std::string NewRunId() {
  std::random_device random;
  return FormatUtc(std::time(nullptr), "%Y%m%dT%H%M%SZ") + fmt::format("-{:06x}", random() & 0xffffff);
}

model::FeaturePlanSpec PlanSpec(const config::TrainConfig& t) {
  return {.dummy_cols = t.dummy_cols,
          .rename_cols = t.rename_cols,
          .features = t.features,
          .drop = t.drop,
          .target = t.target,
          .positive_class = t.positive_class};
}

std::vector<size_t> RowsWith(const Split& split, RowRole role) {
  std::vector<size_t> rows;
  for (size_t i = 0; i < split.roles.size(); ++i) {
    if (split.roles[i] == role) rows.push_back(i);
  }
  return rows;
}

template <typename T>
std::vector<T> Gather(const std::vector<T>& values, const std::vector<size_t>& rows) {
  std::vector<T> out(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) out[i] = values[rows[i]];
  return out;
}

int64_t Positives(const std::vector<float>& labels, const std::vector<size_t>& rows) {
  int64_t n = 0;
  for (size_t r : rows) n += labels[r] > 0.5f;
  return n;
}

std::string DataFingerprint(const model::DenseMatrix& x, const std::vector<float>& labels) {
  registry::Sha256 hash;
  hash.Update(x.values().data(), x.values().size_bytes());
  hash.Update(labels.data(), labels.size() * sizeof(float));
  return "sha256:" + hash.HexDigest();
}

// The state of one run, filled step by step.
class Trainer {
 public:
  Trainer(const config::Config& config, const TrainOptions& options)
      : config_(config), options_(options) {}

  Result<TrainSummary> Run(warehouse::Warehouse& warehouse);

 private:
  Status Load(warehouse::Warehouse& warehouse);
  Status SplitAndSample();
  Status TuneAndFit();
  Status EvaluateAndExplain();
  Status PredictRows(const std::vector<size_t>& rows);
  Result<TrainSummary> WriteAndRegister();
  void Time(const char* step, Clock::time_point start) {
    run_.timings.emplace_back(step, SecondsSince(start));
  }

  const config::Config& config_;
  const TrainOptions& options_;
  TrainingRun run_;
  std::optional<model::FeaturePlan> plan_;
  model::DenseMatrix x_;
  std::vector<float> labels_;
  dataset::LabelledRows rows_;
  Split split_;
  std::vector<size_t> fit_rows_;  // after sampling
  std::optional<TuneResult> tuned_;
  std::string model_json_;
  std::vector<float> scores_;  // per labelled row from the final model; NaN in the gap
  model::ModelLineage lineage_;
};

Status Trainer::Load(warehouse::Warehouse& warehouse) {
  run_.run_id = NewRunId();
  run_.train = config_.train;
  run_.dataset = config_.train.dataset;
  run_.target = config_.train.target;
  auto start = Clock::now();
  ATTRITION_ASSIGN_OR_RETURN(rows_, dataset::LoadLabelledRows(warehouse, config_.train, config_.as_of));
  Time("load_s", start);
  run_.as_of = rows_.as_of;
  run_.labelled_rows = static_cast<int64_t>(rows_.table.num_rows());
  spdlog::info("train: loaded {} labelled rows of {}{} in {:.1f}s", run_.labelled_rows,
               config_.train.dataset,
               rows_.as_of ? fmt::format(" {}..{} (as-of {})",
                                         FormatMonth(config_.train.start_month),
                                         FormatMonth(config_.train.max_month),
                                         FormatMonth(*rows_.as_of))
                           : "",
               run_.timings.back().second);
  start = Clock::now();
  ATTRITION_ASSIGN_OR_RETURN(model::FeaturePlan plan,
                             model::FeaturePlan::Build(PlanSpec(config_.train), rows_.table));
  ATTRITION_ASSIGN_OR_RETURN(x_, plan.Encode(rows_.table));
  ATTRITION_ASSIGN_OR_RETURN(labels_, plan.EncodeTarget(rows_.table));
  plan_ = std::move(plan);
  for (float label : labels_) run_.labelled_positives += label > 0.5f;
  rows_.table = model::RawTable();  // the encoded matrix is all that is needed now
  run_.features = plan_->feature_names();
  Time("encode_s", start);
  return Status::OK();
}

Status Trainer::SplitAndSample() {
  const auto start = Clock::now();
  SplitOptions options{.split = config_.train.split,
                       .max_month = config_.train.max_month,
                       .seed = options_.seed + kSplitStream};
  ATTRITION_ASSIGN_OR_RETURN(
      split_, SplitRows({&rows_.months, &rows_.customers,
                         static_cast<int32_t>(rows_.customer_ids.size())},
                        options));
  const std::vector<size_t> fit = RowsWith(split_, RowRole::kFit);
  ATTRITION_ASSIGN_OR_RETURN(
      fit_rows_, SampleFitRows(fit, labels_,
                               {.mode = config_.train.sampling,
                                .seed = options_.seed + kSampleStream}));
  run_.split_description = split_.description;
  run_.excluded_rows = split_.Count(RowRole::kExcluded);
  run_.fit_rows_before_sampling = static_cast<int64_t>(fit.size());
  run_.fit_positives_before_sampling = Positives(labels_, fit);
  run_.fit_rows = static_cast<int64_t>(fit_rows_.size());
  run_.fit_positives = Positives(labels_, fit_rows_);
  run_.test_customers = split_.test_customers;
  run_.valid_customers = split_.valid_customers;
  // Prior correction of the odds for the sampling (score.py's forecast uses it).
  const double pos_o = static_cast<double>(run_.fit_positives_before_sampling);
  const double neg_o = static_cast<double>(run_.fit_rows_before_sampling) - pos_o;
  const double pos_k = static_cast<double>(run_.fit_positives);
  const double neg_k = static_cast<double>(run_.fit_rows) - pos_k;
  run_.odds_correction = pos_k > 0 && neg_o > 0 ? (pos_o / pos_k) * (neg_k / neg_o) : 1.0;
  Time("split_s", start);
  spdlog::info("train: split {}; fit {} rows after {}-sampling ({} before), valid {}, test {}",
               split_.description, run_.fit_rows, config::ToString(config_.train.sampling),
               run_.fit_rows_before_sampling, split_.Count(RowRole::kValid),
               split_.Count(RowRole::kTest));
  return Status::OK();
}

Status Trainer::TuneAndFit() {
  auto start = Clock::now();
  const std::vector<size_t> valid_rows = RowsWith(split_, RowRole::kValid);
  const std::vector<float> fit_labels = Gather(labels_, fit_rows_);
  const std::vector<float> valid_labels = Gather(labels_, valid_rows);
  const model::DMatrixOptions base{.feature_names = plan_->feature_names(),
                                   .threads = options_.threads};
  model::DMatrixOptions fit_options = base, valid_options = base;
  fit_options.labels = fit_labels;
  valid_options.labels = valid_labels;
  ATTRITION_ASSIGN_OR_RETURN(auto fit,
                             model::XgbDMatrix::FromDense(x_.SelectRows(fit_rows_), fit_options));
  ATTRITION_ASSIGN_OR_RETURN(
      auto valid, model::XgbDMatrix::FromDense(x_.SelectRows(valid_rows), valid_options));
  Time("matrices_s", start);
  start = Clock::now();
  TuneOptions tune{.hyperparameters = config_.train.hyperparameters,
                   .seed = options_.seed,
                   .threads = options_.threads,
                   .refit_best = options_.refit_best};
  run_.num_boost_round = tune.num_boost_round;
  run_.early_stopping_rounds = tune.early_stopping_rounds;
  ATTRITION_ASSIGN_OR_RETURN(TuneResult tuned, Tune(tune, fit, valid, valid_labels));
  Time("tune_s", start);
  ATTRITION_RETURN_IF_ERROR(SetFeatureNames(tuned.booster, plan_->feature_names()));
  ATTRITION_ASSIGN_OR_RETURN(model_json_, tuned.booster.SaveJson());
  ATTRITION_ASSIGN_OR_RETURN(int rounds, tuned.booster.BoostedRounds());
  run_.best_iteration = rounds - 1;
  run_.trials = tuned.trials;
  run_.best_trial = tuned.best_trial;
  run_.xgboost_params = tuned.xgboost_params;
  tuned_ = std::move(tuned);
  return Status::OK();
}

// Probabilities of the final model for `rows`, into scores_ (XGBoost's in-place
// prediction, as train.py predicts).
Status Trainer::PredictRows(const std::vector<size_t>& rows) {
  const model::DenseMatrix part = x_.SelectRows(rows);
  ATTRITION_ASSIGN_OR_RETURN(std::vector<float> p,
                             tuned_->booster.PredictDense(part.values(), part.rows(), part.cols()));
  for (size_t i = 0; i < rows.size(); ++i) scores_[rows[i]] = p[i];
  return Status::OK();
}

Status Trainer::EvaluateAndExplain() {
  auto start = Clock::now();
  // Validation scores come from tuning (the best round's); fit and test rows are
  // predicted once. Gap rows are never scored.
  scores_.assign(labels_.size(), std::nanf(""));
  const std::vector<size_t> valid_rows = RowsWith(split_, RowRole::kValid);
  for (size_t i = 0; i < valid_rows.size(); ++i) {
    scores_[valid_rows[i]] = tuned_->valid_scores[i];
  }
  ATTRITION_RETURN_IF_ERROR(PredictRows(RowsWith(split_, RowRole::kFit)));
  ATTRITION_RETURN_IF_ERROR(PredictRows(RowsWith(split_, RowRole::kTest)));
  auto set = [&](RowRole role) {
    const std::vector<size_t> rows = RowsWith(split_, role);
    return std::pair{Gather(scores_, rows), Gather(labels_, rows)};
  };
  const auto [valid_scores, valid_labels] = set(RowRole::kValid);
  run_.threshold = BestF1Threshold(valid_scores, valid_labels);
  const double t = run_.threshold.threshold;
  run_.valid_set = EvaluateSet("validation", valid_scores, valid_labels, t);
  const auto [fit_scores, fit_labels] = set(RowRole::kFit);
  run_.train_set = EvaluateSet("train", fit_scores, fit_labels, t);
  const auto [test_scores, test_labels] = set(RowRole::kTest);
  run_.test_set = EvaluateSet("test", test_scores, test_labels, t);
  if (!std::isfinite(run_.test_set.auc)) {
    const size_t positives =
        static_cast<size_t>(std::count_if(test_labels.begin(), test_labels.end(),
                                          [](float label) { return label > 0.5f; }));
    return Status::FailedPrecondition(fmt::format(
        "the test set's {} rows have only one outcome ({} of them positive), so its AUC, by "
        "which versions are compared and promoted, is undefined; train on more customers or "
        "widen the test window (train.split)",
        test_labels.size(), positives));
  }
  if (run_.odds_correction != 1.0) {
    std::vector<float> corrected = test_scores;
    for (float& p : corrected) p = CorrectOdds(p, run_.odds_correction);
    run_.test_deciles_corrected = Deciles(RankedScores(corrected, test_labels));
  }
  Time("evaluate_s", start);
  start = Clock::now();
  // SHAP values from the native evaluator: the one the endpoint and batch scoring use
  // for reasons.
  ATTRITION_ASSIGN_OR_RETURN(model::TreeEnsemble ensemble,
                             model::TreeEnsemble::FromXgboostJson(model_json_));
  ATTRITION_ASSIGN_OR_RETURN(run_.drivers, FeatureGains(tuned_->booster, plan_->feature_names()));
  std::vector<size_t> test_rows = RowsWith(split_, RowRole::kTest);
  if (test_rows.size() > options_.shap_rows) {
    Rng rng(options_.seed + kShapStream);
    std::vector<size_t> sample;
    for (uint32_t i : rng.Choose(static_cast<uint32_t>(test_rows.size()),
                                 static_cast<uint32_t>(options_.shap_rows))) {
      sample.push_back(test_rows[i]);
    }
    std::sort(sample.begin(), sample.end());
    test_rows = std::move(sample);
  }
  run_.shap = ExplainSample(ensemble, x_.SelectRows(test_rows), run_.drivers);
  Time("explain_s", start);
  return Status::OK();
}

Result<TrainSummary> Trainer::WriteAndRegister() {
  const auto start = Clock::now();
  std::optional<registry::Registry> registry;
  if (options_.register_version) {
    ATTRITION_ASSIGN_OR_RETURN(registry::Registry opened,
                               registry::Registry::Open(config_.artifacts.dir));
    registry = std::move(opened);
    ATTRITION_ASSIGN_OR_RETURN(run_.version, registry->NextVersionId());
  }
  run_.created = FormatUtc(std::time(nullptr), "%Y-%m-%dT%H:%M:%SZ");
  run_.xgboost_version = model::XgboostVersion();
  const std::string window_start = FormatMonth(config_.train.start_month);
  const std::string window_end = FormatMonth(config_.train.max_month);
  lineage_ = {.config_hash = "sha256:" + registry::Sha256Hex(
                                             TrainConfigJson(config_.train).dump()),
              .data_fingerprint = DataFingerprint(x_, labels_),
              .dataset = config_.train.dataset,
              .start_month = rows_.has_month ? window_start : "",
              .max_month = rows_.has_month ? window_end : "",
              .as_of_month = rows_.as_of ? FormatMonth(*rows_.as_of) : "",
              .library_versions = {{"xgboost", run_.xgboost_version}}};
  model::ModelMetadata metadata{.model_version = run_.version,
                                .created_at = run_.created,
                                .threshold = run_.threshold.threshold,
                                .odds_correction = run_.odds_correction,
                                .best_iteration = run_.best_iteration,
                                .lineage = lineage_};
  metadata.metrics = {{"test_auc", run_.test_set.auc},
                      {"test_f1", run_.test_set.confusion.F1()},
                      {"valid_auc", run_.valid_set.auc},
                      {"train_auc", run_.train_set.auc}};
  for (const auto& [name, value] : run_.trials[run_.best_trial].params) {
    metadata.hyperparameters[name] = value;
  }
  const Confusion& c = run_.test_set.confusion;
  metadata.test_confusion = {c.tn, c.fp, c.fn, c.tp};
  const model::ModelBundle bundle{.plan = *plan_, .metadata = metadata, .model_json = model_json_};

  // The training population: fit and validation rows before sampling.
  std::vector<size_t> population;
  for (size_t i = 0; i < split_.roles.size(); ++i) {
    if (split_.roles[i] == RowRole::kFit || split_.roles[i] == RowRole::kValid) {
      population.push_back(i);
    }
  }
  VersionFiles files{.bundle = &bundle};
  files.profile = config_.train.profiling
                      ? ProfileJson(x_, population, plan_->feature_names())
                      : nlohmann::ordered_json::object();
  files.baseline = BaselineJson(x_, population, plan_->feature_names(),
                                Gather(scores_, population));
  const std::filesystem::path staging =
      options_.output_dir ? *options_.output_dir
                          : std::filesystem::path(config_.artifacts.dir) /
                                fmt::format(".train-{}-{}", run_.version, ::getpid());
  ATTRITION_RETURN_IF_ERROR(WriteVersionFiles(staging, run_, files));
  TrainSummary summary{.version = run_.version, .version_dir = staging};
  if (registry) {
    ATTRITION_ASSIGN_OR_RETURN(
        registry::ModelVersion version,
        RegisterVersion(*registry, staging, run_, lineage_, config_.environment));
    summary.version_dir = version.dir;
    if (!options_.output_dir) std::filesystem::remove_all(staging);
  }
  spdlog::info("train: wrote and registered the version in {:.1f}s", SecondsSince(start));
  summary.report_path = summary.version_dir / "report.html";
  return summary;
}

Result<TrainSummary> Trainer::Run(warehouse::Warehouse& warehouse) {
  const auto start = Clock::now();
  ATTRITION_RETURN_IF_ERROR(Load(warehouse));
  ATTRITION_RETURN_IF_ERROR(SplitAndSample());
  ATTRITION_RETURN_IF_ERROR(TuneAndFit());
  ATTRITION_RETURN_IF_ERROR(EvaluateAndExplain());
  ATTRITION_ASSIGN_OR_RETURN(TrainSummary summary, WriteAndRegister());
  summary.test_auc = run_.test_set.auc;
  summary.test_f1 = run_.test_set.confusion.F1();
  summary.threshold = run_.threshold.threshold;
  summary.valid_auc = run_.valid_set.auc;
  summary.test_rows = run_.test_set.rows;
  summary.num_trials = static_cast<int>(run_.trials.size());
  for (const FeatureDriver& d : run_.drivers) {
    if (d.mean_abs_shap > 0 && summary.top_drivers.size() < 5) {
      summary.top_drivers.emplace_back(d.feature, d.mean_abs_shap);
    }
    if (d.gain == 0) ++summary.unused_features;
  }
  summary.num_features = static_cast<int>(run_.drivers.size());
  summary.seconds = SecondsSince(start);
  return summary;
}

}  // namespace

Result<TrainSummary> TrainModel(const config::Config& config, warehouse::Warehouse& warehouse,
                                const TrainOptions& options) {
  if (!options.register_version && !options.output_dir) {
    return Status::InvalidArgument("train: nothing to write: no registry and no output directory");
  }
  Trainer trainer(config, options);
  return trainer.Run(warehouse);
}

}  // namespace attrition::train
