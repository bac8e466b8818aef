// The customer-clustered covariance: equal to the Laplace one for independent rows, and
// not fooled by rows that repeat a customer.
#include "explain/clustered_covariance.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "explain/bayes_logistic.h"

namespace attrition::explain {
namespace {

struct Rows {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
};

// n customers from a known logistic model, each written `copies` times (a customer's
// months that all look alike).
Rows Simulate(int n, int copies, uint64_t seed) {
  const Eigen::Vector3d beta(-0.5, 0.7, -0.4);
  Rows r;
  r.x.resize(n * copies, 3);
  r.y.resize(n * copies);
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0, 1);
  std::uniform_real_distribution<double> uniform(0, 1);
  for (int i = 0; i < n; ++i) {
    const Eigen::RowVector3d row(1.0, normal(rng), uniform(rng) < 0.4 ? 1.0 : 0.0);
    const double y = uniform(rng) < 1 / (1 + std::exp(-row.dot(beta))) ? 1.0 : 0.0;
    for (int c = 0; c < copies; ++c) {
      r.x.row(i * copies + c) = row;
      r.y[i * copies + c] = y;
    }
  }
  return r;
}

std::vector<int32_t> Clusters(int n, int copies) {
  std::vector<int32_t> clusters;
  for (int i = 0; i < n; ++i) clusters.insert(clusters.end(), copies, i);
  return clusters;
}

Eigen::VectorXd WidePrior() { return Eigen::VectorXd::Constant(3, 100.0); }

TEST(ClusteredCovariance, AgreesWithLaplaceForIndependentRows) {
  const Rows r = Simulate(20000, 1, 1);
  auto fit = FitBayesLogistic(r.x, r.y, WidePrior());
  ASSERT_TRUE(fit.ok());
  const Eigen::MatrixXd sandwich =
      ClusteredCovariance(r.x, r.y, fit->beta, Clusters(20000, 1), 20000, fit->covariance);
  for (int j = 0; j < 3; ++j) {
    EXPECT_NEAR(std::sqrt(sandwich(j, j) / fit->covariance(j, j)), 1.0, 0.05) << j;
  }
}

TEST(ClusteredCovariance, RepeatedRowsDoNotNarrowIt) {
  const Rows once = Simulate(10000, 1, 2);
  const Rows four = Simulate(10000, 4, 2);  // the same customers, each written 4 times
  auto single = FitBayesLogistic(once.x, once.y, WidePrior());
  auto repeated = FitBayesLogistic(four.x, four.y, WidePrior());
  ASSERT_TRUE(single.ok() && repeated.ok());
  const Eigen::MatrixXd sandwich = ClusteredCovariance(
      four.x, four.y, repeated->beta, Clusters(10000, 4), 10000, repeated->covariance);
  for (int j = 0; j < 3; ++j) {
    const double honest = std::sqrt(single->covariance(j, j));
    // Laplace believes it saw 40,000 independent rows: half the sd.
    EXPECT_NEAR(std::sqrt(repeated->covariance(j, j)) / honest, 0.5, 0.02) << j;
    EXPECT_NEAR(std::sqrt(sandwich(j, j)) / honest, 1.0, 0.05) << j;
  }
}

}  // namespace
}  // namespace attrition::explain
