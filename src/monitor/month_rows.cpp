#include "monitor/month_rows.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "warehouse/sql_text.h"

namespace attrition::monitoring::internal {
namespace {

double NumberOrNan(const warehouse::RowCursor& cursor, int column) {
  switch (cursor.Kind(column)) {
    case warehouse::ValueKind::kInteger:
    case warehouse::ValueKind::kReal:
      return cursor.Real(column);
    default:
      return std::numeric_limits<double>::quiet_NaN();
  }
}

}  // namespace

std::string SqlText(std::string_view text) {
  std::string quoted = "'";
  for (char c : text) {
    quoted += c;
    if (c == '\'') quoted += '\'';
  }
  return quoted + "'";
}

Result<MonthRows> ReadMonthRows(warehouse::Warehouse& warehouse, const std::string& month,
                                const std::vector<std::string>& segment_columns,
                                const std::vector<std::string>& feature_columns) {
  ATTRITION_ASSIGN_OR_RETURN(warehouse::Schema schema, warehouse.DescribeTable(kResultsTable));
  std::vector<std::string> wanted = segment_columns;
  wanted.insert(wanted.end(), feature_columns.begin(), feature_columns.end());
  wanted.push_back("PROBS");
  for (const std::string& name : wanted) {
    bool found = false;
    for (const warehouse::Column& column : schema) found = found || column.name == name;
    if (!found) {
      return Status::NotFound(fmt::format(
          "{} has no column {} (expected from the model's feature plan)", kResultsTable, name));
    }
  }
  std::string sql = "SELECT ";
  for (size_t i = 0; i < wanted.size(); ++i) {
    sql += (i ? "," : "") + warehouse::QuoteIdentifier(wanted[i]);
  }
  sql += " FROM " + warehouse::QuoteIdentifier(kResultsTable) + " WHERE " +
         warehouse::QuoteIdentifier("MONTH") + " = " + SqlText(month);
  ATTRITION_ASSIGN_OR_RETURN(auto cursor, warehouse.Query(sql));
  MonthRows rows;
  rows.month = month;
  rows.segments.resize(segment_columns.size());
  rows.features.resize(feature_columns.size());
  const int nseg = static_cast<int>(segment_columns.size());
  const int nfeat = static_cast<int>(feature_columns.size());
  while (true) {
    ATTRITION_ASSIGN_OR_RETURN(bool more, cursor->Next());
    if (!more) break;
    const double prob = NumberOrNan(*cursor, nseg + nfeat);
    if (std::isnan(prob)) continue;
    rows.probs.push_back(prob);
    for (int s = 0; s < nseg; ++s) {
      rows.segments[s].emplace_back(cursor->Kind(s) == warehouse::ValueKind::kNull
                                        ? std::string_view("UNKNOWN")
                                        : cursor->Text(s));
    }
    for (int f = 0; f < nfeat; ++f) {
      rows.features[f].push_back(static_cast<float>(NumberOrNan(*cursor, nseg + f)));
    }
  }
  return rows;
}

}  // namespace attrition::monitoring::internal
