#include "model/xgboost_call.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <xgboost/c_api.h>

#include <mutex>
#include <string>

namespace attrition::model::xgboost_call {

std::string CleanError(std::string_view text) {
  // "[12:34:56] ../src/learner.cc:742: Invalid Parameter ...\nStack trace:\n  [bt] ..."
  // "[12:34:56] WARNING: ../src/learner.cc:767: \nParameters: { ... } are not used."
  if (size_t trace = text.find("\nStack trace:"); trace != std::string_view::npos) {
    text = text.substr(0, trace);
  }
  if (text.starts_with("[")) {
    size_t close = text.find("] ");
    if (close != std::string_view::npos) text.remove_prefix(close + 2);
  }
  auto is_noise = [](std::string_view token) {
    return token == "WARNING" || token.find(".cc:") != std::string_view::npos ||
           token.find(".h:") != std::string_view::npos;
  };
  for (size_t colon = text.find(": ");
       colon != std::string_view::npos && is_noise(text.substr(0, colon));
       colon = text.find(": ")) {
    text.remove_prefix(colon + 2);
  }
  while (!text.empty() && (text.front() == '\n' || text.front() == ' ')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  return std::string(text);
}

void RouteLogsToSpdlog() {
  static std::once_flag once;
  std::call_once(once, [] {
    XGBRegisterLogCallback(
        [](const char* message) { spdlog::warn("xgboost: {}", CleanError(message)); });
  });
}

Status Check(int rc, std::string_view call, Status (*make)(std::string)) {
  if (rc == 0) return Status::OK();
  return make(fmt::format("xgboost {}: {}", call, CleanError(XGBGetLastError())));
}

}  // namespace attrition::model::xgboost_call
