// What the training population looked like, for drift monitoring at scoring time
// (SPEC 7 step 7, SPEC 10): profile.json (per-feature statistics) and baseline.json
// (PSI bins of every feature and of the score), in train.py's layout.
//
// The training population is the fit and validation rows before sampling. Values are
// the encoded floats the model sees; NaN is a missing value. Quantiles are numpy's
// default ("linear") so either implementation bins the same way. Thread-safe.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "attrition/linear_quantile.h"
#include "attrition/model_dense_matrix.h"

namespace attrition::train {

// numpy.quantile(sorted, q) with linear interpolation (attrition/linear_quantile.h).
using attrition::LinearQuantile;

// PSI bins of one variable: decile edges (unique) of its non-missing values, the share
// of all values in (-inf, e1], (e1, e2], ..., (ek, inf), and the share missing.
struct DecileBins {
  std::vector<double> edges;
  std::vector<double> proportions;
  double null_proportion = 0;
};
DecileBins ComputeDecileBins(std::span<const float> values);

// profile.json: {"<feature>": {"count", "nulls", "mean", "std", "min", "p05", "p25",
// "p50", "p75", "p95", "max"}} over `rows` of `x` (null statistics when all missing).
nlohmann::ordered_json ProfileJson(const model::DenseMatrix& x, std::span<const size_t> rows,
                           const std::vector<std::string>& names);

// baseline.json: {"features": {"<feature>": {"edges", "proportions", "null_proportion"}},
// "score": {"edges", "proportions"}, "rows": n}. `scores` are the model's probabilities
// on the same rows.
nlohmann::ordered_json BaselineJson(const model::DenseMatrix& x, std::span<const size_t> rows,
                            const std::vector<std::string>& names,
                            std::span<const float> scores);

}  // namespace attrition::train
