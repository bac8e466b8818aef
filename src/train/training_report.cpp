#include "train/training_report.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "attrition/report.h"

namespace attrition::train {
namespace {

using report::HtmlDocument;

std::string Count(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string Percent(double share) { return fmt::format("{:.1f}%", 100.0 * share); }

// Pixels the longest of `labels` needs at the charts' 11px sans-serif font. Feature names
// are mostly capitals, digits and underscores, 7-8 px each (Chromium with Liberation Sans
// clipped "NUM_REGULAR_COMPLAINT_LOOKBACK_18M_SCORE" at 7 px per character); lower case is
// narrower, so 8 px per character errs on the side of room.
int LabelWidth(const std::vector<std::string>& labels) {
  size_t longest = 0;
  for (const std::string& label : labels) longest = std::max(longest, label.size());
  return std::max(120, static_cast<int>(longest) * 8 + 12);
}

// A 2x2 table with cells shaded by their share of the row (actual class).
std::string ConfusionTable(const Confusion& c) {
  auto cell = [](int64_t n, int64_t row_total, bool correct) {
    const double share = row_total ? static_cast<double>(n) / row_total : 0.0;
    const int alpha = static_cast<int>(20 + 200 * share);
    return fmt::format(
        "<td style=\"background:rgba({},{:.2f});text-align:center;padding:14px 22px\">"
        "<b>{}</b><br><span style=\"font-size:11px\">{} of actual</span></td>",
        correct ? "44,160,44" : "214,39,40", alpha / 255.0, Count(n), Percent(share));
  };
  const int64_t negatives = c.tn + c.fp, positives = c.fn + c.tp;
  return fmt::format(
      "<table><thead><tr><th></th><th>predicted 0</th><th>predicted 1</th>"
      "</tr></thead><tbody><tr><th>actual 0</th>{}{}</tr>"
      "<tr><th>actual 1</th>{}{}</tr></tbody></table>",
      cell(c.tn, negatives, true), cell(c.fp, negatives, false), cell(c.fn, positives, false),
      cell(c.tp, positives, true));
}

report::Series RocSeries(const SetEvaluation& set) {
  report::Series s{.name = fmt::format("{} (AUC {:.3f})", set.name, set.auc)};
  for (const CurvePoint& p : set.curve) {
    s.x.push_back(p.fpr);
    s.y.push_back(p.tpr);
  }
  return s;
}

report::Series PrSeries(const SetEvaluation& set) {
  report::Series s{.name = set.name};
  for (size_t i = 1; i < set.curve.size(); ++i) {
    s.x.push_back(set.curve[i].tpr);
    s.y.push_back(set.curve[i].precision);
  }
  return s;
}

void HeadlineSection(const TrainingRun& run, HtmlDocument& doc) {
  const SetEvaluation& test = run.test_set;
  doc.Tiles({
      {"Test AUC", fmt::format("{:.4f}", test.auc)},
      {"Test F1 at threshold", fmt::format("{:.3f}", test.confusion.F1())},
      {"Decision threshold", fmt::format("{:.3f}", run.threshold.threshold)},
      {"Test positives rate", Percent(test.positive_rate())},
      {"Precision / recall", fmt::format("{:.2f} / {:.2f}", test.confusion.Precision(),
                                         test.confusion.Recall())},
      {"Rows fit / valid / test",
       fmt::format("{} / {} / {}", Count(run.fit_rows), Count(run.valid_set.rows),
                   Count(test.rows))},
      {"Tuning trials", std::to_string(run.trials.size())},
  });
  std::string window = run.as_of ? fmt::format("{}..{} (as-of {})",
                                                FormatMonth(run.train.start_month),
                                                FormatMonth(run.train.max_month),
                                                FormatMonth(*run.as_of))
                                 : "no MONTH column";
  doc.Note(fmt::format("Version {} trained {} on {} (target {}), months {}. Split: {}. "
                       "Sampling: {}. XGBoost {}.",
                       run.version.empty() ? "(unregistered)" : run.version, run.created,
                       run.dataset, run.target, window, run.split_description,
                       config::ToString(run.train.sampling), run.xgboost_version));
}

void QualitySection(const TrainingRun& run, HtmlDocument& doc) {
  const SetEvaluation& test = run.test_set;
  doc.Heading("Test set at the decision threshold");
  doc.Paragraph(fmt::format(
      "Rows scored at or above {:.3f} are predicted 1 ({} = 1). Of the {} test rows that "
      "flags {}, of which {} are really 1 (precision {:.1f}%), catching {} of the {} "
      "positives (recall {:.1f}%). Accuracy {:.1f}%.",
      run.threshold.threshold, run.target, Count(test.rows),
      Count(test.confusion.tp + test.confusion.fp),
      Count(test.confusion.tp), 100 * test.confusion.Precision(), Count(test.confusion.tp),
      Count(test.positives), 100 * test.confusion.Recall(), 100 * test.confusion.Accuracy()));
  doc.Raw(ConfusionTable(test.confusion));
  doc.Heading("Ranking quality");
  doc.BeginRow();
  doc.Raw(report::LineChart({RocSeries(test), RocSeries(run.valid_set), RocSeries(run.train_set)},
                            {.title = "ROC curve",
                             .x_label = "false-positive rate",
                             .y_label = "true-positive rate",
                             .diagonal = true}));
  doc.Raw(report::LineChart({PrSeries(test), PrSeries(run.valid_set)},
                            {.title = "Precision-recall",
                             .x_label = "recall",
                             .y_label = "precision"}));
  doc.EndRow();
}

void DecileSection(const TrainingRun& run, HtmlDocument& doc) {
  const SetEvaluation& test = run.test_set;
  doc.Heading("Calibration, lift and gains (test set, by risk decile: 10 = highest risk)");
  report::Series calibration{.name = "model probability", .points = true};
  report::Series corrected{.name = "odds-corrected", .points = true};
  for (const DecileRow& d : run.test_deciles_corrected) {
    corrected.x.push_back(d.mean_score);
    corrected.y.push_back(d.observed_rate);
  }
  report::Series gains{.name = "model"};
  gains.x.push_back(0);
  gains.y.push_back(0);
  double max_rate = 0;
  int64_t rows_so_far = 0;
  for (const DecileRow& d : test.deciles) {
    calibration.x.push_back(d.mean_score);
    calibration.y.push_back(d.observed_rate);
    max_rate = std::max({max_rate, d.mean_score, d.observed_rate});
    rows_so_far += d.rows;
    gains.x.push_back(static_cast<double>(rows_so_far) / std::max<int64_t>(1, test.rows));
    gains.y.push_back(d.cumulative_gain);
  }
  const double top = std::min(1.0, std::ceil(max_rate * 10 + 0.5) / 10);
  doc.BeginRow();
  std::vector<report::Series> calibration_series = {calibration};
  if (!corrected.x.empty()) calibration_series.push_back(corrected);
  doc.Raw(report::LineChart(calibration_series, {.title = "Calibration",
                                            .x_label = "mean predicted probability",
                                            .y_label = "observed positive rate",
                                            .x = {0, top},
                                            .y = {0, top},
                                            .diagonal = true}));
  doc.Raw(report::LineChart({gains}, {.title = "Cumulative gains",
                                      .x_label = "share of rows, highest scores first",
                                      .y_label = "share of positives reached",
                                      .diagonal = true}));
  doc.EndRow();
  if (run.odds_correction != 1.0) {
    doc.Note(fmt::format("The model is fit on {}-sampled data, so its probabilities overstate "
                         "the rate; the odds-corrected points multiply the odds by {:.3f}, as "
                         "batch scoring does for the forecast.",
                         config::ToString(run.train.sampling), run.odds_correction));
  }
  std::vector<std::vector<std::string>> rows;
  for (const DecileRow& d : test.deciles) {
    rows.push_back({std::to_string(d.decile), Count(d.rows), Count(d.positives),
                    fmt::format("{:.3f}", d.mean_score), Percent(d.observed_rate),
                    fmt::format("{:.2f}", d.lift), Percent(d.cumulative_gain)});
  }
  doc.Table({"risk decile (10 = highest risk, as RISK_DECILE)", "rows", "positives",
             "mean score", "positive rate", "lift", "cumulative gain (from decile 10 down)"},
            rows);
}

void DriverSection(const TrainingRun& run, HtmlDocument& doc) {
  doc.Heading("What drives the model");
  std::vector<report::Bar> bars;
  std::vector<FeatureDriver> by_gain = run.drivers;
  std::stable_sort(by_gain.begin(), by_gain.end(),
                   [](const FeatureDriver& a, const FeatureDriver& b) { return a.gain > b.gain; });
  std::vector<std::string> labels;
  for (const FeatureDriver& d : by_gain) {
    if (d.gain > 0) bars.push_back({.label = d.feature, .value = d.gain});
    labels.push_back(d.feature);
  }
  const int label_width = LabelWidth(labels);
  doc.BeginRow();
  doc.Raw(report::BarChart(bars, {.title = "Feature importance (XGBoost gain)",
                                  .value_label = "mean loss reduction per split",
                                  .width = label_width + 330,
                                  .label_width = label_width}));
  std::vector<report::StripRow> strips;
  for (size_t f = 0; f < run.shap.features.size(); ++f) {
    report::StripRow row{.label = run.shap.features[f]};
    const std::vector<float>& values = run.shap.values[f];
    float lo = INFINITY, hi = -INFINITY;
    for (float v : values) {
      if (!std::isnan(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    }
    for (size_t r = 0; r < values.size(); ++r) {
      row.values.push_back(run.shap.shap[f][r]);
      row.colors.push_back(std::isnan(values[r]) ? NAN
                           : hi > lo             ? (values[r] - lo) / (hi - lo)
                                                 : 0.5);
    }
    strips.push_back(std::move(row));
  }
  const size_t sample = run.shap.shap.empty() ? 0 : run.shap.shap.front().size();
  doc.Raw(report::StripChart(
      strips, {.title = fmt::format("SHAP summary ({} test rows)", Count(sample)),
               .x_label = "contribution to the log-odds",
               .width = label_width + 420,
               .label_width = label_width}));
  doc.EndRow();
  doc.Note("Each dot is one test row; right of zero pushes the score up. Colour is the "
           "feature's value, blue low to red high (grey missing).");
}

void TuningSection(const TrainingRun& run, HtmlDocument& doc) {
  const std::string metric(config::ToString(run.train.hyperparameters.optimize));
  doc.Heading(fmt::format("Tuning: {} TPE trials, validation {}", run.trials.size(), metric));
  report::Series value{.name = "trial", .points = true}, best{.name = "best so far"};
  double best_value = -INFINITY, lo = INFINITY, hi = -INFINITY;
  for (const TrialRecord& t : run.trials) {
    best_value = std::max(best_value, t.value);
    value.x.push_back(t.number + 1);
    value.y.push_back(t.value);
    best.x.push_back(t.number + 1);
    best.y.push_back(best_value);
    lo = std::min(lo, t.value);
    hi = std::max(hi, t.value);
  }
  const double pad = std::max(1e-3, (hi - lo) * 0.1);
  doc.Raw(report::LineChart(
      {value, best}, {.title = "Tuning trials",
                      .x_label = "trial",
                      .y_label = "validation " + metric,
                      .x = {0.5, static_cast<double>(run.trials.size()) + 0.5},
                      .y = {lo - pad, hi + pad}}));
  std::vector<std::string> header = {"trial"};
  for (const auto& [name, v] : run.trials.front().params) header.push_back(name);
  for (const char* h : {"validation", "rounds", "best round", "seconds"}) header.push_back(h);
  std::vector<std::vector<std::string>> rows;
  for (const TrialRecord& t : run.trials) {
    std::vector<std::string> row = {std::to_string(t.number + 1) +
                                    (t.number == static_cast<int>(run.best_trial) ? " (best)" : "")};
    for (const auto& [name, v] : t.params) {
      row.push_back(name == "max_depth" ? fmt::format("{:.0f}", v) : fmt::format("{:.4g}", v));
    }
    row.push_back(fmt::format("{:.5f}", t.value));
    row.push_back(std::to_string(t.rounds));
    row.push_back(std::to_string(t.best_iteration + 1));
    row.push_back(fmt::format("{:.1f}", t.seconds));
    rows.push_back(std::move(row));
  }
  doc.Table(header, rows);
}

void DataSection(const TrainingRun& run, HtmlDocument& doc) {
  doc.Heading("Data and timings");
  auto set_row = [](const SetEvaluation& s, const std::string& label) {
    return std::vector<std::string>{label, Count(s.rows), Percent(s.positive_rate()),
                                    fmt::format("{:.4f}", s.auc), fmt::format("{:.4f}", s.logloss),
                                    fmt::format("{:.3f}", s.confusion.F1())};
  };
  doc.Table({"set", "rows", "positives", "AUC", "logloss", "F1 at threshold"},
            {set_row(run.train_set, "train (fit rows before sampling)"),
             set_row(run.valid_set, fmt::format("validation ({} customers)",
                                                Count(run.valid_customers))),
             set_row(run.test_set, "test")});
  doc.Note(fmt::format(
      "{} labelled rows; {} excluded by the {}-month gap; the model was fit on {} rows "
      "({} positive) after {}-sampling {} rows ({} positive).",
      Count(run.labelled_rows), Count(run.excluded_rows), config::kLabelHorizonMonths,
      Count(run.fit_rows), Count(run.fit_positives), config::ToString(run.train.sampling),
      Count(run.fit_rows_before_sampling), Count(run.fit_positives_before_sampling)));
  std::vector<std::vector<std::string>> timing_rows;
  for (const auto& [name, seconds] : run.timings) {
    timing_rows.push_back({name, fmt::format("{:.2f}", seconds)});
  }
  doc.Table({"step", "seconds"}, timing_rows);
}

}  // namespace

std::string RenderTrainingReport(const TrainingRun& run) {
  HtmlDocument doc(run.version.empty() ? "Attrition model training report"
                                       : "Attrition model " + run.version);
  HeadlineSection(run, doc);
  QualitySection(run, doc);
  DecileSection(run, doc);
  DriverSection(run, doc);
  TuningSection(run, doc);
  DataSection(run, doc);
  return doc.Render();
}

}  // namespace attrition::train
