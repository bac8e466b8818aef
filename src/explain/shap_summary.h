// The production model's SHAP summary on the regression's rows, for the drivers report:
// exact TreeSHAP (model::TreeEnsemble::Contributions) on an evenly spaced sample.
//
// Thread safety: a pure function of its arguments.
#pragma once

#include <cstdint>
#include <vector>

#include "attrition/model_dense_matrix.h"
#include "attrition/model_tree_ensemble.h"

namespace attrition::explain {

struct ShapSummary {
  int64_t rows = 0;              // rows explained
  std::vector<double> mean_abs;  // per feature: mean |SHAP| (log-odds)
  // Per feature: the sign of the mean SHAP over the sampled rows where the feature is
  // high (above its median; when nothing is, equal to its maximum); 0 with no such row.
  std::vector<int> high_sign;
};

// Explains up to `max_rows` rows of `x` spaced evenly through it (all when fewer).
// REQUIRES: x.cols() == ensemble.num_features(), max_rows > 0.
ShapSummary SummariseShap(const model::TreeEnsemble& ensemble, const model::DenseMatrix& x,
                          size_t max_rows, int threads);

}  // namespace attrition::explain
