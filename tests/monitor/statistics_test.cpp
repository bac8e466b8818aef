// The statistics behind monitoring: the Poisson-binomial interval, PSI against train's
// own bins, and the backtest AUC.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "monitor/backtest.h"
#include "monitor/drift.h"
#include "monitor/poisson_binomial.h"
#include "train/population_stats.h"

namespace attrition::monitoring::internal {
namespace {

TEST(PoissonBinomialInterval, EqualProbabilitiesGiveTheBinomialQuantiles) {
  // Binomial(10, 0.5): P(X <= 1) = 0.0107, P(X <= 2) = 0.0547, P(X <= 7) = 0.9453,
  // P(X <= 8) = 0.9893.
  const std::vector<double> p(10, 0.5);
  CountInterval interval = PoissonBinomialInterval(p);
  EXPECT_TRUE(interval.exact);
  EXPECT_DOUBLE_EQ(interval.expected, 5.0);
  EXPECT_DOUBLE_EQ(interval.variance, 2.5);
  EXPECT_EQ(interval.lower, 2.0);
  EXPECT_EQ(interval.upper, 8.0);
}

TEST(PoissonBinomialInterval, CertainEventsGiveAPointInterval) {
  CountInterval interval = PoissonBinomialInterval(std::vector<double>{1.0, 1.0, 0.0});
  EXPECT_EQ(interval.lower, 2.0);
  EXPECT_EQ(interval.upper, 2.0);
  interval = PoissonBinomialInterval(std::vector<double>{});
  EXPECT_EQ(interval.lower, 0.0);
  EXPECT_EQ(interval.upper, 0.0);
}

TEST(PoissonBinomialInterval, LargeCountsUseTheNormalApproximationOfTheReference) {
  const std::vector<double> p(3000, 0.1);
  CountInterval interval = PoissonBinomialInterval(p);
  EXPECT_FALSE(interval.exact);
  const double sd = std::sqrt(3000 * 0.1 * 0.9);
  EXPECT_NEAR(interval.lower, 300 - 1.6448536269514722 * sd, 1e-6);
  EXPECT_NEAR(interval.upper, 300 + 1.6448536269514722 * sd, 1e-6);
}

TEST(PoissonBinomialInterval, CoversAtLeastNinetyPercentOfSimulatedCounts) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> uniform(0, 0.2);
  std::vector<double> p(400);
  for (double& v : p) v = uniform(rng);
  const CountInterval interval = PoissonBinomialInterval(p);
  int inside = 0;
  const int trials = 4000;
  for (int t = 0; t < trials; ++t) {
    int count = 0;
    for (double v : p) count += std::bernoulli_distribution(v)(rng);
    inside += count >= interval.lower && count <= interval.upper;
  }
  EXPECT_GE(inside, trials * 0.89);
  EXPECT_LE(inside, trials * 0.97);  // not a uselessly wide interval
}

TEST(Psi, IsZeroForTheTrainingPopulationItself) {
  std::mt19937_64 rng(1);
  std::normal_distribution<float> normal;
  std::vector<float> values(5000);
  for (float& v : values) v = normal(rng);
  values[3] = NAN;
  const train::DecileBins bins = train::ComputeDecileBins(values);
  EXPECT_NEAR(Psi(values, bins.edges, bins.proportions, bins.null_proportion), 0.0, 1e-12);
}

TEST(Psi, MatchesTheReferenceFormulaWithTheFloorAndTheNullBin) {
  // Bins (-inf, 0], (0, inf) expected 0.9 / 0.1, no nulls expected; actual: 2 of 4 values
  // <= 0 (0 itself goes to the lower bin), 1 above, 1 missing.
  const std::vector<float> values = {-1.0f, 0.0f, 2.0f, NAN};
  const double a[] = {0.5, 0.25, 0.25}, e[] = {0.9, 0.1, 1e-4};
  double expected = 0;
  for (int k = 0; k < 3; ++k) expected += (a[k] - e[k]) * std::log(a[k] / e[k]);
  EXPECT_NEAR(Psi(values, {0.0}, {0.9, 0.1}, 0.0), expected, 1e-12);
  // Without the null bin (the score): shares are still over all values.
  double no_null = (0.5 - 0.9) * std::log(0.5 / 0.9) + (0.25 - 0.1) * std::log(0.25 / 0.1);
  EXPECT_NEAR(Psi(values, {0.0}, {0.9, 0.1}, std::nullopt), no_null, 1e-12);
}

TEST(Psi, AShiftedOneHotColumnCrossesTheAlertThreshold) {
  std::vector<float> training(1000, 0.0f), shifted(1000, 0.0f);
  for (int i = 0; i < 100; ++i) training[i] = 1.0f;  // 10% State Medicaid
  for (int i = 0; i < 500; ++i) shifted[i] = 1.0f;   // 50%
  const train::DecileBins bins = train::ComputeDecileBins(training);
  EXPECT_GT(Psi(shifted, bins.edges, bins.proportions, bins.null_proportion), 0.2);
  EXPECT_LT(Psi(training, bins.edges, bins.proportions, bins.null_proportion), 1e-9);
}

TEST(RocAuc, CountsTiesHalfAndIsNanWithOneClass) {
  EXPECT_DOUBLE_EQ(RocAuc({0.1, 0.2, 0.8, 0.9}, {0, 0, 1, 1}), 1.0);
  EXPECT_DOUBLE_EQ(RocAuc({0.9, 0.8, 0.2, 0.1}, {0, 0, 1, 1}), 0.0);
  EXPECT_DOUBLE_EQ(RocAuc({0.5, 0.5, 0.5, 0.5}, {0, 1, 0, 1}), 0.5);
  EXPECT_DOUBLE_EQ(RocAuc({0.1, 0.4, 0.35, 0.8}, {0, 0, 1, 1}), 0.75);
  EXPECT_TRUE(std::isnan(RocAuc({0.1, 0.2}, {1, 1})));
}

}  // namespace
}  // namespace attrition::monitoring::internal
