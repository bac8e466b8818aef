// DenseMatrix: the encoded feature matrix handed to XGBoost and the native evaluator.
//
// Row-major floats; NaN marks a missing value (XGBoost's convention). Columns are in
// feature-plan order; the plan, not the matrix, knows their names.
//
// Thread safety: const methods may be called concurrently; writers need exclusive access.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace attrition::model {

class DenseMatrix {
 public:
  DenseMatrix() = default;
  // A rows x cols matrix with every value set to `fill`.
  DenseMatrix(size_t rows, size_t cols, float fill = 0.0f);
  // Takes `values` (row-major). REQUIRES: values.size() == rows * cols.
  DenseMatrix(size_t rows, size_t cols, std::vector<float> values);

  size_t rows() const { return rows_; }
  size_t cols() const { return cols_; }

  // REQUIRES: row < rows(), col < cols().
  float& at(size_t row, size_t col) { return values_[row * cols_ + col]; }
  float at(size_t row, size_t col) const { return values_[row * cols_ + col]; }

  // REQUIRES: row < rows().
  std::span<float> Row(size_t row) { return {values_.data() + row * cols_, cols_}; }
  std::span<const float> Row(size_t row) const { return {values_.data() + row * cols_, cols_}; }

  // All values, row-major.
  std::span<const float> values() const { return values_; }
  std::span<float> mutable_values() { return values_; }

  // A new matrix holding the listed rows in the listed order (repeats allowed, as
  // up-sampling needs). REQUIRES: every index < rows().
  DenseMatrix SelectRows(std::span<const size_t> rows) const;

 private:
  size_t rows_ = 0;
  size_t cols_ = 0;
  std::vector<float> values_;
};

}  // namespace attrition::model
