#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "attrition/report.h"

namespace attrition::report {
namespace {

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

TEST(IntervalChart, DrawsEachRowsEstimateIntervalAndMarker) {
  const std::string svg = IntervalChart(
      {{.label = "IS_SR", .estimate = 0.7, .lower = 0.6, .upper = 0.8, .marker = 0.64},
       {.label = "A<B", .estimate = 2.0, .lower = 1.5, .upper = 2.5, .outer_lower = 1.2,
        .outer_upper = 3.0}},
      {.title = "Odds ratios", .marker_label = "planted", .outer_label = "clustered"});
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_EQ(Count(svg, "<circle"), 3u);   // two estimates and the legend's dot
  EXPECT_EQ(Count(svg, "<polygon"), 1u);  // one marker
  EXPECT_NE(svg.find("A&lt;B"), std::string::npos);
  EXPECT_NE(svg.find("planted"), std::string::npos);
  EXPECT_NE(svg.find("clustered"), std::string::npos);
  EXPECT_NE(svg.find(">1</text>"), std::string::npos);  // the reference's tick on the log axis
}

TEST(IntervalChart, SkipsValuesALogAxisCannotShow) {
  const std::string svg = IntervalChart(
      {{.label = "x", .estimate = NAN, .lower = 0, .upper = INFINITY}}, {.title = "t"});
  EXPECT_EQ(Count(svg, "<circle"), 1u);  // only the legend's dot
  EXPECT_EQ(svg.find("nan"), std::string::npos);
  EXPECT_EQ(svg.find("inf"), std::string::npos);
}

}  // namespace
}  // namespace attrition::report
