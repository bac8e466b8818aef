// The customer-clustered ("sandwich") covariance of the regression's coefficients.
//
// The Laplace covariance H^-1 treats every row as an independent observation. A
// customer-month table holds ~20 rows per customer that share the customer's traits
// (and, in the generator, a per-customer random effect), so H^-1 overstates how much the
// data know, most for features that do not change over a customer's life. The sandwich
//     H^-1 B H^-1,   B = sum over customers c of g_c g_c',   g_c = sum_{i in c} x_i (y_i - p_i)
// keeps the posterior's centre and measures its spread from the variation between
// customers (Liang & Zeger 1986; as a posterior under misspecification, Mueller 2013,
// Econometrica 81(5)). With one row per customer and a well-specified model it agrees
// with H^-1.
//
// Thread safety: a pure function of its arguments.
#pragma once

#include <Eigen/Dense>

#include <cstdint>
#include <vector>

namespace attrition::explain {

// REQUIRES: x.rows() == y.size() == clusters.size(); cluster codes in [0, num_clusters);
// inverse_hessian is H^-1 at `beta` (x.cols() square).
Eigen::MatrixXd ClusteredCovariance(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                    const Eigen::VectorXd& beta,
                                    const std::vector<int32_t>& clusters, int32_t num_clusters,
                                    const Eigen::MatrixXd& inverse_hessian);

}  // namespace attrition::explain
