// Synthetic binary-classification data for the model tests: a known logistic signal
// with interactions, integer-valued columns (so rows hit split thresholds exactly) and
// missing values.
#pragma once

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <vector>

#include "attrition/model_dense_matrix.h"

namespace attrition::testing {

struct SyntheticData {
  model::DenseMatrix x;
  std::vector<float> y;
};

// rows x features (features >= 4); columns 0 and 2 are integers 0..10; `missing` of the
// values are NaN.
inline SyntheticData MakeSyntheticData(size_t rows, size_t features, double missing,
                                       unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::uniform_int_distribution<int> integer(0, 10);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  SyntheticData data{model::DenseMatrix(rows, features), std::vector<float>(rows)};
  for (size_t r = 0; r < rows; ++r) {
    auto row = data.x.Row(r);
    for (size_t c = 0; c < features; ++c) {
      row[c] = (c == 0 || c == 2) ? static_cast<float>(integer(rng)) : normal(rng);
    }
    double z = 0.6 * (row[0] - 5) + 1.2 * row[1] - 0.8 * (row[2] > 6) + 0.9 * row[1] * row[3];
    double p = 1.0 / (1.0 + std::exp(-z));
    data.y[r] = uniform(rng) < p ? 1.0f : 0.0f;
    for (size_t c = 0; c < features; ++c) {
      if (uniform(rng) < missing) row[c] = std::nanf("");
    }
  }
  return data;
}

// Area under the ROC curve (ties count one half).
inline double Auc(const std::vector<float>& scores, const std::vector<float>& labels) {
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] < scores[b]; });
  double positives = 0, negatives = 0, rank_sum = 0;
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j < order.size() && scores[order[j]] == scores[order[i]]) ++j;
    double mean_rank = (i + j + 1) / 2.0;  // 1-based ranks i+1 .. j
    for (size_t k = i; k < j; ++k) {
      if (labels[order[k]] > 0.5f) {
        rank_sum += mean_rank;
        positives += 1;
      } else {
        negatives += 1;
      }
    }
    i = j;
  }
  return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives);
}

}  // namespace attrition::testing
