#include "cli/flag_checks.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <string>

namespace attrition::cli {
namespace {

std::string Expected(int64_t min, int64_t max) {
  return max == std::numeric_limits<int64_t>::max()
             ? fmt::format("an integer >= {}", min)
             : fmt::format("an integer from {} to {}", min, max);
}

}  // namespace

CLI::Validator IntegerBetween(int64_t min, int64_t max) {
  const std::string expected = Expected(min, max);
  return CLI::Validator(
      [min, max, expected](std::string& text) -> std::string {
        int64_t value = 0;
        const char* end = text.data() + text.size();
        const auto [stop, error] = std::from_chars(text.data(), end, value);
        if (error != std::errc() || stop != end || value < min || value > max) {
          return fmt::format("got '{}', expected {}", text, expected);
        }
        return "";
      },
      "", "");
}

CLI::Validator PositiveNumber() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        double value = 0;
        const char* end = text.data() + text.size();
        const auto [stop, error] = std::from_chars(text.data(), end, value);
        if (error != std::errc() || stop != end || !(value > 0) || !std::isfinite(value)) {
          return fmt::format("got '{}', expected a positive number", text);
        }
        return "";
      },
      "", "");
}

CLI::Validator IntegerAtLeast(int64_t min) {
  return IntegerBetween(min, std::numeric_limits<int64_t>::max());
}

}  // namespace attrition::cli
