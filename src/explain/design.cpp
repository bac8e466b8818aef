#include "explain/design.h"

#include <cmath>
#include <map>
#include <string>

namespace attrition::explain {
namespace {

struct ColumnStats {
  double mean = 0, sd = 0;
  int64_t missing = 0;
  bool binary = true;
};

ColumnStats StatsOf(const model::DenseMatrix& m, size_t col) {
  double sum = 0, sum_sq = 0;
  int64_t n = 0;
  bool binary = true;
  for (size_t r = 0; r < m.rows(); ++r) {
    const double v = m.at(r, col);
    if (std::isnan(v)) continue;
    sum += v;
    ++n;
    binary = binary && (v == 0 || v == 1);
  }
  ColumnStats s;
  s.binary = binary;
  s.missing = static_cast<int64_t>(m.rows()) - n;
  if (n == 0) return s;
  s.mean = sum / n;
  for (size_t r = 0; r < m.rows(); ++r) {
    const double v = m.at(r, col);
    if (!std::isnan(v)) sum_sq += (v - s.mean) * (v - s.mean);
  }
  s.sd = std::sqrt(sum_sq / n);
  return s;
}

// Per plan feature, the reference of its one-hot group: the category with the most ones.
std::vector<int> ReferenceCategories(const model::DenseMatrix& m, const model::FeaturePlan& plan) {
  std::vector<int> reference(plan.num_features(), -1);
  std::map<std::string, std::pair<int, double>> best;  // dummy column -> feature, ones
  for (size_t f = 0; f < plan.num_features(); ++f) {
    if (!plan.source(f).category) continue;
    double ones = 0;
    for (size_t r = 0; r < m.rows(); ++r) ones += m.at(r, f) > 0.5f;
    auto [it, inserted] = best.try_emplace(plan.source(f).column, static_cast<int>(f), ones);
    if (!inserted && ones > it->second.second) it->second = {static_cast<int>(f), ones};
  }
  for (size_t f = 0; f < plan.num_features(); ++f) {
    if (plan.source(f).category) reference[f] = best[plan.source(f).column].first;
  }
  return reference;
}

}  // namespace

RegressionDesign BuildDesign(const model::DenseMatrix& features, const model::FeaturePlan& plan) {
  RegressionDesign design;
  design.reference_of = ReferenceCategories(features, plan);
  design.constant.assign(plan.num_features(), false);
  for (size_t f = 0; f < plan.num_features(); ++f) {
    if (design.reference_of[f] == static_cast<int>(f)) continue;
    const ColumnStats s = StatsOf(features, f);
    if (!(s.sd > 1e-12)) {
      design.constant[f] = true;
      continue;
    }
    design.columns.push_back(
        {.feature = f, .mean = s.mean, .sd = s.sd, .imputed = s.missing, .binary = s.binary});
  }
  const Eigen::Index rows = static_cast<Eigen::Index>(features.rows());
  design.x.resize(rows, static_cast<Eigen::Index>(design.columns.size()) + 1);
  design.x.col(0).setOnes();
  for (size_t j = 0; j < design.columns.size(); ++j) {
    const DesignColumn& c = design.columns[j];
    auto out = design.x.col(static_cast<Eigen::Index>(j) + 1);
    for (Eigen::Index r = 0; r < rows; ++r) {
      const double v = features.at(static_cast<size_t>(r), c.feature);
      out[r] = std::isnan(v) ? 0.0 : (v - c.mean) / c.sd;
    }
  }
  return design;
}

Eigen::MatrixXd UnstandardiseMap(const RegressionDesign& design) {
  const Eigen::Index p = design.x.cols();
  Eigen::MatrixXd t = Eigen::MatrixXd::Zero(p, p);
  t(0, 0) = 1;
  for (size_t j = 0; j < design.columns.size(); ++j) {
    const DesignColumn& c = design.columns[j];
    const Eigen::Index k = static_cast<Eigen::Index>(j) + 1;
    t(k, k) = 1 / c.sd;
    t(0, k) = -c.mean / c.sd;
  }
  return t;
}

}  // namespace attrition::explain
