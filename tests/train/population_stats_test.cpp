#include "train/population_stats.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace attrition::train {
namespace {

TEST(LinearQuantile, MatchesNumpysDefaultInterpolation) {
  const std::vector<double> v = {1, 2, 4, 8};
  EXPECT_DOUBLE_EQ(LinearQuantile(v, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(LinearQuantile(v, 0.5), 3.0);     // numpy.quantile([1,2,4,8], .5)
  EXPECT_DOUBLE_EQ(LinearQuantile(v, 0.9), 6.8);     // 4 + 0.7 * 4
  EXPECT_DOUBLE_EQ(LinearQuantile(v, 1.0), 8.0);
}

TEST(ComputeDecileBins, PutsValuesEqualToAnEdgeInTheLowerBinAndCountsNulls) {
  std::vector<float> values;
  for (int i = 1; i <= 10; ++i) values.push_back(static_cast<float>(i));
  values.push_back(NAN);
  values.push_back(NAN);
  const DecileBins bins = ComputeDecileBins(values);
  // numpy: quantile(1..10, [.1 .. .9]) = 1.9, 2.8, ..., 9.1
  ASSERT_EQ(bins.edges.size(), 9u);
  EXPECT_NEAR(bins.edges[0], 1.9, 1e-12);
  EXPECT_NEAR(bins.edges[8], 9.1, 1e-12);
  ASSERT_EQ(bins.proportions.size(), 10u);
  for (double p : bins.proportions) EXPECT_NEAR(p, 1.0 / 12, 1e-12);
  EXPECT_NEAR(bins.null_proportion, 2.0 / 12, 1e-12);
}

TEST(ComputeDecileBins, MergesRepeatedEdgesOfALowCardinalityFeature) {
  std::vector<float> values(100, 0.0f);
  for (int i = 0; i < 30; ++i) values[i] = 1.0f;
  const DecileBins bins = ComputeDecileBins(values);
  // numpy.unique(numpy.quantile(x, [.1 .. .9])): the 70% quantile interpolates to 0.3.
  ASSERT_EQ(bins.edges.size(), 3u);
  EXPECT_EQ(bins.edges[0], 0.0);
  EXPECT_NEAR(bins.edges[1], 0.3, 1e-12);
  EXPECT_EQ(bins.edges[2], 1.0);
  ASSERT_EQ(bins.proportions.size(), 4u);
  EXPECT_NEAR(bins.proportions[0], 0.7, 1e-12);  // (-inf, 0]
  EXPECT_NEAR(bins.proportions[1], 0.0, 1e-12);  // (0, 0.3]
  EXPECT_NEAR(bins.proportions[2], 0.3, 1e-12);  // (0.3, 1]
  EXPECT_NEAR(bins.proportions[3], 0.0, 1e-12);
}

TEST(ProfileJson, DescribesEveryFeatureOfTheGivenRows) {
  model::DenseMatrix x(4, 2);
  const float values[4][2] = {{1, NAN}, {2, 5}, {3, 5}, {100, NAN}};
  for (size_t r = 0; r < 4; ++r) {
    for (size_t c = 0; c < 2; ++c) x.at(r, c) = values[r][c];
  }
  const std::vector<size_t> rows = {0, 1, 2};  // row 3 is not in the population
  const auto profile = ProfileJson(x, rows, {"A", "B"});
  EXPECT_EQ(profile["A"]["count"], 3);
  EXPECT_EQ(profile["A"]["nulls"], 0);
  EXPECT_DOUBLE_EQ(profile["A"]["mean"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(profile["A"]["std"].get<double>(), std::sqrt(2.0 / 3.0));
  EXPECT_DOUBLE_EQ(profile["A"]["max"].get<double>(), 3.0);
  EXPECT_EQ(profile["B"]["nulls"], 1);
  EXPECT_DOUBLE_EQ(profile["B"]["p50"].get<double>(), 5.0);
}

}  // namespace
}  // namespace attrition::train
