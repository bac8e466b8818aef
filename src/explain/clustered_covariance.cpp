#include "explain/clustered_covariance.h"

#include <cassert>
#include <cmath>

namespace attrition::explain {

Eigen::MatrixXd ClusteredCovariance(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                    const Eigen::VectorXd& beta,
                                    const std::vector<int32_t>& clusters, int32_t num_clusters,
                                    const Eigen::MatrixXd& inverse_hessian) {
  assert(static_cast<size_t>(x.rows()) == clusters.size());
  // Per-cluster score sums, one column per cluster (p x clusters).
  Eigen::MatrixXd scores = Eigen::MatrixXd::Zero(x.cols(), num_clusters);
  const Eigen::VectorXd eta = x * beta;
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const double p = 1.0 / (1.0 + std::exp(-eta[i]));
    scores.col(clusters[static_cast<size_t>(i)]) += (y[i] - p) * x.row(i).transpose();
  }
  const Eigen::MatrixXd meat = scores * scores.transpose();
  return inverse_hessian * meat * inverse_hessian;
}

}  // namespace attrition::explain
