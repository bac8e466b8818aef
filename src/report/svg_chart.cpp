// SVG chart rendering. Coordinates are computed in a plot box inside a margin; text uses
// the viewer's default sans-serif font so nothing is fetched.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "attrition/report.h"

namespace attrition::report {
namespace {

constexpr const char* kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e",
                                    "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"};

struct Box {
  double left, top, width, height;
  AxisRange x, y;
  double X(double v) const { return left + (v - x.min) / (x.max - x.min) * width; }
  double Y(double v) const { return top + height - (v - y.min) / (y.max - y.min) * height; }
};

std::string Tick(double v) {
  if (std::fabs(v) < 1e-12) return "0";
  if (std::fabs(v) >= 1000) return fmt::format("{:.0f}", v);
  return fmt::format("{:.3g}", v);
}

// Round tick values inside [lo, hi]: multiples of 1, 2 or 5 × 10^k, about `target` of them,
// so an axis reads 0, 0.25, 0.5 rather than 0, 0.262, 0.524; whole numbers only on an axis
// whose ends are whole. Never empty for lo < hi.
std::vector<double> NiceTicks(double lo, double hi, int target = 5) {
  const double raw = (hi - lo) / std::max(target - 1, 1);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude * 10;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (magnitude * m >= raw) {
      step = magnitude * m;
      break;
    }
  }
  // An axis of whole numbers (trial 1..3) gets whole-number ticks.
  const bool whole = lo == std::floor(lo) && hi == std::floor(hi) && hi - lo >= 1;
  if (whole) step = std::max(step, 1.0);
  std::vector<double> ticks;
  for (double v = std::ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
    ticks.push_back(std::fabs(v) < step * 1e-9 ? 0.0 : v);
  }
  if (ticks.empty()) ticks = {lo, hi};
  return ticks;
}

std::string Axes(const Box& b, const std::string& x_label, const std::string& y_label) {
  std::string out;
  out += fmt::format(
      R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="#fff" stroke="#999"/>)",
      b.left, b.top, b.width, b.height);
  for (double xv : NiceTicks(b.x.min, b.x.max)) {
    out += fmt::format(
        R"(<line x1="{0:.1f}" y1="{1:.1f}" x2="{0:.1f}" y2="{2:.1f}" stroke="#eee"/>)"
        R"(<text x="{0:.1f}" y="{3:.1f}" font-size="10" text-anchor="middle">{4}</text>)",
        b.X(xv), b.top, b.top + b.height, b.top + b.height + 13, Tick(xv));
  }
  for (double yv : NiceTicks(b.y.min, b.y.max)) {
    out += fmt::format(
        R"(<line x1="{0:.1f}" y1="{1:.1f}" x2="{2:.1f}" y2="{1:.1f}" stroke="#eee"/>)"
        R"(<text x="{3:.1f}" y="{4:.1f}" font-size="10" text-anchor="end">{5}</text>)",
        b.left, b.Y(yv), b.left + b.width, b.left - 4, b.Y(yv) + 3, Tick(yv));
  }
  out += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="11" text-anchor="middle">{}</text>)",
                     b.left + b.width / 2, b.top + b.height + 30, EscapeHtml(x_label));
  out += fmt::format(
      R"~(<text transform="translate({:.1f},{:.1f}) rotate(-90)" font-size="11" text-anchor="middle">{}</text>)~",
      b.left - 36, b.top + b.height / 2, EscapeHtml(y_label));
  return out;
}

std::string Open(int width, int height, const std::string& title) {
  return fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}" font-family="sans-serif" role="img"><title>{2}</title>)"
      R"(<text x="{3}" y="16" font-size="13" font-weight="bold" text-anchor="middle">{2}</text>)",
      width, height, EscapeHtml(title), width / 2);
}

}  // namespace

std::string LineChart(const std::vector<Series>& series, const LineChartOptions& o) {
  const Box b{52, 26, o.width - 52.0 - 12.0, o.height - 26.0 - 44.0 - 16.0 * ((series.size() + 2) / 3),
              o.x, o.y};
  std::string out = Open(o.width, o.height, o.title) + Axes(b, o.x_label, o.y_label);
  if (o.diagonal) {
    out += fmt::format(
        R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#aaa" stroke-dasharray="4 3"/>)",
        b.X(std::max(o.x.min, o.y.min)), b.Y(std::max(o.x.min, o.y.min)),
        b.X(std::min(o.x.max, o.y.max)), b.Y(std::min(o.x.max, o.y.max)));
  }
  for (size_t s = 0; s < series.size(); ++s) {
    const char* color = kPalette[s % std::size(kPalette)];
    const Series& ser = series[s];
    std::string points;
    for (size_t i = 0; i < ser.x.size() && i < ser.y.size(); ++i) {
      if (!std::isfinite(ser.x[i]) || !std::isfinite(ser.y[i])) continue;
      const double px = b.X(std::clamp(ser.x[i], o.x.min, o.x.max));
      const double py = b.Y(std::clamp(ser.y[i], o.y.min, o.y.max));
      if (ser.points) {
        out += fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="3.5" fill="{}"/>)", px, py, color);
      } else {
        points += fmt::format("{:.1f},{:.1f} ", px, py);
      }
    }
    if (!ser.points && !points.empty()) {
      out += fmt::format(R"(<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>)",
                         points, color);
    }
    const double lx = 12 + (s % 3) * (o.width - 24) / 3.0;
    const double ly = o.height - 8 - 16.0 * (((series.size() + 2) / 3) - 1 - s / 3);
    out += fmt::format(
        R"(<rect x="{:.1f}" y="{:.1f}" width="10" height="10" fill="{}"/><text x="{:.1f}" y="{:.1f}" font-size="11">{}</text>)",
        lx, ly - 9, color, lx + 14, ly, EscapeHtml(ser.name));
  }
  return out + "</svg>";
}

std::string BarChart(const std::vector<Bar>& bars, const BarChartOptions& o) {
  const double label_width = o.label_width;
  const double value_width = 110;
  const int height = 40 + static_cast<int>(bars.size()) * o.bar_height + 22;
  double lo = 0, hi = 0;
  for (const Bar& bar : bars) {
    lo = std::min(lo, bar.value);
    hi = std::max(hi, bar.value);
  }
  if (hi - lo <= 0) hi = lo + 1;
  const double plot_left = label_width;
  const double plot_width = o.width - label_width - value_width;
  auto X = [&](double v) { return plot_left + (v - lo) / (hi - lo) * plot_width; };
  std::string out = Open(o.width, height, o.title);
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& bar = bars[i];
    const double y = 30 + i * o.bar_height;
    const double x0 = X(std::min(0.0, bar.value));
    const double x1 = X(std::max(0.0, bar.value));
    out += fmt::format(
        R"(<text x="{:.1f}" y="{:.1f}" font-size="11" text-anchor="end">{}</text>)"
        R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}"/>)"
        R"(<text x="{:.1f}" y="{:.1f}" font-size="10">{} {}</text>)",
        label_width - 6, y + o.bar_height * 0.7, EscapeHtml(bar.label), x0, y + 2,
        std::max(1.0, x1 - x0), o.bar_height - 4.0, bar.value < 0 ? "#1f77b4" : "#d62728",
        X(hi) + 6, y + o.bar_height * 0.7, EscapeHtml(fmt::format(fmt::runtime(o.value_format), bar.value)),
        EscapeHtml(bar.note));
  }
  const double axis_y = 30 + bars.size() * o.bar_height + 4;
  out += fmt::format(
      R"(<line x1="{0:.1f}" y1="26" x2="{0:.1f}" y2="{1:.1f}" stroke="#999"/>)"
      R"(<text x="{2:.1f}" y="{3:.1f}" font-size="11" text-anchor="middle">{4}</text>)",
      X(0), axis_y, plot_left + plot_width / 2, axis_y + 14, EscapeHtml(o.value_label));
  return out + "</svg>";
}

std::string StripChart(const std::vector<StripRow>& rows, const StripChartOptions& o) {
  const double label_width = o.label_width;
  const int height = 40 + static_cast<int>(rows.size()) * o.row_height + 40;
  double lo = 0, hi = 0;
  for (const StripRow& row : rows) {
    for (double v : row.values) {
      if (!std::isfinite(v)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (hi - lo <= 0) hi = lo + 1;
  const Box b{label_width, 28, o.width - label_width - 16, rows.size() * double(o.row_height),
              {lo, hi}, {0, 1}};
  std::string out = Open(o.width, height, o.title);
  out += fmt::format(R"(<line x1="{0:.1f}" y1="{1:.1f}" x2="{0:.1f}" y2="{2:.1f}" stroke="#999"/>)",
                     b.X(0), b.top, b.top + b.height);
  for (size_t r = 0; r < rows.size(); ++r) {
    const StripRow& row = rows[r];
    const double yc = b.top + (r + 0.5) * o.row_height;
    out += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="11" text-anchor="end">{}</text>)",
                       label_width - 6, yc + 4, EscapeHtml(row.label));
    for (size_t i = 0; i < row.values.size(); ++i) {
      if (!std::isfinite(row.values[i])) continue;
      // Deterministic jitter: a low-discrepancy sequence keeps the file byte-stable.
      const double jitter = (std::fmod(i * 0.6180339887, 1.0) - 0.5) * (o.row_height - 6);
      const double c = i < row.colors.size() ? row.colors[i] : NAN;
      const std::string color =
          std::isfinite(c) ? fmt::format("rgb({},{},{})", static_cast<int>(40 + 200 * c), 60,
                                         static_cast<int>(240 - 200 * c))
                           : "#aaa";
      out += fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="2" fill="{}" fill-opacity="0.6"/>)",
                         b.X(row.values[i]), yc + jitter, color);
    }
  }
  for (double v : NiceTicks(lo, hi)) {
    out += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="10" text-anchor="middle">{}</text>)",
                       b.X(v), b.top + b.height + 13, Tick(v));
  }
  out += fmt::format(
      R"(<text x="{:.1f}" y="{:.1f}" font-size="11" text-anchor="middle">{}</text>)"
      R"~(<text x="{:.1f}" y="{:.1f}" font-size="10" fill="rgb(40,60,240)">&#9679; low feature value</text>)~"
      R"~(<text x="{:.1f}" y="{:.1f}" font-size="10" fill="rgb(240,60,40)">&#9679; high</text>)~",
      b.left + b.width / 2, b.top + b.height + 28, EscapeHtml(o.x_label), b.left,
      b.top + b.height + 28 + 10, b.left + 120, b.top + b.height + 28 + 10);
  return out + "</svg>";
}

namespace {

// Tick values for a log axis over [lo, hi] (both > 0): 1-2-5 steps per decade, thinned
// to decades when there are many.
std::vector<double> LogTicks(double lo, double hi) {
  std::vector<double> ticks;
  for (int e = static_cast<int>(std::floor(std::log10(lo))); e <= std::ceil(std::log10(hi)); ++e) {
    for (double m : {1.0, 2.0, 5.0}) {
      const double v = m * std::pow(10.0, e);
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) ticks.push_back(v);
    }
  }
  if (ticks.size() > 9) {
    std::erase_if(ticks, [](double v) {
      const double m = v / std::pow(10.0, std::floor(std::log10(v) + 1e-9));
      return std::fabs(m - 1) > 1e-6;
    });
  }
  if (ticks.empty()) ticks = {lo, hi};
  return ticks;
}

}  // namespace

std::string IntervalChart(const std::vector<Interval>& rows, const IntervalChartOptions& o) {
  const auto scale = [&](double v) { return o.log_scale ? std::log(v) : v; };
  const auto drawable = [&](double v) { return std::isfinite(v) && (!o.log_scale || v > 0); };
  double lo = o.reference, hi = o.reference;
  for (const Interval& row : rows) {
    for (double v : {row.estimate, row.lower, row.upper, row.outer_lower, row.outer_upper,
                     row.marker}) {
      if (!drawable(v)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (o.log_scale) {
    lo /= 1.1;
    hi *= 1.1;
  } else {
    const double pad = std::max(hi - lo, 1e-9) * 0.05;
    lo -= pad;
    hi += pad;
  }
  const double label_width = o.label_width;
  const int height = 40 + static_cast<int>(rows.size()) * o.row_height + 44;
  const Box b{label_width, 28, o.width - label_width - 16, rows.size() * double(o.row_height),
              {scale(lo), scale(hi)}, {0, 1}};
  const auto X = [&](double v) { return b.X(scale(v)); };
  std::string out = Open(o.width, height, o.title);
  const std::vector<double> ticks = o.log_scale ? LogTicks(lo, hi) : NiceTicks(lo, hi);
  for (double v : ticks) {
    out += fmt::format(
        R"(<line x1="{0:.1f}" y1="{1:.1f}" x2="{0:.1f}" y2="{2:.1f}" stroke="#eee"/>)"
        R"(<text x="{0:.1f}" y="{3:.1f}" font-size="10" text-anchor="middle">{4}</text>)",
        X(v), b.top, b.top + b.height, b.top + b.height + 13, Tick(v));
  }
  out += fmt::format(
      R"(<line x1="{0:.1f}" y1="{1:.1f}" x2="{0:.1f}" y2="{2:.1f}" stroke="#888" stroke-dasharray="4 3"/>)",
      X(o.reference), b.top, b.top + b.height);
  bool any_marker = false, any_outer = false;
  for (size_t r = 0; r < rows.size(); ++r) {
    const Interval& row = rows[r];
    const double yc = b.top + (r + 0.5) * o.row_height;
    out += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="11" text-anchor="end">{}</text>)",
                       label_width - 6, yc + 4, EscapeHtml(row.label));
    if (drawable(row.outer_lower) && drawable(row.outer_upper)) {
      any_outer = true;
      out += fmt::format(
          R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#9ecae1" stroke-width="6" stroke-linecap="round"/>)",
          X(row.outer_lower), yc, X(row.outer_upper), yc);
    }
    if (drawable(row.lower) && drawable(row.upper)) {
      out += fmt::format(
          R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#1f77b4" stroke-width="2"/>)",
          X(row.lower), yc, X(row.upper), yc);
    }
    if (drawable(row.estimate)) {
      out += fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="3.5" fill="#1f77b4"/>)",
                         X(row.estimate), yc);
    }
    if (drawable(row.marker)) {
      any_marker = true;
      const double mx = X(row.marker);
      out += fmt::format(
          R"(<polygon points="{:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f}" fill="none" stroke="#d62728" stroke-width="1.5"/>)",
          mx, yc - 5, mx + 5, yc, mx, yc + 5, mx - 5, yc);
    }
  }
  const double legend_y = b.top + b.height + 40;
  out += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="11" text-anchor="middle">{}</text>)",
                     b.left + b.width / 2, b.top + b.height + 28, EscapeHtml(o.x_label));
  out += fmt::format(
      R"(<circle cx="{:.1f}" cy="{:.1f}" r="3.5" fill="#1f77b4"/><text x="{:.1f}" y="{:.1f}" font-size="10">estimate and 95% interval</text>)",
      b.left + 4, legend_y - 3, b.left + 12, legend_y);
  if (any_outer) {
    out += fmt::format(
        R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#9ecae1" stroke-width="6"/><text x="{:.1f}" y="{:.1f}" font-size="10">{}</text>)",
        b.left + 165, legend_y - 3, b.left + 180, legend_y - 3, b.left + 185, legend_y,
        EscapeHtml(o.outer_label));
  }
  if (any_marker) {
    out += fmt::format(
        R"(<text x="{:.1f}" y="{:.1f}" font-size="10" fill="#d62728">&#9671; {}</text>)",
        b.left + (any_outer ? 330 : 180), legend_y, EscapeHtml(o.marker_label));
  }
  return out + "</svg>";
}

}  // namespace attrition::report
