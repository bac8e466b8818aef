#include "serve/csv_rows.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <optional>

#include "attrition/model_raw_table.h"

namespace attrition::serve {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

std::optional<float> ParseCell(std::string_view cell) {
  cell = Trim(cell);
  if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"') {
    cell = Trim(cell.substr(1, cell.size() - 2));
  }
  if (cell.empty()) return std::numeric_limits<float>::quiet_NaN();
  double value = 0;
  const char* end = cell.data() + cell.size();
  const std::from_chars_result parsed = std::from_chars(cell.data(), end, value);
  if (parsed.ec == std::errc() && parsed.ptr == end) return static_cast<float>(value);
  if (parsed.ec == std::errc::result_out_of_range && parsed.ptr == end) {
    return static_cast<float>(cell.front() == '-' ? -HUGE_VAL : HUGE_VAL);
  }
  // "+1", "NA", "null", "None", ...
  if (std::optional<double> raw = model::ParseRawNumber(cell)) return static_cast<float>(*raw);
  return std::nullopt;
}

std::string Shown(std::string_view text) {
  constexpr size_t kMax = 40;
  return "\"" + std::string(text.substr(0, kMax)) + (text.size() > kMax ? "...\"" : "\"");
}

}  // namespace

Status ParseCsvRows(std::string_view body, size_t width, RowBatch& out) {
  out.Reset(width);
  while (!body.empty()) {
    const size_t newline = body.find('\n');
    std::string_view line = body.substr(0, newline);
    body.remove_prefix(newline == std::string_view::npos ? body.size() : newline + 1);
    if (Trim(line).empty()) continue;
    const size_t row = out.rows;
    out.values.resize((row + 1) * width);
    size_t column = 0;
    while (true) {
      const size_t comma = line.find(',');
      const std::string_view cell = line.substr(0, comma);
      if (column < width) {
        const std::optional<float> value = ParseCell(cell);
        if (!value) {
          return Status::InvalidArgument(fmt::format(
              "row {}, column {}: expected a number, got {}", row, column, Shown(Trim(cell))));
        }
        out.values[row * width + column] = *value;
      }
      ++column;
      if (comma == std::string_view::npos) break;
      line.remove_prefix(comma + 1);
    }
    if (column != width) {
      return Status::InvalidArgument(fmt::format(
          "row {} has {} values, expected {} (the model's features in feature-plan order)", row,
          column, width));
    }
    out.rows = row + 1;
  }
  if (out.rows == 0) return Status::InvalidArgument("expected at least one CSV row");
  return Status::OK();
}

}  // namespace attrition::serve
