// The rows of the scored months of PA_INFERENCE_RESULTS, month by month and column by
// column: segment texts, model features and PROBS. Internal.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "attrition/scored_month.h"
#include "attrition/status.h"
#include "attrition/warehouse.h"

namespace attrition::monitoring::internal {

inline constexpr const char* kResultsTable = "PA_INFERENCE_RESULTS";

using MonthRows = ScoredMonth;

// 'text' as an SQL string literal, quotes doubled.
std::string SqlText(std::string_view text);

// Reads every current row of each of `months` (whatever run wrote it): one MonthRows per
// entry of `months`, in that order, with the rows of each month in the order the
// warehouse returns them. A segment or feature column the table lacks is NotFound naming
// it; a row without PROBS is skipped.
Result<std::vector<MonthRows>> ReadMonthRows(warehouse::Warehouse& warehouse,
                                             const std::vector<std::string>& months,
                                             const std::vector<std::string>& segment_columns,
                                             const std::vector<std::string>& feature_columns);

}  // namespace attrition::monitoring::internal
