#include "monitor/reports.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "attrition/calendar.h"
#include "attrition/report.h"

namespace attrition::monitoring::internal {
namespace {

std::string Fixed(double value, int digits = 3) {
  return std::isnan(value) ? "–" : fmt::format("{:.{}f}", value, digits);
}

// A month as a year fraction for chart x axes: 2024-07 → 2024.5.
double MonthAxis(const std::string& month) {
  std::optional<Month> m = ParseIsoMonth(month);
  return m ? 1970.0 + static_cast<double>(*m) / 12.0 : 0.0;
}

report::AxisRange RangeOf(const std::vector<double>& values, double pad) {
  report::AxisRange range{0, 1};
  bool first = true;
  for (double v : values) {
    if (std::isnan(v)) continue;
    if (first) range = {v, v};
    range.min = std::min(range.min, v);
    range.max = std::max(range.max, v);
    first = false;
  }
  if (range.max - range.min < 1e-9) range.max = range.min + 1;
  range.min -= pad;
  range.max += pad;
  return range;
}

// The largest PSI of each feature over the months, features in first-seen order.
std::vector<std::pair<std::string, double>> MaxPsiByFeature(
    const std::vector<MonthProfile>& months) {
  std::vector<std::pair<std::string, double>> out;
  std::map<std::string, size_t> index;
  for (const MonthProfile& month : months) {
    for (const FeatureProfile& p : month.features) {
      auto [it, inserted] = index.emplace(p.feature, out.size());
      if (inserted) out.emplace_back(p.feature, p.psi);
      double& best = out[it->second].second;
      if (std::isnan(best) || (!std::isnan(p.psi) && p.psi > best)) best = p.psi;
    }
  }
  return out;
}

}  // namespace

std::string DriftReportHtml(const DriftReportInput& input) {
  report::HtmlDocument doc("Drift report — run " + input.run_id);
  std::vector<std::pair<std::string, double>> psi = MaxPsiByFeature(input.months);
  std::vector<std::string> drifted;
  double score_psi = NAN;
  for (const auto& [feature, value] : psi) {
    if (feature == kScoreFeature) score_psi = value;
    if (!std::isnan(value) && value > kDriftAlertPsi) drifted.push_back(feature);
  }
  int64_t rows = 0;
  for (const MonthProfile& m : input.months) {
    if (!m.features.empty()) rows += m.features.back().count;
  }
  doc.Tiles({{"Model version", input.model_version},
             {"Months", std::to_string(input.months.size())},
             {"Rows scored", std::to_string(rows)},
             {"Score PSI", Fixed(score_psi)},
             {"Drifted (PSI > 0.2)", std::to_string(drifted.size())}});
  doc.Note(fmt::format(
      "Environment {}. PSI compares each month's scored rows with the training population's "
      "decile bins (baseline.json); below 0.1 is stable, 0.1–0.2 a moderate shift, above "
      "0.2 a shift that sends one alert per run.",
      input.environment));
  if (!drifted.empty()) {
    std::string list;
    for (const std::string& f : drifted) list += (list.empty() ? "" : ", ") + f;
    doc.Paragraph("Drifted: " + list);
  }

  doc.Heading("Population stability by feature (largest over the months)");
  std::vector<std::pair<std::string, double>> sorted = psi;
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return (std::isnan(a.second) ? -1 : a.second) > (std::isnan(b.second) ? -1 : b.second);
  });
  std::vector<report::Bar> bars;
  for (const auto& [feature, value] : sorted) {
    bars.push_back(
        {feature, std::isnan(value) ? 0.0 : value, value > kDriftAlertPsi ? "drift" : ""});
  }
  doc.Raw(report::BarChart(bars, {.title = "PSI", .value_label = "PSI"}));

  for (const MonthProfile& month : input.months) {
    doc.Heading("Month " + month.month);
    std::vector<std::vector<std::string>> table;
    for (const FeatureProfile& p : month.features) {
      table.push_back({p.feature, std::to_string(p.count), std::to_string(p.nulls),
                       Fixed(p.train_mean), Fixed(p.mean), Fixed(p.stddev), Fixed(p.min),
                       Fixed(p.p50), Fixed(p.max), Fixed(p.psi)});
    }
    doc.Table(
        {"feature", "rows", "nulls", "train mean", "mean", "std", "min", "median", "max", "PSI"},
        table);
  }

  doc.Heading("Attrition forecast");
  std::vector<std::vector<std::string>> forecast;
  for (const ForecastRow& f : input.forecast) {
    forecast.push_back({f.month, f.segment_type, f.segment, std::to_string(f.active_count),
                        Fixed(f.expected, 1),
                        fmt::format("{} – {}", Fixed(f.lower_90, 1), Fixed(f.upper_90, 1))});
  }
  doc.Table({"month", "segment type", "segment", "active", "expected attritions", "90% interval"},
            forecast);
  return doc.Render();
}

std::string MonitoringReportHtml(const std::vector<BacktestRow>& rows,
                                 const std::string& environment) {
  report::HtmlDocument doc("Model monitoring — backtests");
  int inside = 0;
  for (const BacktestRow& r : rows) inside += r.inside_90 ? 1 : 0;
  doc.Tiles({{"Backtested run-months", std::to_string(rows.size())},
             {"Realised inside 90% interval", fmt::format("{} of {}", inside, rows.size())},
             {"Latest AUC", rows.empty() ? "–" : Fixed(rows.back().auc)}});
  doc.Note(fmt::format(
      "Environment {}. Each row is one scoring run's month whose labels have matured "
      "(6 months later): realised AUC, precision and recall at the stored threshold, and "
      "calibration on the population scale (odds-corrected probabilities).",
      environment));
  if (rows.empty()) {
    doc.Paragraph("No scoring run has mature labels yet.");
    return doc.Render();
  }

  report::Series auc{.name = "AUC", .points = true}, precision{.name = "precision", .points = true},
      recall{.name = "recall", .points = true};
  report::Series expected{.name = "expected"}, realised{.name = "realised", .points = true},
      lower{.name = "90% lower"}, upper{.name = "90% upper"};
  std::vector<double> xs, counts;
  for (const BacktestRow& r : rows) {
    const double x = MonthAxis(r.month);
    xs.push_back(x);
    auto add = [x](report::Series& s, double v) {
      if (!std::isnan(v)) {
        s.x.push_back(x);
        s.y.push_back(v);
      }
    };
    add(auc, r.auc);
    add(precision, r.precision);
    add(recall, r.recall);
    add(expected, r.expected);
    add(realised, static_cast<double>(r.positives));
    add(lower, r.lower_90);
    add(upper, r.upper_90);
    counts.insert(counts.end(),
                  {r.expected, static_cast<double>(r.positives), r.lower_90, r.upper_90});
  }
  const report::AxisRange x_range = RangeOf(xs, 1.0 / 12.0);
  doc.BeginRow();
  doc.Raw(
      report::LineChart({auc, precision, recall}, {.title = "AUC, precision and recall over time",
                                                   .x_label = "scored month (year)",
                                                   .y_label = "metric",
                                                   .x = x_range,
                                                   .y = {0, 1}}));
  doc.Raw(report::LineChart({expected, lower, upper, realised},
                            {.title = "Expected vs realised attritions",
                             .x_label = "scored month (year)",
                             .y_label = "customers",
                             .x = x_range,
                             .y = RangeOf(counts, 1.0)}));
  // Calibration of the latest backtested month, by risk decile.
  const BacktestRow& latest = rows.back();
  report::Series calibration{.name = latest.month, .points = true};
  double top = 0.05;
  for (const DecileRow& d : latest.deciles) {
    calibration.x.push_back(d.mean_predicted);
    calibration.y.push_back(d.realised_rate);
    top = std::max({top, d.mean_predicted, d.realised_rate});
  }
  doc.Raw(report::LineChart({calibration},
                            {.title = "Calibration by risk decile (" + latest.month + ")",
                             .x_label = "mean predicted",
                             .y_label = "realised rate",
                             .x = {0, top * 1.1},
                             .y = {0, top * 1.1},
                             .diagonal = true}));
  doc.EndRow();

  doc.Heading("Backtests");
  std::vector<std::vector<std::string>> table;
  for (const BacktestRow& r : rows) {
    table.push_back({r.month, r.run_id, r.model_version, std::to_string(r.rows), Fixed(r.auc),
                     Fixed(r.precision), Fixed(r.recall), Fixed(r.mean_predicted, 4),
                     Fixed(r.realised_rate, 4), Fixed(r.expected, 1), std::to_string(r.positives),
                     fmt::format("{} – {}{}", Fixed(r.lower_90, 1), Fixed(r.upper_90, 1),
                                 r.inside_90 ? "" : " (outside)")});
  }
  doc.Table({"month", "run", "model", "rows", "AUC", "precision", "recall", "mean predicted",
             "realised rate", "expected", "realised", "90% interval"},
            table);
  doc.Heading("Calibration deciles (" + latest.month + ", run " + latest.run_id + ")");
  std::vector<std::vector<std::string>> deciles;
  for (const DecileRow& d : latest.deciles) {
    deciles.push_back({std::to_string(d.decile), std::to_string(d.rows), Fixed(d.mean_predicted, 4),
                       Fixed(d.realised_rate, 4)});
  }
  doc.Table({"risk decile", "rows", "mean predicted", "realised rate"}, deciles);
  return doc.Render();
}

}  // namespace attrition::monitoring::internal
