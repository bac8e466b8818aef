#include "explain/bayes_logistic.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "model/parallel.h"

namespace attrition::explain {
namespace {

// Rows per block of the pass: the block's weighted copy stays in cache.
constexpr Eigen::Index kBlockRows = 4096;
// Fewer rows than this per worker are not worth a thread.
constexpr size_t kMinRowsPerWorker = 20000;

// log(1 + e^eta) without overflow.
double Softplus(double eta) { return std::max(eta, 0.0) + std::log1p(std::exp(-std::fabs(eta))); }

// One worker's share of the sums over rows [begin, end).
struct PartialSums {
  Eigen::VectorXd gradient;
  Eigen::MatrixXd xwx;
  double log_likelihood = 0;
};

void AddRows(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::VectorXd& beta,
             Eigen::Index begin, Eigen::Index end, PartialSums* sums) {
  for (Eigen::Index start = begin; start < end; start += kBlockRows) {
    const Eigen::Index rows = std::min(kBlockRows, end - start);
    const auto block = x.middleRows(start, rows);
    const Eigen::VectorXd eta = block * beta;
    Eigen::VectorXd residual(rows), weight(rows);
    for (Eigen::Index i = 0; i < rows; ++i) {
      const double p = 1.0 / (1.0 + std::exp(-eta[i]));
      residual[i] = y[start + i] - p;
      weight[i] = p * (1.0 - p);
      sums->log_likelihood += y[start + i] * eta[i] - Softplus(eta[i]);
    }
    sums->gradient.noalias() += block.transpose() * residual;
    const Eigen::MatrixXd weighted = block.array().colwise() * weight.array();
    sums->xwx.noalias() += block.transpose() * weighted;
  }
}

Status CheckInputs(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                   const Eigen::VectorXd& prior_sd) {
  if (x.rows() == 0) return Status::InvalidArgument("explain: no rows to fit");
  if (x.rows() != y.size() || x.cols() != prior_sd.size()) {
    return Status::InvalidArgument(fmt::format(
        "explain: {} x {} design, {} labels and {} prior sds do not fit together", x.rows(),
        x.cols(), y.size(), prior_sd.size()));
  }
  for (Eigen::Index j = 0; j < prior_sd.size(); ++j) {
    if (!(prior_sd[j] > 0) || !std::isfinite(prior_sd[j])) {
      return Status::InvalidArgument(
          fmt::format("explain: prior sd of coefficient {}: got {}, expected a positive number",
                      j, prior_sd[j]));
    }
  }
  return Status::OK();
}

}  // namespace

PosteriorTerms EvaluatePosterior(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                 const Eigen::VectorXd& prior_sd, const Eigen::VectorXd& beta,
                                 int threads) {
  const Eigen::Index p = x.cols();
  const size_t n = static_cast<size_t>(x.rows());
  const size_t workers = model::ParallelWorkers(n, threads, kMinRowsPerWorker);
  std::vector<PartialSums> partial(workers);
  for (PartialSums& s : partial) {
    s.gradient = Eigen::VectorXd::Zero(p);
    s.xwx = Eigen::MatrixXd::Zero(p, p);
  }
  model::ParallelForWorkers(n, threads, kMinRowsPerWorker,
                            [&](size_t worker, size_t begin, size_t end) {
                              AddRows(x, y, beta, static_cast<Eigen::Index>(begin),
                                      static_cast<Eigen::Index>(end), &partial[worker]);
                            });
  PosteriorTerms out;
  const Eigen::VectorXd precision = prior_sd.array().square().inverse();
  out.gradient = -precision.cwiseProduct(beta);
  out.negative_hessian = precision.asDiagonal();
  out.log_posterior = -0.5 * beta.cwiseProduct(beta).dot(precision);
  for (const PartialSums& s : partial) {  // fixed order: the sums do not depend on timing
    out.gradient += s.gradient;
    out.negative_hessian += s.xwx;
    out.log_posterior += s.log_likelihood;
  }
  return out;
}

Result<BayesLogisticFit> FitBayesLogistic(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                          const Eigen::VectorXd& prior_sd,
                                          const BayesLogisticOptions& options) {
  ATTRITION_RETURN_IF_ERROR(CheckInputs(x, y, prior_sd));
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(x.cols());
  PosteriorTerms terms = EvaluatePosterior(x, y, prior_sd, beta, options.threads);
  double last_step = 0;
  for (int iteration = 1; iteration <= options.max_iterations; ++iteration) {
    const Eigen::LLT<Eigen::MatrixXd> llt(terms.negative_hessian);
    if (llt.info() != Eigen::Success || !std::isfinite(terms.log_posterior)) {
      return Status::FailedPrecondition(
          "explain: the posterior's Hessian is not positive definite (a feature holds a "
          "non-finite value)");
    }
    const Eigen::VectorXd step = llt.solve(terms.gradient);
    // Step halving keeps every iteration uphill; the full step is taken near the MAP.
    double scale = 1.0;
    PosteriorTerms next;
    for (int halving = 0; halving < 30; ++halving, scale *= 0.5) {
      next = EvaluatePosterior(x, y, prior_sd, beta + scale * step, options.threads);
      if (next.log_posterior >= terms.log_posterior - 1e-12 * std::fabs(terms.log_posterior)) {
        break;
      }
    }
    beta += scale * step;
    terms = std::move(next);
    last_step = (scale * step).cwiseAbs().maxCoeff();
    if (last_step < options.tolerance) {
      const Eigen::LLT<Eigen::MatrixXd> at_map(terms.negative_hessian);
      if (at_map.info() != Eigen::Success) {
        return Status::FailedPrecondition(
            "explain: the posterior's Hessian at the MAP is not positive definite");
      }
      BayesLogisticFit fit;
      fit.covariance = at_map.solve(Eigen::MatrixXd::Identity(x.cols(), x.cols()));
      fit.beta = std::move(beta);
      fit.gradient = std::move(terms.gradient);
      fit.log_posterior = terms.log_posterior;
      fit.iterations = iteration;
      return fit;
    }
  }
  return Status::FailedPrecondition(fmt::format(
      "explain: Newton's method did not converge in {} iterations (last step {:.3g} in a "
      "coefficient, tolerance {:.3g}); a feature may separate the label almost perfectly: "
      "try a smaller --prior-sd",
      options.max_iterations, last_step, options.tolerance));
}

}  // namespace attrition::explain
