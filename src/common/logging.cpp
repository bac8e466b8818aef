#include "attrition/logging.h"

#include "attrition/redaction.h"

#include <spdlog/details/log_msg.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

namespace attrition {
namespace {

// The registered secrets, longest first so a secret containing another is masked whole.
class SecretList {
 public:
  void Add(std::string value) {
    if (value.empty()) return;
    std::unique_lock lock(mutex_);
    if (std::find(values_.begin(), values_.end(), value) != values_.end()) return;
    values_.push_back(std::move(value));
    std::stable_sort(values_.begin(), values_.end(),
                     [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  }

  std::string Redact(std::string_view text) const {
    std::shared_lock lock(mutex_);
    return RedactValues(text, values_);
  }

 private:
  mutable std::shared_mutex mutex_;
  std::vector<std::string> values_;
};

SecretList& Secrets() {
  static SecretList* list = new SecretList();  // never destroyed: logging may run at exit
  return *list;
}

// Writes each record to stderr as one text or JSON line, after redaction. spdlog's own
// pattern formatter cannot do either: it has no redaction hook and no JSON escaping.
class RedactingStderrSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit RedactingStderrSink(LogFormat format)
      : format_(format), colour_(format == LogFormat::kText && isatty(STDERR_FILENO) == 1) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    const std::string text =
        Secrets().Redact(std::string_view(msg.payload.data(), msg.payload.size()));
    const spdlog::string_view_t level_name = spdlog::level::to_string_view(msg.level);
    const std::string_view level(level_name.data(), level_name.size());
    std::string line;
    if (format_ == LogFormat::kJson) {
      line = nlohmann::json{{"time", UtcTime(msg.time)},
                            {"level", level},
                            {"msg", text}}
                 .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    } else {
      line = LocalClock(msg.time) + ' ';
      if (colour_) line += Colour(msg.level);
      line += level;
      if (colour_) line += "\033[0m";
      line += ' ';
      line += text;
    }
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stderr);
  }

  void flush_() override { std::fflush(stderr); }

 private:
  static std::string UtcTime(spdlog::log_clock::time_point time) {
    const auto since_epoch = time.time_since_epoch();
    const std::time_t seconds =
        std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count();
    const long long millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count() % 1000;
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[96];  // sized for any int the compiler can imagine in tm
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03lldZ",
                  tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                  tm.tm_sec, millis);
    return buffer;
  }

  static std::string LocalClock(spdlog::log_clock::time_point time) {
    const std::time_t seconds = spdlog::log_clock::to_time_t(time);
    std::tm tm{};
    localtime_r(&seconds, &tm);
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buffer;
  }

  static const char* Colour(spdlog::level::level_enum level) {
    switch (level) {
      case spdlog::level::warn: return "\033[33m";
      case spdlog::level::err:
      case spdlog::level::critical: return "\033[31m";
      case spdlog::level::info: return "\033[32m";
      default: return "\033[2m";
    }
  }

  LogFormat format_;
  bool colour_;
};

}  // namespace

void SetUpLogging(LogFormat format, bool verbose) {
  auto sink = std::make_shared<RedactingStderrSink>(format);
  auto logger = std::make_shared<spdlog::logger>("attrition", std::move(sink));
  logger->set_level(verbose ? spdlog::level::debug : spdlog::level::info);
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(std::move(logger));
}

Result<LogFormat> ParseLogFormat(std::string_view text) {
  if (text == "text") return LogFormat::kText;
  if (text == "json") return LogFormat::kJson;
  return Status::InvalidArgument("--log-format: got '" + std::string(text) +
                                 "', expected 'text' or 'json'");
}

void RedactInLogs(std::string value) { Secrets().Add(std::move(value)); }

std::string RedactLogSecrets(std::string_view text) { return Secrets().Redact(text); }

}  // namespace attrition
