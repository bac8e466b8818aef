// Self-contained HTML reports with inline SVG charts: no scripts, fonts or network, so a
// report opens the same in a browser, an email attachment or an air-gapped laptop.
// Everything here is pure string building; thread-safe; no errors to report.
#pragma once

#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace attrition::report {

std::string EscapeHtml(std::string_view text);

// ---- charts (each returns one <svg> element) ----

struct Series {
  std::string name;
  std::vector<double> x;
  std::vector<double> y;
  bool points = false;  // draw markers instead of a line
};

struct AxisRange {
  double min = 0.0;
  double max = 1.0;
};

struct LineChartOptions {
  std::string title;
  std::string x_label;
  std::string y_label;
  AxisRange x;
  AxisRange y;
  bool diagonal = false;  // the y = x reference line (ROC, calibration)
  int width = 440;
  int height = 330;
};

// Lines (or markers) for each series, with axes, ticks and a legend.
std::string LineChart(const std::vector<Series>& series, const LineChartOptions& options);

struct Bar {
  std::string label;
  double value = 0.0;
  std::string note;  // printed after the value, e.g. "(n=1,204)"
};

struct BarChartOptions {
  std::string title;
  std::string value_label;
  int width = 560;
  int bar_height = 18;  // horizontal bars, one row per Bar
  int label_width = 230;  // room for the labels left of the axis
  std::string value_format = "{:.3g}";
};

// Horizontal bars, largest first as given; negative values extend left of the axis.
std::string BarChart(const std::vector<Bar>& bars, const BarChartOptions& options);

struct StripRow {
  std::string label;
  std::vector<double> values;  // x positions (e.g. SHAP values), one dot each
  std::vector<double> colors;  // 0..1 per dot (normalised feature value), NaN = grey
};

struct StripChartOptions {
  std::string title;
  std::string x_label;
  int width = 620;
  int row_height = 22;
  int label_width = 230;  // room for the labels left of the axis
};

// One row of jittered dots per label, coloured blue (low) to red (high): the SHAP
// summary ("beeswarm") chart.
std::string StripChart(const std::vector<StripRow>& rows, const StripChartOptions& options);

struct Interval {
  std::string label;
  double estimate = 1.0;
  double lower = 1.0;
  double upper = 1.0;
  // A second, wider interval drawn as a thin light line behind the first (e.g. a
  // cluster-robust one); NaN for none.
  double outer_lower = std::numeric_limits<double>::quiet_NaN();
  double outer_upper = std::numeric_limits<double>::quiet_NaN();
  // A second value drawn as an open diamond on the row (e.g. the planted effect); NaN
  // for none.
  double marker = std::numeric_limits<double>::quiet_NaN();
};

struct IntervalChartOptions {
  std::string title;
  std::string x_label;
  std::string marker_label = "marker";  // legend text of Interval::marker
  std::string outer_label = "outer interval";  // legend text of the outer interval
  bool log_scale = true;   // odds ratios; REQUIRES then: every drawn value > 0
  double reference = 1.0;  // the dashed "no effect" line
  int width = 620;
  int row_height = 20;
  int label_width = 230;  // room for the labels left of the axis
};

// A forest plot: per row a dot at the estimate and a line from lower to upper, a dashed
// reference line, rows in the order given. Values outside the axis range (set by the
// intervals and markers) cannot occur; non-finite values are not drawn.
std::string IntervalChart(const std::vector<Interval>& rows, const IntervalChartOptions& options);

// ---- documents ----

// Builds one HTML page with a title, sections, tables and charts, and a small inline
// stylesheet. Not thread-safe.
class HtmlDocument {
 public:
  explicit HtmlDocument(std::string title);

  void Heading(std::string_view text);                 // a section heading (h2)
  void Paragraph(std::string_view text);               // escaped text
  void Note(std::string_view text);                    // small grey text
  void Raw(std::string_view html);                     // trusted markup, e.g. a chart
  // Key figures shown as large tiles: {"Test AUC", "0.801"}.
  void Tiles(const std::vector<std::pair<std::string, std::string>>& tiles);
  void Table(const std::vector<std::string>& header,
             const std::vector<std::vector<std::string>>& rows);
  // Charts side by side, wrapping on narrow screens.
  void BeginRow();
  void EndRow();

  std::string Render() const;

 private:
  std::string title_;
  std::string body_;
};

}  // namespace attrition::report
