// RowBatch: rows of model features parsed from a request, row-major, NaN = missing. One
// per I/O thread, reused across requests so parsing does not allocate once it has grown
// to the largest request seen.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace attrition::serve {

struct RowBatch {
  size_t width = 0;  // values per row (the model's feature count)
  size_t rows = 0;
  std::vector<float> values;  // rows * width used; capacity kept between requests

  void Reset(size_t row_width) {
    width = row_width;
    rows = 0;
    values.clear();
  }
  std::span<const float> Row(size_t row) const { return {values.data() + row * width, width}; }
};

}  // namespace attrition::serve
