// Reading a warehouse query into a RawTable: how training and batch scoring get the raw
// rows the FeaturePlan encodes.
//
// Thread safety: uses the cursor from the calling thread only (as the warehouse
// requires).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "attrition/model_raw_table.h"
#include "attrition/status.h"
#include "attrition/warehouse.h"

namespace attrition::model {

struct RawColumnSpec {
  std::string name;
  RawColumn::Kind kind;
};

// The specs of `names`, typed from `schema` (a table's DescribeTable): INTEGER and REAL
// columns are numeric, TEXT columns text. NotFound naming a name the schema lacks.
Result<std::vector<RawColumnSpec>> RawColumnSpecsFor(const warehouse::Schema& schema,
                                                     std::span<const std::string> names);

// Appends the cursor's current value of its column `index` to `column`: NULL as missing,
// anything into a text column as text, text into a numeric column parsed (NULL spellings
// such as "" or "NA" are missing). InvalidArgument "expected a number, got \"<text>\""
// for text that is not a number; callers add which table, column and row (WithContext).
Status AppendCursorValue(const warehouse::RowCursor& cursor, int index, RawColumn& column);

// Drains `cursor` into a table whose column i is columns[i] and holds the cursor's
// column i. Numbers read into a text column take their text form; text read into a
// numeric column is parsed (NULL spellings such as "" or "NA" are NULL).
// InvalidArgument naming the column, row and value for text that is not a number;
// InvalidArgument when the cursor has a different number of columns; the cursor's
// own errors.
Result<RawTable> ReadRawTable(warehouse::RowCursor& cursor, std::span<const RawColumnSpec> columns);

}  // namespace attrition::model
