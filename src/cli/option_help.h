// How an option's default reads in --help. CLI11 prints a captured default only for an
// option without option_text(), and every option here has option_text() so that its help
// reads "N" rather than CLI11's "INT:INT in [1 - 64]"; the default goes into the
// description instead, as the options that state theirs by hand do: "... (default 2)".
#pragma once

#include <CLI/CLI.hpp>

namespace attrition::cli {

// Captures the option's current value as its default and appends " (default VALUE)" to
// its description. Returns `option`, for chaining.
// REQUIRES: option != nullptr, its variable already holds the default.
CLI::Option* ShowDefault(CLI::Option* option);

}  // namespace attrition::cli
