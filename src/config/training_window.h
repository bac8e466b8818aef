// The training window rule shared by loading (with file locations) and by callers that
// change the window after loading (CheckTrainingWindow).
#pragma once

#include <optional>
#include <string>

#include "attrition/config.h"

namespace attrition::config::internal {

struct WindowProblem {
  std::string path;     // "train.start_month" or "train.split.months"
  std::string message;  // "got 2021-03, expected a month <= train.max_month (2021-02)"
};

// start_month <= max_month, and with last_n_months a training month before the H-month
// gap and the test months. nullopt when the window is fine.
std::optional<WindowProblem> FindWindowProblem(const TrainConfig& train);

}  // namespace attrition::config::internal
