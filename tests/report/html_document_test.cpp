#include <gtest/gtest.h>

#include "attrition/report.h"

namespace attrition::report {
namespace {

TEST(HtmlDocument, EscapesEveryTextItIsGiven) {
  HtmlDocument doc("Churn <model> & \"drivers\"");
  doc.Paragraph("a<b");
  doc.Table({"feature"}, {{"PAYOR_TYPE_VA/Military <x>"}});
  const std::string html = doc.Render();
  EXPECT_NE(html.find("<title>Churn &lt;model&gt; &amp; &quot;drivers&quot;</title>"),
            std::string::npos);
  EXPECT_NE(html.find("<p>a&lt;b</p>"), std::string::npos);
  EXPECT_NE(html.find("<td>PAYOR_TYPE_VA/Military &lt;x&gt;</td>"), std::string::npos);
}

TEST(HtmlDocument, IsSelfContained) {
  HtmlDocument doc("r");
  doc.Raw(LineChart({{"ROC", {0, 0.5, 1}, {0, 0.8, 1}}}, {.title = "ROC", .diagonal = true}));
  const std::string html = doc.Render();
  for (const char* external : {"<script", "http://", "https://", "@import", "<link"}) {
    if (std::string(external) == "http://") {
      // The SVG namespace URI is an identifier, not a fetch.
      std::string stripped = html;
      const std::string ns = "http://www.w3.org/2000/svg";
      for (size_t p; (p = stripped.find(ns)) != std::string::npos;) stripped.erase(p, ns.size());
      EXPECT_EQ(stripped.find(external), std::string::npos);
    } else {
      EXPECT_EQ(html.find(external), std::string::npos) << external;
    }
  }
}

TEST(LineChart, DrawsOnePolylinePerSeriesAndTheDiagonal) {
  const std::string svg = LineChart({{"train", {0, 1}, {0, 1}}, {"test", {0, 1}, {1, 0}}},
                                    {.title = "t", .diagonal = true});
  size_t count = 0;
  for (size_t p = 0; (p = svg.find("<polyline", p)) != std::string::npos; ++p) ++count;
  EXPECT_EQ(count, 2u);
  EXPECT_NE(svg.find("stroke-dasharray"), std::string::npos);
  EXPECT_EQ(svg.rfind("</svg>"), svg.size() - 6);
}

TEST(BarChart, WritesEveryLabelAndValue) {
  const std::string svg = BarChart({{"NUM_AGE", 0.25, ""}, {"IS_SR", -0.5, "(n=3)"}},
                                   {.title = "importance"});
  EXPECT_NE(svg.find(">NUM_AGE<"), std::string::npos);
  EXPECT_NE(svg.find("-0.5 (n=3)"), std::string::npos);
}

}  // namespace
}  // namespace attrition::report
