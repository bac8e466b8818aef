#include "config/training_window.h"

#include <fmt/format.h>

namespace attrition::config {
namespace internal {

std::optional<WindowProblem> FindWindowProblem(const TrainConfig& train) {
  constexpr int kH = kLabelHorizonMonths;
  const Month start = train.start_month, max = train.max_month;
  if (start > max) {
    return WindowProblem{"train.start_month",
                         fmt::format("got {}, expected a month <= train.max_month ({})",
                                     FormatMonth(start), FormatMonth(max))};
  }
  if (train.split.mode != SplitMode::kLastNMonths) return std::nullopt;
  // Test months max-n+1 .. max; training months end H+1 months before the first one, so
  // no training label (months m+1 .. m+H) reaches into the test period.
  const int months = train.split.months;
  const int most = max - start - kH;
  if (months <= most) return std::nullopt;
  if (most < 1) {
    return WindowProblem{
        "train.split.months",
        fmt::format("got {}, but the window {}..{} is too short for last_n_months: it needs "
                    "at least {} months (a training month, the {}-month label gap, a test "
                    "month); widen it or use mode randomized",
                    months, FormatMonth(start), FormatMonth(max), kH + 2, kH)};
  }
  return WindowProblem{
      "train.split.months",
      fmt::format("got {}, expected at most {} so that a training month of {}..{} remains "
                  "before the {}-month label gap and the test months",
                  months, most, FormatMonth(start), FormatMonth(max), kH)};
}

}  // namespace internal

Status CheckTrainingWindow(const TrainConfig& train) {
  if (auto problem = internal::FindWindowProblem(train)) {
    return Status::InvalidArgument(problem->path + ": " + problem->message);
  }
  return Status::OK();
}

Status CheckTrainingWindowMature(const TrainConfig& train, Month as_of) {
  constexpr int kH = kLabelHorizonMonths;
  if (train.max_month + kH <= as_of) return Status::OK();
  return Status::InvalidArgument(fmt::format(
      "train.max_month: got {}, expected at most {}: the label of a month needs the {} months "
      "after it, and the data ends at the as-of month {}",
      FormatMonth(train.max_month), FormatMonth(as_of - kH), kH, FormatMonth(as_of)));
}

}  // namespace attrition::config
