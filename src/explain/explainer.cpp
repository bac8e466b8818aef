// Explain (include/attrition/explain.h): resolve the model, load and encode its training
// rows, fit the Bayesian logistic regression, summarise SHAP, compare with the planted
// hazard, write the files. Each step lives in its own file; this one connects them.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "attrition/explain.h"
#include "attrition/model_bundle.h"
#include "attrition/phase_timer.h"
#include "attrition/registry.h"
#include "explain/bayes_logistic.h"
#include "explain/clustered_covariance.h"
#include "explain/design.h"
#include "explain/drivers_files.h"
#include "explain/planted_effects.h"
#include "explain/shap_summary.h"
#include "attrition/labelled_rows.h"

namespace attrition::explain {
namespace {

using Clock = std::chrono::steady_clock;

// The two-sided 95% quantile of the standard normal.
constexpr double kZ95 = 1.959963984540054;

// The train config that loads the rows `bundle` was trained on: the lineage's dataset and
// window, the stored plan's columns; the id column and the rest from `config`.
Result<config::TrainConfig> TrainingRowsConfig(const config::Config& config,
                                               const model::ModelBundle& bundle) {
  config::TrainConfig train = config.train;
  const model::FeaturePlanSpec& spec = bundle.plan.spec();
  train.dummy_cols = spec.dummy_cols;
  train.rename_cols = spec.rename_cols;
  train.features = spec.features;
  train.drop = spec.drop;
  train.target = spec.target;
  train.positive_class = spec.positive_class;
  const model::ModelLineage& lineage = bundle.metadata.lineage;
  if (!lineage.dataset.empty()) train.dataset = lineage.dataset;
  if (lineage.start_month.empty()) {
    // Trained on a table without MONTH: every labelled row, no window.
    train.split.mode = config::SplitMode::kRandomized;
    return train;
  }
  const std::optional<Month> start = ParseIsoMonth(lineage.start_month);
  const std::optional<Month> max = ParseIsoMonth(lineage.max_month);
  if (!start || !max) {
    return Status::Corruption(fmt::format("metadata.json: training window '{}'..'{}' is not "
                                          "two months YYYY-MM",
                                          lineage.start_month, lineage.max_month));
  }
  train.start_month = *start;
  train.max_month = *max;
  return train;
}

std::optional<Month> PinnedAsOf(const model::ModelBundle& bundle) {
  return ParseIsoMonth(bundle.metadata.lineage.as_of_month);
}

// Per-unit estimates of every plan feature from the standardised fit.
void FillEstimates(const RegressionDesign& design, const BayesLogisticFit& fit,
                   const Eigen::MatrixXd& clustered, const model::FeaturePlan& plan,
                   ExplainSummary* out) {
  const Eigen::MatrixXd t = UnstandardiseMap(design);
  const Eigen::VectorXd beta = t * fit.beta;
  const Eigen::MatrixXd cov = t * fit.covariance * t.transpose();
  const Eigen::MatrixXd cov_clustered = t * clustered * t.transpose();
  out->intercept = beta[0];
  for (size_t f = 0; f < plan.num_features(); ++f) {
    Driver& d = out->drivers[f];
    d.feature = plan.feature_names()[f];
    const int ref = design.reference_of[f];
    d.kind = design.constant[f]            ? DriverKind::kConstant
             : ref == static_cast<int>(f) ? DriverKind::kReference
             : ref >= 0                   ? DriverKind::kCategory
                                          : DriverKind::kNumeric;
    if (ref >= 0) d.reference = plan.feature_names()[static_cast<size_t>(ref)];
  }
  for (size_t j = 0; j < design.columns.size(); ++j) {
    const DesignColumn& c = design.columns[j];
    const Eigen::Index k = static_cast<Eigen::Index>(j) + 1;
    Driver& d = out->drivers[c.feature];
    d.coefficient = beta[k];
    d.sd = std::sqrt(cov(k, k));
    d.lower = d.coefficient - kZ95 * d.sd;
    d.upper = d.coefficient + kZ95 * d.sd;
    d.odds_ratio = std::exp(d.coefficient);
    d.odds_ratio_lower = std::exp(d.lower);
    d.odds_ratio_upper = std::exp(d.upper);
    d.clustered_sd = std::sqrt(cov_clustered(k, k));
    d.clustered_lower = d.coefficient - kZ95 * d.clustered_sd;
    d.clustered_upper = d.coefficient + kZ95 * d.clustered_sd;
    d.feature_sd = c.sd;
    d.imputed = c.imputed;
    d.binary = c.binary;
  }
}

void ComparePlanted(const RegressionDesign& design, const model::FeaturePlan& plan,
                    ExplainSummary* out) {
  for (size_t f = 0; f < plan.num_features(); ++f) {
    Driver& d = out->drivers[f];
    if (!d.estimated()) continue;
    std::optional<PlantedComparison> planted = PlantedFor(plan, f, design.reference_of[f]);
    if (!planted) continue;
    const double v = planted->value;
    planted->inside_interval = d.lower <= v && v <= d.upper;
    planted->inside_clustered_interval = d.clustered_lower <= v && v <= d.clustered_upper;
    planted->sign_agrees = v == 0 ? planted->inside_clustered_interval
                                  : (d.coefficient > 0) == (v > 0);
    ++out->planted_mapped;
    out->planted_sign_agrees += planted->sign_agrees;
    out->planted_inside += planted->inside_interval;
    out->planted_inside_clustered += planted->inside_clustered_interval;
    out->planted_recovered += planted->sign_agrees && planted->inside_clustered_interval;
    d.planted = std::move(planted);
  }
  out->planted_without_feature = PlantedTermsWithoutFeature(plan);
}

// The production model's SHAP summary on (a sample of) the encoded rows, into `out`.
void AddShapSummary(const model::TreeEnsemble& ensemble, const model::DenseMatrix& x,
                    const ExplainOptions& options, ExplainSummary* out) {
  const auto start = Clock::now();
  const ShapSummary shap =
      SummariseShap(ensemble, x, std::max<size_t>(1, options.shap_rows), options.threads);
  out->shap_rows = shap.rows;
  for (size_t f = 0; f < shap.mean_abs.size(); ++f) {
    out->drivers[f].shap_mean_abs = shap.mean_abs[f];
    out->drivers[f].shap_high_sign = shap.high_sign[f];
  }
  out->shap_seconds = SecondsSince(start);
  spdlog::info("explain: SHAP of {} rows in {:.1f}s", shap.rows, out->shap_seconds);
}

// Fits the regression on `design` and fills every driver's estimate and intervals.
Status FitDrivers(const RegressionDesign& design, const std::vector<float>& labels,
                  const dataset::LabelledRows& rows, const model::FeaturePlan& plan,
                  const ExplainOptions& options, ExplainSummary* out) {
  const auto start = Clock::now();
  Eigen::VectorXd y(static_cast<Eigen::Index>(labels.size()));
  for (size_t i = 0; i < labels.size(); ++i) y[static_cast<Eigen::Index>(i)] = labels[i];
  Eigen::VectorXd prior_sd = Eigen::VectorXd::Constant(design.x.cols(), options.prior_sd);
  prior_sd[0] = options.intercept_prior_sd;
  ATTRITION_ASSIGN_OR_RETURN(BayesLogisticFit fit,
                             FitBayesLogistic(design.x, y, prior_sd, {.threads = options.threads}));
  out->iterations = fit.iterations;
  out->max_abs_gradient = fit.gradient.cwiseAbs().maxCoeff();
  out->customers = static_cast<int64_t>(rows.customer_ids.size());
  const Eigen::MatrixXd clustered =
      ClusteredCovariance(design.x, y, fit.beta, rows.customers,
                          static_cast<int32_t>(rows.customer_ids.size()), fit.covariance);
  FillEstimates(design, fit, clustered, plan, out);
  out->fit_seconds = SecondsSince(start);
  spdlog::info("explain: MAP in {} Newton steps ({} columns, largest |gradient| {:.2g}) in {:.1f}s",
               fit.iterations, design.x.cols(), out->max_abs_gradient, out->fit_seconds);
  return Status::OK();
}

}  // namespace

std::string_view DriverKindName(DriverKind kind) {
  switch (kind) {
    case DriverKind::kNumeric:
      return "numeric";
    case DriverKind::kCategory:
      return "category";
    case DriverKind::kReference:
      return "reference";
    case DriverKind::kConstant:
      return "constant";
  }
  return "numeric";
}

Result<ExplainSummary> Explain(const config::Config& config, warehouse::Warehouse& warehouse,
                               const ExplainOptions& options) {
  const auto start = Clock::now();
  if (!(options.prior_sd > 0) || !std::isfinite(options.prior_sd)) {
    return Status::InvalidArgument(
        fmt::format("--prior-sd: got {}, expected a positive number", options.prior_sd));
  }
  ATTRITION_ASSIGN_OR_RETURN(
      registry::ModelVersion version,
      registry::ResolveModelToUse(config.artifacts.dir, options.model, "explain"));
  ATTRITION_ASSIGN_OR_RETURN(model::LoadedModel loaded, model::LoadModel(version.dir));
  const model::FeaturePlan& plan = loaded.bundle.plan;
  ATTRITION_ASSIGN_OR_RETURN(config::TrainConfig train, TrainingRowsConfig(config, loaded.bundle));

  ExplainSummary out;
  out.version = version.id;
  out.dataset = train.dataset;
  out.target = plan.target();
  out.prior_sd = options.prior_sd;
  out.start_month = loaded.bundle.metadata.lineage.start_month;
  out.max_month = loaded.bundle.metadata.lineage.max_month;
  out.drivers.resize(plan.num_features());
  spdlog::info("explain: model {} ({} features), rows of {}{}", version.id, plan.num_features(),
               out.dataset,
               out.start_month.empty() ? "" : fmt::format(" {}..{}", out.start_month, out.max_month));
  ATTRITION_ASSIGN_OR_RETURN(dataset::LabelledRows rows,
                             dataset::LoadLabelledRows(warehouse, train, PinnedAsOf(loaded.bundle)));
  ATTRITION_ASSIGN_OR_RETURN(model::DenseMatrix x, plan.Encode(rows.table));
  ATTRITION_ASSIGN_OR_RETURN(std::vector<float> labels, plan.EncodeTarget(rows.table));
  rows.table = model::RawTable();
  out.rows = static_cast<int64_t>(labels.size());
  for (float y : labels) out.positives += y > 0.5f;
  spdlog::info("explain: {} labelled rows ({} positive) loaded and encoded in {:.1f}s", out.rows,
               out.positives, SecondsSince(start));

  AddShapSummary(loaded.ensemble, x, options, &out);
  const RegressionDesign design = BuildDesign(x, plan);
  x = model::DenseMatrix();  // the design holds what the fit needs
  ATTRITION_RETURN_IF_ERROR(FitDrivers(design, labels, rows, plan, options, &out));
  if (options.planted) ComparePlanted(design, plan, &out);

  const std::filesystem::path dir =
      options.out_dir.value_or(std::filesystem::path(config.artifacts.dir) / "explain" / version.id);
  ATTRITION_RETURN_IF_ERROR(WriteDriversFiles(dir, &out));
  out.seconds = SecondsSince(start);
  spdlog::info("explain: wrote {} in {:.1f}s", out.html_path.string(), out.seconds);
  return out;
}

}  // namespace attrition::explain
