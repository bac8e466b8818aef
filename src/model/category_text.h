// The text form of a number used to match categories (see CategoryText in
// model_raw_table.h), written into a caller's buffer so hot paths do not allocate.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

namespace attrition::model {

using CategoryBuffer = std::array<char, 40>;

// Integers without a decimal point ("1"), other values in shortest round-trip form.
inline std::string_view FormatCategoryText(double value, CategoryBuffer& buffer) {
  fmt::format_to_n_result<char*> result;
  if (std::isfinite(value) && value == std::trunc(value) && std::fabs(value) < 1e15) {
    result = fmt::format_to_n(buffer.data(), buffer.size(), "{}", static_cast<long long>(value));
  } else {
    result = fmt::format_to_n(buffer.data(), buffer.size(), "{}", value);
  }
  return {buffer.data(), std::min(result.size, buffer.size())};
}

}  // namespace attrition::model
