#include "monitor/month_rows.h"

#include <fmt/format.h>

#include <algorithm>
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

Result<std::vector<MonthRows>> ReadMonthRows(warehouse::Warehouse& warehouse,
                                             const std::vector<std::string>& months,
                                             const std::vector<std::string>& segment_columns,
                                             const std::vector<std::string>& feature_columns) {
  ScoredMonthsBuilder out(months, {}, segment_columns.size(), feature_columns.size());
  if (months.empty()) return std::move(out).Finish();
  ATTRITION_ASSIGN_OR_RETURN(warehouse::Schema schema, warehouse.DescribeTable(kResultsTable));
  std::vector<std::string> wanted = {"MONTH"};
  wanted.insert(wanted.end(), segment_columns.begin(), segment_columns.end());
  wanted.insert(wanted.end(), feature_columns.begin(), feature_columns.end());
  wanted.push_back("PROBS");
  wanted.push_back("MODEL_VERSION");
  for (const std::string& name : wanted) {
    bool found = false;
    for (const warehouse::Column& column : schema) found = found || column.name == name;
    if (!found) {
      return Status::NotFound(fmt::format(
          "{} has no column {} (expected from the model's feature plan)", kResultsTable, name));
    }
  }
  // Speed: one query over all the months, rows dispatched by their MONTH, instead of one
  // query per month. PA_INFERENCE_RESULTS has no index on MONTH (SQLite's EXPLAIN QUERY
  // PLAN: "SCAN PA_INFERENCE_RESULTS" for `MONTH = 'x'` as for `MONTH IN (...)`), so one
  // query per month scanned the whole table once per month. Within a month the rows keep
  // the order the warehouse returns them in (SQLite: rowid order either way), so the
  // forecast sums in the same order as before.
  std::string sql = "SELECT ";
  for (size_t i = 0; i < wanted.size(); ++i) {
    sql += (i ? "," : "") + warehouse::QuoteIdentifier(wanted[i]);
  }
  std::string in_list;
  for (const std::string& month : months) in_list += (in_list.empty() ? "" : ",") + SqlText(month);
  sql += " FROM " + warehouse::QuoteIdentifier(kResultsTable) + " WHERE " +
         warehouse::QuoteIdentifier("MONTH") + " IN (" + in_list + ")";
  ATTRITION_ASSIGN_OR_RETURN(auto cursor, warehouse.Query(sql));
  const int nseg = static_cast<int>(segment_columns.size());
  const int nfeat = static_cast<int>(feature_columns.size());
  size_t last = 0;  // rows come in runs of one month: try the previous row's month first
  while (true) {
    ATTRITION_ASSIGN_OR_RETURN(bool more, cursor->Next());
    if (!more) break;
    const std::string_view month = cursor->Text(0);
    if (months[last] != month) {
      last = static_cast<size_t>(std::find(months.begin(), months.end(), month) - months.begin());
      if (last == months.size()) {  // not asked for: cannot happen with the IN list
        last = 0;
        continue;
      }
    }
    const double prob = NumberOrNan(*cursor, 1 + nseg + nfeat);
    if (std::isnan(prob)) continue;
    out.BeginRow(last, prob);
    for (int s = 0; s < nseg; ++s) {
      out.Segment(s, cursor->Kind(1 + s) == warehouse::ValueKind::kNull
                         ? std::nullopt
                         : std::optional<std::string_view>(cursor->Text(1 + s)));
    }
    for (int f = 0; f < nfeat; ++f) out.Feature(f, NumberOrNan(*cursor, 1 + nseg + f));
    out.ModelVersion(cursor->Text(2 + nseg + nfeat));
  }
  return std::move(out).Finish();
}

}  // namespace attrition::monitoring::internal
