#include "train/tpe.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

namespace attrition::train {
namespace {

std::vector<ParamRange> TwoDimensions() {
  return {{"x", -5.0, 5.0, ParamScale::kLinear}, {"y", 1e-3, 1.0, ParamScale::kLog}};
}

// A smooth bump with its maximum 0 at x = 1.5, y = 0.05 (log scale).
double Bump(const std::vector<double>& p) {
  const double dx = p[0] - 1.5, dy = std::log10(p[1]) - std::log10(0.05);
  return -(dx * dx + 4.0 * dy * dy);
}

double BestAfter(int trials, uint64_t seed, int startup) {
  TpeSampler sampler(TwoDimensions(), {.seed = seed, .startup_trials = startup});
  double best = -1e300;
  for (int t = 0; t < trials; ++t) {
    std::vector<double> p = sampler.Suggest();
    const double v = Bump(p);
    sampler.Tell(p, v);
    best = std::max(best, v);
  }
  return best;
}

TEST(TpeSampler, SuggestsTheSameTrialsForTheSameSeed) {
  TpeSampler a(TwoDimensions(), {.seed = 9}), b(TwoDimensions(), {.seed = 9});
  for (int t = 0; t < 25; ++t) {
    std::vector<double> pa = a.Suggest(), pb = b.Suggest();
    ASSERT_EQ(pa, pb) << "trial " << t;
    a.Tell(pa, Bump(pa));
    b.Tell(pb, Bump(pb));
  }
}

TEST(TpeSampler, KeepsSuggestionsInsideTheRanges) {
  std::vector<ParamRange> space = TwoDimensions();
  space.push_back({"depth", 3, 10, ParamScale::kInteger});
  space.push_back({"fixed", 2.5, 2.5, ParamScale::kLinear});
  TpeSampler sampler(space, {.seed = 3});
  for (int t = 0; t < 40; ++t) {
    std::vector<double> p = sampler.Suggest();
    EXPECT_GE(p[0], -5.0);
    EXPECT_LE(p[0], 5.0);
    EXPECT_GE(p[1], 1e-3);
    EXPECT_LE(p[1], 1.0);
    EXPECT_GE(p[2], 3.0);
    EXPECT_LE(p[2], 10.0);
    EXPECT_EQ(p[2], std::round(p[2]));
    EXPECT_EQ(p[3], 2.5);
    sampler.Tell(p, Bump(p) - std::abs(p[2] - 6));
  }
}

TEST(TpeSampler, StratifiesTheStartupTrialsOverASmallBudget) {
  TpeSampler sampler({{"eta", 1e-3, 1.0, ParamScale::kLog}}, {.seed = 5, .planned_trials = 3});
  std::vector<int> decades;
  for (int t = 0; t < 3; ++t) {
    std::vector<double> p = sampler.Suggest();
    sampler.Tell(p, 0.0);
    decades.push_back(static_cast<int>(std::floor(-std::log10(p[0]))));
  }
  std::sort(decades.begin(), decades.end());
  EXPECT_EQ(decades, (std::vector<int>{0, 1, 2}));  // one of 1..0.1, 0.1..0.01, 0.01..0.001
}

TEST(TpeSampler, FindsTheOptimumOfATwoDimensionalFunctionBetterThanRandomSearch) {
  constexpr int kSeeds = 30, kTrials = 40;
  double tpe = 0, random = 0;
  for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
    tpe += BestAfter(kTrials, seed, 10);
    random += BestAfter(kTrials, seed, kTrials);  // never leaves the startup phase
  }
  tpe /= kSeeds;
  random /= kSeeds;
  EXPECT_GT(tpe, random);
  EXPECT_GT(tpe, random + 0.1);  // random search averages about -0.33 here
  EXPECT_GT(tpe, -0.15);         // close to the maximum 0 on average
}

TEST(TpeSampler, IgnoresFailedTrials) {
  TpeSampler sampler(TwoDimensions(), {.seed = 1, .startup_trials = 2});
  for (int t = 0; t < 12; ++t) {
    std::vector<double> p = sampler.Suggest();
    sampler.Tell(p, t % 2 ? std::nan("") : Bump(p));
  }
  std::vector<double> p = sampler.Suggest();
  EXPECT_TRUE(std::isfinite(p[0]));
}

}  // namespace
}  // namespace attrition::train
