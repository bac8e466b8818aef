// Parses text/csv requests: rows without a header, comma-separated numbers in
// feature-plan order, one row per line (\n or \r\n). An empty field (or NA, NaN, null) is
// a missing value; a value may be enclosed in double quotes; blank lines are skipped.
#pragma once

#include <string_view>

#include "attrition/status.h"
#include "serve/row_batch.h"

namespace attrition::serve {

// Fills `out` (Reset to `width` first). InvalidArgument naming the problem:
//   "row 1 has 22 values, expected 23 (the model's features in feature-plan order)",
//   "row 0, column 3: expected a number, got \"abc\"", "expected at least one CSV row".
// Rows (non-blank lines) and columns count from 0.
Status ParseCsvRows(std::string_view body, size_t width, RowBatch& out);

}  // namespace attrition::serve
