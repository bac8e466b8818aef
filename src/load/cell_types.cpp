#include "load/cell_types.h"

#include <charconv>
#include <system_error>

namespace attrition::load {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// `value` without one leading '+', which std::from_chars does not accept.
std::string_view DropPlus(std::string_view value) {
  if (value.size() > 1 && value[0] == '+' && value[1] != '-') value.remove_prefix(1);
  return value;
}

}  // namespace

std::string_view TrimBlanks(std::string_view value) {
  while (!value.empty() && IsBlank(value.front())) value.remove_prefix(1);
  while (!value.empty() && IsBlank(value.back())) value.remove_suffix(1);
  return value;
}

std::optional<int64_t> ParseInteger(std::string_view value) {
  value = DropPlus(TrimBlanks(value));
  if (value.empty()) return std::nullopt;
  int64_t result = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), result);
  if (error != std::errc() || end != value.data() + value.size()) return std::nullopt;
  return result;
}

std::optional<double> ParseReal(std::string_view value) {
  value = DropPlus(TrimBlanks(value));
  if (value.empty()) return std::nullopt;
  // from_chars also reads "inf" and "nan"; a number here starts with a digit or a point.
  const size_t first = (value[0] == '-') ? 1 : 0;
  if (first >= value.size() || !(IsDigit(value[first]) || value[first] == '.')) {
    return std::nullopt;
  }
  double result = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), result);
  if (error != std::errc() || end != value.data() + value.size()) return std::nullopt;
  return result;
}

CellClass ClassifyCell(std::string_view value) {
  value = TrimBlanks(value);
  if (value.empty()) return CellClass::kEmpty;
  if (ParseInteger(value)) return CellClass::kInteger;
  if (ParseReal(value)) return CellClass::kReal;
  return CellClass::kText;
}

}  // namespace attrition::load
