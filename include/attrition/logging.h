// Structured logging: one line per event, text on a terminal, JSON with
// `--log-format json`. Thin setup over spdlog; call sites use spdlog directly
// (spdlog::info("features: wrote {} rows to {}", n, table)).
//
// Every line passes through one sink that removes registered secret values before
// anything is written, so a driver error that echoes a connection string cannot leak a
// password into a log file, whatever the call site forgot.
#pragma once

#include <string>
#include <string_view>

#include "attrition/status.h"

namespace attrition {

enum class LogFormat { kText, kJson };

// Configures the default spdlog logger to write to stderr in `format`:
//   text: "15:04:05 info message" (level coloured when stderr is a terminal)
//   json: {"time":"2026-11-27T15:04:05.123Z","level":"info","msg":"message"}, one object
//         per line, the message escaped as JSON.
// Thread-safe after it returns; call once from main().
void SetUpLogging(LogFormat format, bool verbose);

// Parses "text" or "json".
Result<LogFormat> ParseLogFormat(std::string_view text);

// From now on every occurrence of `value` in a log line is written as "***". Empty values
// are ignored. Thread-safe; values are never removed (a process holds few secrets).
void RedactInLogs(std::string value);

// `text` with every registered value replaced by "***", longest value first. For text
// that leaves the process by another way than the log (an HTTP error body, a report).
std::string RedactLogSecrets(std::string_view text);

}  // namespace attrition
