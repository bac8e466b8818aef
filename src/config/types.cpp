// Names of the config enums and Config::Where.
#include "attrition/config.h"

namespace attrition::config {

std::string_view ToString(Sampling sampling) {
  switch (sampling) {
    case Sampling::kDown:
      return "down";
    case Sampling::kUp:
      return "up";
    case Sampling::kNone:
      return "none";
  }
  return "?";
}

std::string_view ToString(SplitMode mode) {
  return mode == SplitMode::kLastNMonths ? "last_n_months" : "randomized";
}

std::string_view ToString(Metric metric) {
  switch (metric) {
    case Metric::kAuc:
      return "auc";
    case Metric::kF1:
      return "f1";
    case Metric::kAccuracy:
      return "accuracy";
  }
  return "?";
}

std::string_view ToString(SinkType type) {
  switch (type) {
    case SinkType::kLog:
      return "log";
    case SinkType::kWebhook:
      return "webhook";
    case SinkType::kSmtp:
      return "smtp";
  }
  return "?";
}

std::string Config::Where(std::string_view yaml_path) const {
  const auto it = locations.find(yaml_path);
  if (it == locations.end() || it->second.line == 0) return std::string(yaml_path);
  return source + ':' + std::to_string(it->second.line) + ':' + std::to_string(it->second.column) +
         ": " + std::string(yaml_path);
}

}  // namespace attrition::config
