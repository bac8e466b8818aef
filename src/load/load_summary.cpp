// FormatLoadSummary: what `attrition load` prints.
#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "attrition/csv_load.h"

namespace attrition::load {
namespace {

std::string_view TypeName(warehouse::ColumnType type) {
  switch (type) {
    case warehouse::ColumnType::kInteger:
      return "INTEGER";
    case warehouse::ColumnType::kReal:
      return "REAL";
    case warehouse::ColumnType::kText:
      return "TEXT";
  }
  return "TEXT";
}

// Thousands separators make row counts readable: 1,234,567.
std::string Grouped(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

// An example value on one line: line breaks shown as \n.
std::string OneLine(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\n') {
      out += "\\n";
    } else if (c != '\r') {
      out += c;
    }
  }
  return out;
}

void AppendColumns(const LoadSummary& summary, std::string* out) {
  size_t name_width = 6;
  for (const LoadedColumn& column : summary.columns) {
    name_width = std::max(name_width, column.name.size());
  }
  *out +=
      fmt::format("  {:<{}}  {:<7}  {:>9}  {}\n", "column", name_width, "type", "nulls", "example");
  for (const LoadedColumn& column : summary.columns) {
    std::string type(TypeName(column.type));
    if (column.forced_text) type += "*";
    *out += fmt::format("  {:<{}}  {:<7}  {:>9}  {}\n", column.name, name_width, type,
                        Grouped(column.nulls), OneLine(column.example));
  }
  if (std::any_of(summary.columns.begin(), summary.columns.end(),
                  [](const LoadedColumn& c) { return c.forced_text; })) {
    *out += "  * TEXT because --text-columns names it\n";
  }
}

}  // namespace

std::string FormatLoadSummary(const LoadSummary& summary) {
  std::string out =
      fmt::format("Loaded {} rows into {} ({}) from {} in {:.2f} s.\n", Grouped(summary.rows),
                  summary.table, summary.warehouse, summary.csv_path, summary.seconds);
  if (summary.bad_lines == 0) {
    out += "No bad lines.\n";
  } else {
    out += fmt::format("Skipped {} bad line{}", Grouped(summary.bad_lines),
                       summary.bad_lines == 1 ? "" : "s");
    if (static_cast<int64_t>(summary.first_bad_lines.size()) < summary.bad_lines) {
      out += fmt::format(" (the first {} shown)", summary.first_bad_lines.size());
    }
    out += ":\n";
    for (const BadLine& bad : summary.first_bad_lines) {
      out += fmt::format("  line {}: {}\n", bad.line, bad.reason);
    }
  }
  if (summary.blank_lines > 0) {
    out += fmt::format("Skipped {} blank line{}.\n", Grouped(summary.blank_lines),
                       summary.blank_lines == 1 ? "" : "s");
  }
  out += fmt::format("{} columns:\n", summary.columns.size());
  AppendColumns(summary, &out);
  return out;
}

}  // namespace attrition::load
