#include "explain/drivers_files.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "attrition/report.h"
#include "registry/atomic_file.h"

namespace attrition::explain {
namespace {

// Drivers with an estimate, strongest SHAP first: both charts use this order.
std::vector<const Driver*> ChartOrder(const ExplainSummary& s) {
  std::vector<const Driver*> rows;
  for (const Driver& d : s.drivers) {
    if (d.estimated()) rows.push_back(&d);
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Driver* a, const Driver* b) {
    return a->shap_mean_abs > b->shap_mean_abs;
  });
  return rows;
}

// A non-binary numeric feature is plotted per sd of the feature, so that a per-day effect
// is not a dot squashed onto 1; flags and categories per unit (0 -> 1).
double PlotScale(const Driver& d) { return d.binary ? 1.0 : d.feature_sd; }

std::string PlotLabel(const Driver& d) {
  return d.binary ? d.feature : fmt::format("{} (per sd {:.3g})", d.feature, d.feature_sd);
}

std::string Interval(double value, double lo, double hi) {
  return fmt::format("{:.3g} [{:.3g}, {:.3g}]", value, lo, hi);
}

std::string HighText(int sign) { return sign > 0 ? "raises" : sign < 0 ? "lowers" : "-"; }

std::vector<std::string> TableRow(const Driver& d, bool planted) {
  std::vector<std::string> row = {d.feature, d.kind == DriverKind::kCategory ? "vs " + d.reference
                                                                   : std::string(DriverKindName(d.kind))};
  if (d.estimated()) {
    row.push_back(Interval(d.coefficient, d.lower, d.upper));
    const OddsRatioText odds_ratio = FormatOddsRatio(d);
    row.push_back(odds_ratio.with_interval);
    row.push_back(odds_ratio.clustered);
  } else {
    row.insert(row.end(), {"-", "1", ""});
  }
  row.push_back(fmt::format("{:.4f}", d.shap_mean_abs));
  row.push_back(HighText(d.shap_high_sign));
  if (planted) {
    if (d.planted) {
      row.push_back(fmt::format("{:+.3g}{}", d.planted->value, d.planted->proxy ? " (proxy)" : ""));
      row.push_back(d.planted->sign_agrees ? "yes" : "no");
      row.push_back(d.planted->inside_interval ? "yes" : "no");
      row.push_back(d.planted->inside_clustered_interval ? "yes" : "no");
    } else {
      row.insert(row.end(), {"-", "", "", ""});
    }
  }
  return row;
}

void PlantedSection(const ExplainSummary& s, report::HtmlDocument& doc) {
  doc.Heading("Planted effects (generated data)");
  doc.Paragraph(fmt::format(
      "{} of {} mapped drivers recovered: right sign and the planted value inside the "
      "customer-clustered 95% interval ({} right sign; {} inside the Laplace interval, {} inside "
      "the clustered one). The planted hazard is monthly and the label is \"no order in the "
      "next 6 months\", so intercepts differ and only slopes are compared; docs/explain.md "
      "explains why the slopes come out smaller than planted.",
      s.planted_recovered, s.planted_mapped, s.planted_sign_agrees, s.planted_inside,
      s.planted_inside_clustered));
  std::vector<std::vector<std::string>> rows;
  for (const Driver& d : s.drivers) {
    if (!d.planted) continue;
    rows.push_back({d.feature, d.planted->term, fmt::format("{:+.3f}", d.planted->value),
                    Interval(d.coefficient, d.lower, d.upper),
                    fmt::format("[{:.3g}, {:.3g}]", d.clustered_lower, d.clustered_upper),
                    d.planted->sign_agrees ? "yes" : "no",
                    d.planted->inside_interval ? "yes" : "no",
                    d.planted->inside_clustered_interval ? "yes" : "no", d.planted->note});
  }
  for (const std::string& term : s.planted_without_feature) {
    rows.push_back({"no feature", term, "", "", "", "", "", "", ""});
  }
  doc.Table({"feature", "planted term", "planted slope", "estimate [Laplace 95%]",
             "clustered 95%", "sign", "inside", "inside (clustered)", "note"},
            rows);
}

}  // namespace

std::string DriversHtml(const ExplainSummary& s) {
  report::HtmlDocument doc("Drivers — model " + s.version);
  std::vector<std::pair<std::string, std::string>> tiles = {
      {"Rows", fmt::format("{}", s.rows)},
      {"Attrition rate", fmt::format("{:.1f}%", s.rows ? 100.0 * s.positives / s.rows : 0.0)},
      {"Prior sd", fmt::format("{:g}", s.prior_sd)},
      {"Newton steps", fmt::format("{}", s.iterations)}};
  if (s.planted_mapped > 0) {
    tiles.emplace_back("Planted recovered", fmt::format("{} of {}", s.planted_recovered,
                                                        s.planted_mapped));
  }
  doc.Tiles(tiles);
  doc.Paragraph(fmt::format(
      "Bayesian logistic regression of {} on the model's features over {} rows of {}{}: a "
      "N(0, {:g}^2) prior on each standardised slope, the posterior approximated by a Gaussian "
      "at its mode (Laplace). Odds ratios are per unit of a feature (per sd in the forest plot "
      "for features that are not 0/1); one-hot categories are against their group's most "
      "common category. Beside them, the production model's mean |SHAP| on {} of the rows.",
      s.target, s.rows, s.dataset,
      s.start_month.empty() ? "" : fmt::format(" ({}..{})", s.start_month, s.max_month),
      s.prior_sd, s.shap_rows));
  const std::vector<const Driver*> order = ChartOrder(s);
  std::vector<report::Interval> intervals;
  std::vector<report::Bar> bars;
  for (const Driver* d : order) {
    const double k = PlotScale(*d);
    report::Interval row{.label = PlotLabel(*d),
                         .estimate = std::exp(d->coefficient * k),
                         .lower = std::exp(d->lower * k),
                         .upper = std::exp(d->upper * k),
                         .outer_lower = std::exp(d->clustered_lower * k),
                         .outer_upper = std::exp(d->clustered_upper * k)};
    if (d->planted) row.marker = std::exp(d->planted->value * k);
    intervals.push_back(row);
    bars.push_back({.label = d->feature,
                    .value = d->shap_mean_abs,
                    .note = d->shap_high_sign == 0 ? "" : "high " + HighText(d->shap_high_sign)});
  }
  doc.BeginRow();
  doc.Raw(report::IntervalChart(intervals, {.title = "Odds ratio, 95% credible interval",
                                            .x_label = "odds ratio (log scale)",
                                            .marker_label = "planted",
                                            .outer_label = "clustered by customer",
                                            .width = 760,
                                            .label_width = 380}));
  doc.Raw(report::BarChart(bars, {.title = "XGBoost mean |SHAP|",
                                  .value_label = "mean |SHAP| (log-odds)",
                                  .width = 700,
                                  .label_width = 330}));
  doc.EndRow();
  doc.Heading("Every driver");
  const bool planted = s.planted_mapped > 0;
  std::vector<std::string> header = {"feature",     "kind",
                                     "log-odds per unit [95% CI]", "odds ratio [95% CI]",
                                     "odds ratio, clustered 95%",  "mean |SHAP|",
                                     "when high"};
  if (planted) header.insert(header.end(), {"planted", "sign", "inside", "inside (clustered)"});
  std::vector<std::vector<std::string>> rows;
  for (const Driver& d : s.drivers) rows.push_back(TableRow(d, planted));
  doc.Table(header, rows);
  if (planted) PlantedSection(s, doc);
  doc.Note(fmt::format(
      "Newton converged in {} steps; largest |gradient| at the mode {:.2g}. The Laplace interval "
      "treats the {} rows as independent; the clustered interval measures the spread between "
      "the {} customers (sandwich covariance), the honest one for customer-month data. Missing "
      "values were replaced by the feature's mean. docs/explain.md explains the method.",
      s.iterations, s.max_abs_gradient, s.rows, s.customers));
  return doc.Render();
}

std::string DriversJson(const ExplainSummary& s) {
  nlohmann::ordered_json drivers = nlohmann::ordered_json::array();
  for (const Driver& d : s.drivers) {
    nlohmann::ordered_json j = {{"feature", d.feature},
                                {"kind", DriverKindName(d.kind)},
                                {"reference", d.reference},
                                {"coefficient", d.coefficient},
                                {"lower_95", d.lower},
                                {"upper_95", d.upper},
                                {"posterior_sd", d.sd},
                                {"odds_ratio", d.odds_ratio},
                                {"odds_ratio_lower_95", d.odds_ratio_lower},
                                {"odds_ratio_upper_95", d.odds_ratio_upper},
                                {"clustered_lower_95", d.clustered_lower},
                                {"clustered_upper_95", d.clustered_upper},
                                {"clustered_sd", d.clustered_sd},
                                {"feature_sd", d.feature_sd},
                                {"imputed", d.imputed},
                                {"shap_mean_abs", d.shap_mean_abs},
                                {"shap_high_sign", d.shap_high_sign}};
    if (d.planted) {
      j["planted"] = {{"value", d.planted->value},           {"term", d.planted->term},
                      {"proxy", d.planted->proxy},           {"note", d.planted->note},
                      {"sign_agrees", d.planted->sign_agrees},
                      {"inside_interval", d.planted->inside_interval},
                      {"inside_clustered_interval", d.planted->inside_clustered_interval}};
    }
    drivers.push_back(std::move(j));
  }
  nlohmann::ordered_json doc = {
      {"model_version", s.version},   {"dataset", s.dataset},
      {"start_month", s.start_month}, {"max_month", s.max_month},
      {"rows", s.rows},               {"positives", s.positives},
      {"customers", s.customers},
      {"shap_rows", s.shap_rows},     {"prior_sd", s.prior_sd},
      {"iterations", s.iterations},   {"max_abs_gradient", s.max_abs_gradient},
      {"intercept", s.intercept},     {"drivers", drivers}};
  if (s.planted_mapped > 0) {
    doc["planted"] = {{"mapped", s.planted_mapped},
                      {"sign_agrees", s.planted_sign_agrees},
                      {"inside_interval", s.planted_inside},
                      {"inside_clustered_interval", s.planted_inside_clustered},
                      {"recovered", s.planted_recovered},
                      {"without_feature", s.planted_without_feature}};
  }
  return doc.dump(2) + "\n";
}

Status WriteDriversFiles(const std::filesystem::path& dir, ExplainSummary* summary) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IOError("explain: cannot create " + dir.string() + ": " + ec.message());
  summary->html_path = dir / "drivers.html";
  summary->json_path = dir / "drivers.json";
  ATTRITION_RETURN_IF_ERROR(registry::WriteFileAtomically(summary->json_path, DriversJson(*summary)));
  return registry::WriteFileAtomically(summary->html_path, DriversHtml(*summary));
}

}  // namespace attrition::explain
