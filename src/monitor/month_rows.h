// The rows of one scored month of PA_INFERENCE_RESULTS, column by column: segment texts,
// model features and PROBS. Internal.
#pragma once

#include <string>
#include <vector>

#include "attrition/status.h"
#include "attrition/warehouse.h"

namespace attrition::monitoring::internal {

inline constexpr const char* kResultsTable = "PA_INFERENCE_RESULTS";

struct MonthRows {
  std::string month;
  std::vector<std::vector<std::string>> segments;  // per segment column; NULL = "UNKNOWN"
  std::vector<std::vector<float>> features;        // per feature; NULL = NaN
  std::vector<double> probs;                       // PROBS, one per row
  size_t size() const { return probs.size(); }
};

// 'text' as an SQL string literal, quotes doubled.
std::string SqlText(std::string_view text);

// Reads every current row of `month` (whatever run wrote it). A segment or feature column
// the table lacks is NotFound naming it; a row without PROBS is skipped.
Result<MonthRows> ReadMonthRows(warehouse::Warehouse& warehouse, const std::string& month,
                                const std::vector<std::string>& segment_columns,
                                const std::vector<std::string>& feature_columns);

}  // namespace attrition::monitoring::internal
