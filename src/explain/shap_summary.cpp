#include "explain/shap_summary.h"

#include <algorithm>
#include <cmath>

namespace attrition::explain {
namespace {

std::vector<size_t> EvenlySpaced(size_t n, size_t k) {
  k = std::min(n, k);
  std::vector<size_t> rows(k);
  for (size_t i = 0; i < k; ++i) rows[i] = i * n / k;
  return rows;
}

// Which rows of column `f` count as high (see ShapSummary::high_sign).
std::vector<bool> HighRows(const model::DenseMatrix& x, size_t f) {
  std::vector<float> values;
  for (size_t r = 0; r < x.rows(); ++r) {
    if (!std::isnan(x.at(r, f))) values.push_back(x.at(r, f));
  }
  std::vector<bool> high(x.rows(), false);
  if (values.empty()) return high;
  std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
  const float median = values[values.size() / 2];
  const float max = *std::max_element(values.begin(), values.end());
  const float cut = median < max ? median : max;
  const bool strictly = median < max;
  for (size_t r = 0; r < x.rows(); ++r) {
    const float v = x.at(r, f);
    high[r] = !std::isnan(v) && (strictly ? v > cut : v >= cut);
  }
  return high;
}

}  // namespace

ShapSummary SummariseShap(const model::TreeEnsemble& ensemble, const model::DenseMatrix& x,
                          size_t max_rows, int threads) {
  const model::DenseMatrix sample = x.SelectRows(EvenlySpaced(x.rows(), max_rows));
  const model::DenseMatrix contributions = ensemble.Contributions(sample, {.threads = threads});
  const size_t p = x.cols();
  ShapSummary out;
  out.rows = static_cast<int64_t>(sample.rows());
  out.mean_abs.assign(p, 0.0);
  out.high_sign.assign(p, 0);
  for (size_t f = 0; f < p; ++f) {
    const std::vector<bool> high = HighRows(sample, f);
    double abs_sum = 0, high_sum = 0;
    int64_t high_rows = 0;
    for (size_t r = 0; r < sample.rows(); ++r) {
      const double c = contributions.at(r, f);
      abs_sum += std::fabs(c);
      if (high[r]) {
        high_sum += c;
        ++high_rows;
      }
    }
    out.mean_abs[f] = sample.rows() > 0 ? abs_sum / sample.rows() : 0.0;
    if (high_rows > 0 && high_sum != 0) out.high_sign[f] = high_sum > 0 ? 1 : -1;
  }
  return out;
}

}  // namespace attrition::explain
