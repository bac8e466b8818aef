// ScoredMonthsBuilder: collects the rows a score run writes, month by month and column by
// column (attrition/scored_month.h), for the monitoring that follows the run. The values
// are those written to PA_INFERENCE_RESULTS, so monitoring computes from them exactly
// what it would from reading the table back.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attrition/calendar.h"
#include "attrition/scored_month.h"

namespace attrition::score {

class ScoredMonthsBuilder {
 public:
  // One ScoredMonth per entry of `months`, each with `segments` segment columns and
  // `features` feature columns, with room for rows_per_month[m] rows (speed: 3M rows of
  // 23 features grow no vector).
  ScoredMonthsBuilder(const std::vector<Month>& months, const std::vector<size_t>& rows_per_month,
                      size_t segments, size_t features);

  // Starts a row of months[slot]. Then set each segment and feature of the row once.
  void BeginRow(size_t slot, double probability);
  // NULL (nullopt) is the category "UNKNOWN".
  void Segment(size_t s, std::optional<std::string_view> category);
  // As written: NaN is NULL; -0 is stored as 0.
  void Feature(size_t f, double value) {
    month_->features[f].push_back(static_cast<float>(value) + 0.0f);
  }

  std::vector<ScoredMonth> Finish() && { return std::move(months_); }

 private:
  std::vector<ScoredMonth> months_;
  // Per month slot and segment column: category -> code.
  std::vector<std::vector<std::map<std::string, uint32_t, std::less<>>>> codes_;
  ScoredMonth* month_ = nullptr;  // of the current row
  size_t slot_ = 0;
};

}  // namespace attrition::score
