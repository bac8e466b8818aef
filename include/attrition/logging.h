// Structured logging: one line per event, text on a terminal, JSON with
// `--log-format json`. Thin setup over spdlog; call sites use spdlog directly
// (spdlog::info("features: wrote {} rows to {}", n, table)).
#pragma once

#include <string_view>

#include "attrition/status.h"

namespace attrition {

enum class LogFormat { kText, kJson };

// Configures the default spdlog logger to write to stderr in `format`. Thread-safe after
// it returns; call once from main().
void SetUpLogging(LogFormat format, bool verbose);

// Parses "text" or "json".
Result<LogFormat> ParseLogFormat(std::string_view text);

}  // namespace attrition
