// Parses the seed's input_fn format: a JSON 2-D array of numbers, one inner array per row
// in feature-plan order ([[1, 2.5, null], ...]); a flat array is one row. null is a
// missing value. Streams through nlohmann's SAX parser straight into the RowBatch: no
// document tree is built, so a single-row request allocates nothing.
#pragma once

#include <string_view>

#include "attrition/status.h"
#include "serve/row_batch.h"

namespace attrition::serve {

// Fills `out` (Reset to `width` first). InvalidArgument naming the problem:
//   "malformed JSON at byte 17: ..." (nlohmann's message),
//   "row 2 has 22 values, expected 23 (the model's features in feature-plan order)",
//   "row 0, column 4: expected a number or null, got the string \"abc\"",
//   "expected a non-empty 2-D array of numbers".
// Rows and columns count from 0.
Status ParseJsonRows(std::string_view body, size_t width, RowBatch& out);

}  // namespace attrition::serve
