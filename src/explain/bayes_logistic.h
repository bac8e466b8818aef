// BayesLogistic: the maximum a posteriori (MAP) fit of a logistic regression with
// independent Gaussian priors N(0, sd_j^2) on its coefficients, and the Laplace
// approximation of the posterior around it (SPEC 11; docs/explain.md).
//
// The MAP maximises  sum_i [y_i eta_i - log(1 + e^eta_i)] - sum_j beta_j^2 / (2 sd_j^2),
// eta = X beta, by Newton's method (IRLS) with step halving: the log posterior is
// strictly concave, so from beta = 0 Newton converges in a handful of steps unless the
// data push a coefficient towards infinity (which the prior prevents; a very wide prior
// on separable data may still need many steps and then fails with a clear error).
// The Laplace approximation is the Gaussian N(beta_MAP, H^-1) with H the negative
// Hessian of the log posterior at the MAP, X' W X + diag(1 / sd^2), W = p (1 - p).
//
// The pass over the rows that forms X' W X and the gradient runs on `threads` threads
// (disjoint row blocks, partial sums added in a fixed order, so the result does not
// depend on timing).
//
// Thread safety: a pure function of its arguments.
#pragma once

#include <Eigen/Dense>

#include <vector>

#include "attrition/status.h"

namespace attrition::explain {

struct BayesLogisticOptions {
  int max_iterations = 50;
  // Converged when the largest Newton step of any coefficient is below this.
  double tolerance = 1e-8;
  int threads = 2;
};

struct BayesLogisticFit {
  Eigen::VectorXd beta;        // the MAP, one per column of X
  Eigen::MatrixXd covariance;  // H^-1 at the MAP (the Laplace posterior covariance)
  Eigen::VectorXd gradient;    // of the log posterior at the MAP (about 0)
  double log_posterior = 0;    // up to the priors' normalising constants
  int iterations = 0;
};

// The log posterior's gradient X'(y - p) - beta / sd^2 and negative Hessian
// X' W X + diag(1 / sd^2) at `beta`, and its value, over all rows.
// REQUIRES: x.rows() == y.size(), x.cols() == beta.size() == prior_sd.size(), sd > 0.
struct PosteriorTerms {
  Eigen::VectorXd gradient;
  Eigen::MatrixXd negative_hessian;
  double log_posterior = 0;
};
PosteriorTerms EvaluatePosterior(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                 const Eigen::VectorXd& prior_sd, const Eigen::VectorXd& beta,
                                 int threads);

// The MAP and its Laplace covariance. `x` holds the intercept column when one is wanted;
// `y` is 0/1. Errors: InvalidArgument for mismatched sizes, no rows or a prior sd that
// is not a positive finite number; FailedPrecondition naming the iteration count and the
// last step when Newton does not converge, or when H is not positive definite (a
// non-finite value in X).
Result<BayesLogisticFit> FitBayesLogistic(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                          const Eigen::VectorXd& prior_sd,
                                          const BayesLogisticOptions& options = {});

}  // namespace attrition::explain
