#include <algorithm>
#include <cassert>
#include <utility>

#include "attrition/model_dense_matrix.h"

namespace attrition::model {

DenseMatrix::DenseMatrix(size_t rows, size_t cols, float fill)
    : rows_(rows), cols_(cols), values_(rows * cols, fill) {}

DenseMatrix::DenseMatrix(size_t rows, size_t cols, std::vector<float> values)
    : rows_(rows), cols_(cols), values_(std::move(values)) {
  assert(values_.size() == rows_ * cols_);
}

DenseMatrix DenseMatrix::SelectRows(std::span<const size_t> rows) const {
  DenseMatrix out(rows.size(), cols_);
  for (size_t i = 0; i < rows.size(); ++i) {
    assert(rows[i] < rows_);
    std::span<const float> source = Row(rows[i]);
    std::copy(source.begin(), source.end(), out.Row(i).begin());
  }
  return out;
}

}  // namespace attrition::model
