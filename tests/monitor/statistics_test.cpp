// The statistics behind monitoring: the Poisson-binomial interval, the feature profile
// (quantiles) and PSI against train's own bins, and the backtest AUC.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "attrition/linear_quantile.h"
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

// The profile as computed before the radix sort: std::sort of the doubles, sums over the
// sorted values, numpy "linear" quantiles.
FeatureProfile ReferenceDescribe(std::span<const float> values) {
  FeatureProfile p{.feature = "X"};
  std::vector<double> sorted;
  for (float v : values) {
    if (!std::isnan(v)) sorted.push_back(v);
  }
  std::sort(sorted.begin(), sorted.end());
  p.count = static_cast<int64_t>(values.size());
  p.nulls = static_cast<int64_t>(values.size() - sorted.size());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  p.mean = p.stddev = p.min = p.p05 = p.p25 = p.p50 = p.p75 = p.p95 = p.max = nan;
  if (sorted.empty()) return p;
  double sum = 0;
  for (double v : sorted) sum += v;
  p.mean = sum / static_cast<double>(sorted.size());
  double squares = 0;
  for (double v : sorted) squares += (v - p.mean) * (v - p.mean);
  p.stddev = std::sqrt(squares / static_cast<double>(sorted.size()));
  p.min = sorted.front();
  p.max = sorted.back();
  auto quantile = [&](double q) { return LinearQuantile(sorted, q); };
  p.p05 = quantile(0.05);
  p.p25 = quantile(0.25);
  p.p50 = quantile(0.50);
  p.p75 = quantile(0.75);
  p.p95 = quantile(0.95);
  return p;
}

// The same double bit for bit (any NaN equals any NaN).
::testing::AssertionResult Identical(double a, double b) {
  if ((std::isnan(a) && std::isnan(b)) ||
      std::bit_cast<uint64_t>(a) == std::bit_cast<uint64_t>(b)) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << std::hexfloat << a << " != " << b;
}

void ExpectSameProfile(std::span<const float> values) {
  const FeatureProfile got = Describe("X", values), want = ReferenceDescribe(values);
  SCOPED_TRACE(::testing::Message() << values.size() << " values");
  EXPECT_EQ(got.count, want.count);
  EXPECT_EQ(got.nulls, want.nulls);
  EXPECT_TRUE(Identical(got.mean, want.mean));
  EXPECT_TRUE(Identical(got.stddev, want.stddev));
  EXPECT_TRUE(Identical(got.min, want.min));
  EXPECT_TRUE(Identical(got.p05, want.p05));
  EXPECT_TRUE(Identical(got.p25, want.p25));
  EXPECT_TRUE(Identical(got.p50, want.p50));
  EXPECT_TRUE(Identical(got.p75, want.p75));
  EXPECT_TRUE(Identical(got.p95, want.p95));
  EXPECT_TRUE(Identical(got.max, want.max));
}

TEST(Describe, MatchesAFullSortBitForBit) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  ExpectSameProfile(std::vector<float>{});
  ExpectSameProfile(std::vector<float>{nan, nan});
  ExpectSameProfile(std::vector<float>{3.5f});
  ExpectSameProfile(std::vector<float>{nan, -2.25f});
  ExpectSameProfile(std::vector<float>{7.0f, -1.0f});
  ExpectSameProfile(std::vector<float>{1.0f, 1.0f});
  ExpectSameProfile(std::vector<float>{2.0f, nan, -inf, 5.0f, inf, 0.0f});
  std::mt19937_64 rng(11);
  for (size_t n : {3, 17, 255, 256, 257, 1000, 50000}) {
    // Continuous values of mixed sign and scale, with NaNs.
    std::normal_distribution<float> normal(0.5f, 40.0f);
    std::bernoulli_distribution missing(0.07);
    std::vector<float> values(n);
    for (float& v : values) v = missing(rng) ? nan : normal(rng) * (missing(rng) ? 1e-3f : 1.0f);
    ExpectSameProfile(values);
    // Heavy ties: small counts and 0/1 flags, with NaNs.
    std::uniform_int_distribution<int> small(-3, 12);
    for (float& v : values) v = missing(rng) ? nan : static_cast<float>(small(rng));
    ExpectSameProfile(values);
    for (float& v : values) v = std::bernoulli_distribution(0.1)(rng) ? 1.0f : 0.0f;
    ExpectSameProfile(values);
    // Ties of fractional values (the score's probabilities at float precision).
    std::uniform_int_distribution<int> level(0, 40);
    for (float& v : values) v = static_cast<float>(level(rng)) / 37.0f;
    ExpectSameProfile(values);
  }
}

// The profile's PSI (over the sorted values) equals Psi's per-value binning, also when
// edges repeat, are infinite or are not usable for the sorted path (NaN, unordered).
TEST(ProfileFeature, PsiMatchesThePerValueBinning) {
  std::mt19937_64 rng(5);
  std::normal_distribution<float> normal;
  std::vector<float> values(4000);
  for (float& v : values) v = std::round(normal(rng) * 4.0f) / 4.0f;
  for (size_t i = 0; i < values.size(); i += 13) values[i] = NAN;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<std::vector<double>> edge_sets = {{},
                                                      {0.0},
                                                      {-1.0, -0.25, 0.0, 0.0, 0.5, 2.0},
                                                      {-inf, 0.0, inf},
                                                      {0.5, nan, 1.0},
                                                      {1.0, -1.0, 0.25}};
  for (const std::vector<double>& edges : edge_sets) {
    std::vector<double> expected(edges.size() + 1, 1.0 / static_cast<double>(edges.size() + 1));
    MonthRows rows{.month = "2024-01"};
    rows.features = {values};
    rows.probs.assign(values.size(), 0.1);
    nlohmann::json baseline = {
        {"features",
         {{"X", {{"edges", edges}, {"proportions", expected}, {"null_proportion", 0.05}}}}}};
    const FeatureProfile p = ProfileFeature(rows, 0, {"X"}, baseline, nlohmann::json::object());
    EXPECT_TRUE(Identical(p.psi, Psi(values, edges, expected, 0.05))) << edges.size() << " edges";
  }
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
