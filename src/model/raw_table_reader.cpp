#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "attrition/model_raw_table_reader.h"

namespace attrition::model {

Status AppendCursorValue(const warehouse::RowCursor& cursor, int index, RawColumn& column) {
  const warehouse::ValueKind kind = cursor.Kind(index);
  if (kind == warehouse::ValueKind::kNull) {
    column.AppendNull();
  } else if (column.kind() == RawColumn::Kind::kText) {
    column.AppendText(cursor.Text(index));
  } else if (kind == warehouse::ValueKind::kText) {
    std::optional<double> number = ParseRawNumber(cursor.Text(index));
    if (!number) {
      return Status::InvalidArgument(
          fmt::format("expected a number, got \"{}\"", cursor.Text(index)));
    }
    column.AppendNumber(*number);
  } else {
    column.AppendNumber(cursor.Real(index));
  }
  return Status::OK();
}

Result<std::vector<RawColumnSpec>> RawColumnSpecsFor(const warehouse::Schema& schema,
                                                     std::span<const std::string> names) {
  std::vector<RawColumnSpec> specs;
  for (const std::string& name : names) {
    auto it = std::find_if(schema.begin(), schema.end(),
                           [&](const warehouse::Column& column) { return column.name == name; });
    if (it == schema.end()) return Status::NotFound(fmt::format("column {} does not exist", name));
    bool text = it->type == warehouse::ColumnType::kText;
    specs.push_back({name, text ? RawColumn::Kind::kText : RawColumn::Kind::kNumeric});
  }
  return specs;
}

Result<RawTable> ReadRawTable(warehouse::RowCursor& cursor,
                              std::span<const RawColumnSpec> columns) {
  if (cursor.ColumnCount() != static_cast<int>(columns.size())) {
    return Status::InvalidArgument(fmt::format("the query returns {} columns but {} were expected",
                                               cursor.ColumnCount(), columns.size()));
  }
  RawTable table;
  std::vector<RawColumn*> targets;
  for (const RawColumnSpec& spec : columns)
    targets.push_back(&table.AddColumn(spec.name, spec.kind));
  for (size_t row = 0;; ++row) {
    ATTRITION_ASSIGN_OR_RETURN(bool more, cursor.Next());
    if (!more) break;
    for (size_t i = 0; i < targets.size(); ++i) {
      const Status appended = AppendCursorValue(cursor, static_cast<int>(i), *targets[i]);
      if (!appended.ok()) {
        return appended.WithContext(fmt::format("column {} row {}", targets[i]->name(), row + 1));
      }
    }
  }
  return table;
}

}  // namespace attrition::model
