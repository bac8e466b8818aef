#include "attrition/logging.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <string>

namespace attrition {

void SetUpLogging(LogFormat format, bool verbose) {
  std::shared_ptr<spdlog::logger> logger;
  if (format == LogFormat::kJson) {
    logger = spdlog::stderr_logger_mt("attrition_json");
    // The message is escaped by our callers only for quotes and backslashes are rare;
    // spdlog has no JSON formatter, so the pattern keeps the message last.
    logger->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","msg":"%v"})",
                        spdlog::pattern_time_type::utc);
  } else {
    logger = spdlog::stderr_color_mt("attrition");
    logger->set_pattern("%H:%M:%S %^%l%$ %v");
  }
  logger->set_level(verbose ? spdlog::level::debug : spdlog::level::info);
  spdlog::set_default_logger(logger);
}

Result<LogFormat> ParseLogFormat(std::string_view text) {
  if (text == "text") return LogFormat::kText;
  if (text == "json") return LogFormat::kJson;
  return Status::InvalidArgument("--log-format: got '" + std::string(text) +
                                 "', expected 'text' or 'json'");
}

}  // namespace attrition
