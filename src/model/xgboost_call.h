// Checking XGBoost C API return codes: the one place XGBoost failures become Status.
#pragma once

#include <string_view>

#include "attrition/status.h"

namespace attrition::model::xgboost_call {

// OK when rc == 0; otherwise a Status of `make`'s code with the message
// "xgboost <call>: <XGBGetLastError(), without its time stamp, source location and
// stack trace>".
Status Check(int rc, std::string_view call, Status (*make)(std::string) = &Status::InvalidArgument);

// Sends XGBoost's own log lines (warnings about unused parameters...) to spdlog instead
// of stderr, once per process. Called before the first XGBoost object is made.
void RouteLogsToSpdlog();

// The readable part of an XGBoost error text (exposed for tests).
std::string CleanError(std::string_view text);

}  // namespace attrition::model::xgboost_call
