// How the drivers report and `attrition explain` print odds ratios (explain::FormatOddsRatio).
#include <gtest/gtest.h>

#include <cmath>

#include "attrition/explain.h"

namespace attrition::explain {
namespace {

// A numeric driver with the Laplace interval [lower, upper] and the clustered one
// [clustered_lower, clustered_upper], all as odds ratios.
Driver WithOddsRatio(double estimate, double lower, double upper, double clustered_lower,
                     double clustered_upper) {
  Driver d;
  d.kind = DriverKind::kNumeric;
  d.odds_ratio = estimate;
  d.odds_ratio_lower = lower;
  d.odds_ratio_upper = upper;
  d.clustered_lower = std::log(clustered_lower);
  d.clustered_upper = std::log(clustered_upper);
  return d;
}

// The audit's "1 [1, 1]": a per-day effect printed with three significant digits.
TEST(OddsRatioText, ASmallPerUnitEffectKeepsTheDigitsThatTellTheBoundsApart) {
  const OddsRatioText text =
      FormatOddsRatio(WithOddsRatio(1.00031, 1.00012, 1.00049, 0.99981, 1.00081));
  EXPECT_EQ(text.with_interval, "1.0003 [1.0001, 1.0005]");
  EXPECT_EQ(text.clustered, "[0.9998, 1.0008]");
}

TEST(OddsRatioText, AnOrdinaryEffectHasTwoDecimals) {
  const OddsRatioText text = FormatOddsRatio(WithOddsRatio(2.5, 1.8, 3.4, 1.5, 4.1));
  EXPECT_EQ(text.with_interval, "2.50 [1.80, 3.40]");
  EXPECT_EQ(text.clustered, "[1.50, 4.10]");
}

TEST(OddsRatioText, ANumberBelowOneKeepsThreeSignificantDigits) {
  OddsRatioText text = FormatOddsRatio(WithOddsRatio(0.991, 0.978, 1.003, 0.97, 1.02));
  EXPECT_EQ(text.with_interval, "0.991 [0.978, 1.003]");
  EXPECT_EQ(text.clustered, "[0.970, 1.020]");
  text = FormatOddsRatio(WithOddsRatio(0.0012, 0.0004, 0.0036, 0.0002, 0.007));
  EXPECT_EQ(text.with_interval, "0.001200 [0.000400, 0.003600]");
  EXPECT_EQ(text.clustered, "[0.000200, 0.007000]");
}

}  // namespace
}  // namespace attrition::explain
