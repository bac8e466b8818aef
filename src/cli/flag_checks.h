// Checks for numeric flags whose messages follow the house style, naming the value and
// what was expected ("--seed: got -1, expected an integer >= 0"), where CLI11's own
// validators print "Value 0 not in range 0.000000 to 1797693134862315...". They check the
// text before CLI11 converts it, so "-1" for an unsigned flag is refused rather than
// wrapped round to 18446744073709551615.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>

namespace attrition::cli {

// A whole number >= `min` (and <= `max`).
CLI::Validator IntegerAtLeast(int64_t min);
CLI::Validator IntegerBetween(int64_t min, int64_t max);

// A finite number > 0.
CLI::Validator PositiveNumber();

}  // namespace attrition::cli
