// The regression behind the drivers report, checked on simulated data with known
// coefficients and against independent computations of its score equations, Hessian
// and Fisher information.
#include "explain/bayes_logistic.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace attrition::explain {
namespace {

// n rows from a known logistic model: an intercept, x1 ~ N(0, 1), x2 ~ Bernoulli(0.3),
// x3 ~ N(2, 3^2).
struct Simulated {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
  Eigen::VectorXd beta;
};

Simulated Simulate(int n, uint64_t seed) {
  Simulated s;
  s.beta = Eigen::Vector4d(-1.0, 0.8, -0.5, 0.3);
  s.x.resize(n, 4);
  s.y.resize(n);
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0, 1);
  std::uniform_real_distribution<double> uniform(0, 1);
  for (int i = 0; i < n; ++i) {
    s.x.row(i) << 1.0, normal(rng), uniform(rng) < 0.3 ? 1.0 : 0.0, 2 + 3 * normal(rng);
    const double p = 1 / (1 + std::exp(-s.x.row(i).dot(s.beta)));
    s.y[i] = uniform(rng) < p ? 1.0 : 0.0;
  }
  return s;
}

Eigen::VectorXd Sds(double sd) { return Eigen::VectorXd::Constant(4, sd); }

// The penalised score X'(y - p) - beta / sd^2, written out row by row (not through
// EvaluatePosterior).
Eigen::VectorXd PenalisedScore(const Simulated& s, const Eigen::VectorXd& beta, double sd) {
  Eigen::VectorXd score = -beta / (sd * sd);
  for (Eigen::Index i = 0; i < s.x.rows(); ++i) {
    const double p = 1 / (1 + std::exp(-s.x.row(i).dot(beta)));
    score += (s.y[i] - p) * s.x.row(i).transpose();
  }
  return score;
}

TEST(BayesLogistic, MapSolvesThePenalisedScoreEquations) {
  const Simulated s = Simulate(20000, 1);
  for (double sd : {0.05, 0.5, 100.0}) {
    auto fit = FitBayesLogistic(s.x, s.y, Sds(sd));
    ASSERT_TRUE(fit.ok()) << fit.status().ToString();
    const Eigen::VectorXd score = PenalisedScore(s, fit->beta, sd);
    EXPECT_LT(score.cwiseAbs().maxCoeff(), 1e-6) << "sd " << sd << ": " << score.transpose();
    EXPECT_LT(fit->gradient.cwiseAbs().maxCoeff(), 1e-6);
  }
}

TEST(BayesLogistic, TrueCoefficientsLieInsideTheIntervalsWhoseWidthsMatchInverseFisher) {
  const Simulated s = Simulate(20000, 2);
  // A wide prior: the posterior is then the likelihood, whose spread is the inverse
  // Fisher information.
  auto fit = FitBayesLogistic(s.x, s.y, Sds(100));
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  Eigen::MatrixXd fisher = Eigen::MatrixXd::Zero(4, 4);
  for (Eigen::Index i = 0; i < s.x.rows(); ++i) {
    const double p = 1 / (1 + std::exp(-s.x.row(i).dot(s.beta)));  // at the true beta
    fisher += p * (1 - p) * s.x.row(i).transpose() * s.x.row(i);
  }
  const Eigen::MatrixXd inverse_fisher = fisher.inverse();
  for (int j = 0; j < 4; ++j) {
    const double sd = std::sqrt(fit->covariance(j, j));
    const double lower = fit->beta[j] - 1.96 * sd, upper = fit->beta[j] + 1.96 * sd;
    EXPECT_LE(lower, s.beta[j]) << "coefficient " << j;
    EXPECT_GE(upper, s.beta[j]) << "coefficient " << j;
    // The Laplace sd uses p at the estimate, Fisher's at the truth: a few percent apart.
    EXPECT_NEAR(sd / std::sqrt(inverse_fisher(j, j)), 1.0, 0.05) << "coefficient " << j;
  }
}

TEST(BayesLogistic, HessianAndGradientMatchFiniteDifferences) {
  const Simulated s = Simulate(5000, 3);
  const Eigen::VectorXd sd = Sds(1.5);
  const Eigen::VectorXd beta(Eigen::Vector4d(-0.7, 0.5, -0.2, 0.1));
  const PosteriorTerms at = EvaluatePosterior(s.x, s.y, sd, beta, 2);
  const double h = 1e-5;
  for (int j = 0; j < 4; ++j) {
    Eigen::VectorXd up = beta, down = beta;
    up[j] += h;
    down[j] -= h;
    const PosteriorTerms a = EvaluatePosterior(s.x, s.y, sd, up, 2);
    const PosteriorTerms b = EvaluatePosterior(s.x, s.y, sd, down, 2);
    const double slope = (a.log_posterior - b.log_posterior) / (2 * h);
    EXPECT_NEAR(slope, at.gradient[j], 1e-4 * std::max(1.0, std::fabs(at.gradient[j])));
    const Eigen::VectorXd column = -(a.gradient - b.gradient) / (2 * h);
    for (int k = 0; k < 4; ++k) {
      EXPECT_NEAR(column[k], at.negative_hessian(k, j), 1e-4 * at.negative_hessian(j, j))
          << "H(" << k << ", " << j << ")";
    }
  }
}

TEST(BayesLogistic, CovarianceIsTheInverseOfTheNegativeHessianAtTheMap) {
  const Simulated s = Simulate(5000, 4);
  auto fit = FitBayesLogistic(s.x, s.y, Sds(2.5));
  ASSERT_TRUE(fit.ok());
  const PosteriorTerms at = EvaluatePosterior(s.x, s.y, Sds(2.5), fit->beta, 1);
  EXPECT_TRUE((fit->covariance * at.negative_hessian).isIdentity(1e-9));
}

TEST(BayesLogistic, ANarrowPriorShrinksTowardsZero) {
  const Simulated s = Simulate(20000, 5);
  auto wide = FitBayesLogistic(s.x, s.y, Sds(100));
  auto narrow = FitBayesLogistic(s.x, s.y, Sds(0.001));
  ASSERT_TRUE(wide.ok() && narrow.ok());
  for (int j = 1; j < 4; ++j) {
    EXPECT_LT(std::fabs(narrow->beta[j]), 0.05 * std::fabs(wide->beta[j])) << j;
    EXPECT_LT(narrow->covariance(j, j), wide->covariance(j, j)) << j;
  }
}

TEST(BayesLogistic, ThreadsDoNotChangeTheFit) {
  const Simulated s = Simulate(60000, 6);
  auto one = FitBayesLogistic(s.x, s.y, Sds(2.5), {.threads = 1});
  auto two = FitBayesLogistic(s.x, s.y, Sds(2.5), {.threads = 2});
  ASSERT_TRUE(one.ok() && two.ok());
  EXPECT_TRUE(one->beta.isApprox(two->beta, 1e-10));
  EXPECT_TRUE(one->covariance.isApprox(two->covariance, 1e-10));
}

TEST(BayesLogistic, NotConvergingIsAnErrorNamingTheIterations) {
  const Simulated s = Simulate(2000, 7);
  auto fit = FitBayesLogistic(s.x, s.y, Sds(2.5), {.max_iterations = 1});
  ASSERT_FALSE(fit.ok());
  EXPECT_EQ(fit.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(fit.status().message().find("Newton's method did not converge in 1 iterations"),
            std::string::npos)
      << fit.status().message();
}

TEST(BayesLogistic, RejectsAPriorSdThatIsNotPositive) {
  const Simulated s = Simulate(100, 8);
  Eigen::VectorXd sd = Sds(1);
  sd[2] = 0;
  auto fit = FitBayesLogistic(s.x, s.y, sd);
  ASSERT_FALSE(fit.ok());
  EXPECT_EQ(fit.status().message(),
            "explain: prior sd of coefficient 2: got 0, expected a positive number");
}

}  // namespace
}  // namespace attrition::explain
