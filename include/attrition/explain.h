// The drivers report (SPEC 11): `attrition explain` fits a Bayesian logistic regression
// (Gaussian prior, Laplace approximation) on the rows and feature plan a registered model
// was trained on, and reports each driver's odds ratio with a 95% credible interval beside
// the model's SHAP summary; with `planted` it also compares the slopes with the
// generator's planted hazard (docs/generator.md). docs/explain.md has the details.
//
// Files written to ExplainOptions::out_dir (default <artifacts.dir>/explain/<version>/;
// a registered version's own directory is read-only by design):
//   drivers.html   forest plot of the odds ratios, SHAP bars, the table, the planted check
//   drivers.json   the same figures, for tools
//
// Progress goes to the log, one line per step. Thread safety: uses `warehouse`
// exclusively for the duration of the call.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attrition/config.h"
#include "attrition/status.h"
#include "attrition/warehouse.h"

namespace attrition::explain {

struct ExplainOptions {
  std::string model = "production";  // "production", "staging" or a version id
  // sd of the N(0, sd^2) prior on each standardised slope; the intercept's is
  // intercept_prior_sd.
  double prior_sd = 2.5;
  double intercept_prior_sd = 10.0;
  bool planted = false;     // compare with sources::PlantedHazardModel()
  size_t shap_rows = 50000;  // rows (evenly spaced) explained for the SHAP summary
  int threads = 2;           // for the regression's pass over rows and for SHAP
  std::optional<std::filesystem::path> out_dir;
};

// The planted effect mapped onto one driver, on the driver's scale (log-odds per unit of
// the feature, or of the category against the reference category).
struct PlantedComparison {
  double value = 0;
  std::string term;      // the planted term(s), e.g. "harm score + complaint score"
  bool proxy = false;    // the feature only approximates the term (see note)
  std::string note;      // why the feature is a proxy, or what was combined
  bool sign_agrees = false;
  bool inside_interval = false;            // the Laplace interval
  bool inside_clustered_interval = false;  // the customer-clustered interval
};

// How a feature enters the regression.
enum class DriverKind {
  kNumeric,    // a numeric or 0/1 feature, standardised
  kCategory,   // a one-hot column against its group's reference category
  kReference,  // the category the others are compared with: coefficient 0, odds ratio 1
  kConstant,   // no variation in the rows: not estimable
};
// "numeric", "category", "reference", "constant": the names drivers.json and the reports
// use.
std::string_view DriverKindName(DriverKind kind);

// One model feature.
struct Driver {
  std::string feature;  // the plan's feature name
  DriverKind kind = DriverKind::kNumeric;
  // Numeric and category drivers have an estimate; reference and constant ones do not.
  bool estimated() const { return kind == DriverKind::kNumeric || kind == DriverKind::kCategory; }
  std::string reference;  // for a category: the reference category's feature name
  // Per unit of the feature (un-standardised); the interval is the central 95% of the
  // Laplace posterior. 0 for reference and constant features.
  double coefficient = 0, lower = 0, upper = 0, sd = 0;
  double odds_ratio = 1, odds_ratio_lower = 1, odds_ratio_upper = 1;
  // The 95% interval from the customer-clustered (sandwich) covariance: the same centre,
  // the spread measured between customers rather than rows (src/explain/
  // clustered_covariance.h). Wider than the Laplace interval when a customer's rows are
  // alike, which in customer-month data they are.
  double clustered_lower = 0, clustered_upper = 0, clustered_sd = 0;
  // The production model's SHAP on the sampled rows: mean |SHAP| (log-odds), and the sign
  // of the mean SHAP over the rows where the feature is high (above its median; for a
  // feature whose median is its maximum, at the maximum): +1 raises risk, -1 lowers it,
  // 0 no such rows.
  double shap_mean_abs = 0;
  int shap_high_sign = 0;
  int64_t imputed = 0;  // missing values replaced by the feature's mean for the regression
  double feature_sd = 0;  // sd of the feature over the rows (0 for reference / constant)
  bool binary = false;    // the feature only takes 0 and 1 (one-hot columns, flags)
  std::optional<PlantedComparison> planted;
};

struct ExplainSummary {
  std::string version;  // the model version explained
  std::string dataset;
  std::string target;                  // the label column
  std::string start_month, max_month;  // the training window ("" without MONTH)
  int64_t rows = 0, positives = 0;
  int64_t shap_rows = 0;
  double prior_sd = 0;
  int iterations = 0;           // Newton steps to the MAP
  double max_abs_gradient = 0;  // of the log posterior at the MAP
  double intercept = 0;         // log-odds at all features 0 (per-unit scale)
  std::vector<Driver> drivers;  // plan order
  // Planted terms that no feature carries ("per-customer random effect", ...).
  std::vector<std::string> planted_without_feature;
  // Mapped drivers; of them, right sign; planted value inside the Laplace interval; inside
  // the customer-clustered interval; recovered = right sign and inside the clustered one.
  int planted_mapped = 0, planted_sign_agrees = 0, planted_inside = 0,
      planted_inside_clustered = 0, planted_recovered = 0;
  int64_t customers = 0;  // clusters of the clustered covariance
  std::filesystem::path html_path, json_path;
  double seconds = 0, fit_seconds = 0, shap_seconds = 0;
};

// How the reports print a driver's odds ratio: with its Laplace 95% interval,
// "1.0003 [1.0001, 1.0005]", and its customer-clustered interval, "[0.9998, 1.0008]".
// Fixed decimals: at least two, enough for three significant digits of a number below 1,
// and more until the estimate and each bound read differently (at most ten), so that a
// small per-unit effect does not print as "1 [1, 1]"; both intervals get the same number.
struct OddsRatioText {
  std::string with_interval;
  std::string clustered;
};
// REQUIRES: driver.estimated().
OddsRatioText FormatOddsRatio(const Driver& driver);

// Explains `options.model` of config.artifacts.dir on the rows of the dataset and window
// of its lineage in `warehouse`, encoded through its stored feature plan. Errors:
// NotFound when the model reference does not resolve (saying how to make one) or the
// dataset is gone; the loader's errors (immature window, bad values); InvalidArgument
// for a prior sd that is not a positive number; FailedPrecondition when the fit does not
// converge; IOError when the files cannot be written.
Result<ExplainSummary> Explain(const config::Config& config, warehouse::Warehouse& warehouse,
                               const ExplainOptions& options);

}  // namespace attrition::explain
