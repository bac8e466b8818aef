#include "features/source_values.h"

#include <charconv>
#include <cmath>
#include <cstring>

namespace attrition::features {

using warehouse::ValueKind;

Day DateValue(const warehouse::RowCursor& cursor, int column) {
  if (cursor.Kind(column) == ValueKind::kNull) return kBadDay;
  const std::optional<Day> day = ParseIsoDate(cursor.Text(column));
  return day ? *day : kBadDay;
}

std::string_view IdValue(const warehouse::RowCursor& cursor, int column, IdBuffer* buffer) {
  if (cursor.Kind(column) != ValueKind::kInteger) return cursor.Text(column);
  const auto [end, error] = std::to_chars(buffer->bytes, buffer->bytes + sizeof buffer->bytes,
                                          cursor.Integer(column));
  return std::string_view(buffer->bytes, end - buffer->bytes);
}

double ParseNumber(std::string_view text) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const auto is_space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  if (text.size() > 1 && text[0] == '+' && text[1] != '-') text.remove_prefix(1);
  if (text.empty()) return kNaN;
  double value = kNaN;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value,
                                            std::chars_format::general);
  if (error != std::errc() || end != text.data() + text.size()) return kNaN;
  return value;
}

double NumericValue(const warehouse::RowCursor& cursor, int column) {
  switch (cursor.Kind(column)) {
    case ValueKind::kInteger:
      return static_cast<double>(cursor.Integer(column));
    case ValueKind::kReal:
      return cursor.Real(column);
    case ValueKind::kText:
      return ParseNumber(cursor.Text(column));
    case ValueKind::kNull:
      break;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace attrition::features
