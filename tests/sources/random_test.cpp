#include "sources/random.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>

namespace attrition::sources {
namespace {

TEST(DeterministicMath, ExpAgreesWithLibmToAFewUlps) {
  for (double x = -700.0; x <= 700.0; x += 0.3711) {
    const double want = std::exp(x);
    EXPECT_NEAR(DeterministicExp(x), want, 4e-16 * want) << x;
  }
  EXPECT_EQ(DeterministicExp(0.0), 1.0);
  EXPECT_EQ(DeterministicExp(-800.0), 0.0);
  EXPECT_TRUE(std::isinf(DeterministicExp(800.0)));
}

TEST(DeterministicMath, LogAgreesWithLibmToAFewUlps) {
  for (double x = 1e-300; x < 1e300; x *= 1.7371) {
    const double want = std::log(x);
    EXPECT_NEAR(DeterministicLog(x), want, 4e-16 * std::max(1.0, std::fabs(want))) << x;
  }
  for (double x = 0.001; x < 1.0; x += 0.000731) {
    EXPECT_NEAR(DeterministicLog(x), std::log(x), 4e-16 * std::fabs(std::log(x)) + 1e-19) << x;
  }
  EXPECT_EQ(DeterministicLog(1.0), 0.0);
}

TEST(Rng, TheSameKeyGivesTheSameStreamAndAnotherKeyAnother) {
  Rng a(42, StreamDomain::kCustomer, 7), b(42, StreamDomain::kCustomer, 7);
  Rng c(42, StreamDomain::kCustomer, 8), d(42, StreamDomain::kFaults, 7),
      e(43, StreamDomain::kCustomer, 7);
  int same_as_other_keys = 0;
  for (int i = 0; i < 100; ++i) {
    const uint64_t x = a.NextU64();
    EXPECT_EQ(x, b.NextU64());
    same_as_other_keys += x == c.NextU64();
    same_as_other_keys += x == d.NextU64();
    same_as_other_keys += x == e.NextU64();
  }
  EXPECT_EQ(same_as_other_keys, 0);
}

TEST(Rng, TheFirstDrawsOfAKnownStreamNeverChange) {
  // Pins the generator across machines and compilers (the determinism contract).
  Rng rng(42, StreamDomain::kCustomer, 0);
  EXPECT_EQ(rng.NextU64(), 13235161040923404082ULL);
}

TEST(Rng, IntegerCoversItsHalfOpenRangeEvenly) {
  Rng rng(1, StreamDomain::kCustomer, 0);
  std::array<int, 7> counts{};
  for (int i = 0; i < 70000; ++i) {
    const int64_t v = rng.Integer(-3, 4);
    ASSERT_GE(v, -3);
    ASSERT_LT(v, 4);
    ++counts[v + 3];
  }
  for (int c : counts) EXPECT_NEAR(c, 10000, 400);
}

TEST(Rng, NormalHasMeanZeroAndUnitVariance) {
  Rng rng(2, StreamDomain::kCustomer, 0);
  double sum = 0, sum2 = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double x = rng.Normal();
    sum += x;
    sum2 += x * x;
  }
  EXPECT_NEAR(sum / n, 0.0, 0.01);
  EXPECT_NEAR(sum2 / n, 1.0, 0.015);
}

TEST(Rng, LogNormalHasTheMedianOfItsMu) {
  Rng rng(3, StreamDomain::kCustomer, 0);
  int below = 0;
  for (int i = 0; i < 20000; ++i) below += rng.LogNormal(0.0, 0.6) < 1.0;
  EXPECT_NEAR(below, 10000, 300);
}

TEST(Rng, PoissonHasMeanLambda) {
  Rng rng(4, StreamDomain::kCustomer, 0);
  for (double lambda : {0.0, 0.25, 1.5, 12.0}) {
    double sum = 0;
    for (int i = 0; i < 50000; ++i) sum += rng.Poisson(lambda);
    EXPECT_NEAR(sum / 50000, lambda, 0.02 + 0.02 * lambda) << lambda;
  }
}

TEST(Rng, PickFollowsTheShares) {
  Rng rng(5, StreamDomain::kCustomer, 0);
  const std::array<double, 3> shares = {0.5, 0.3, 0.2};
  std::array<int, 3> counts{};
  for (int i = 0; i < 100000; ++i) ++counts[rng.Pick(shares)];
  EXPECT_NEAR(counts[0], 50000, 600);
  EXPECT_NEAR(counts[1], 30000, 600);
  EXPECT_NEAR(counts[2], 20000, 600);
}

}  // namespace
}  // namespace attrition::sources
