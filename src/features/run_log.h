// PA_FEATURE_RUN_LOG: one row per run, view and rule with the number of rows the rule
// counted (features.py's rule names, plus "rows" and "accepted"). Rows are appended, so
// the table is the history of every run's reject counts.
#pragma once

#include <string>
#include <vector>

#include "attrition/features.h"
#include "attrition/status.h"
#include "attrition/warehouse.h"

namespace attrition::features {

inline constexpr char kRunLogTable[] = "PA_FEATURE_RUN_LOG";

// RUN_ID, RUN_TS, AS_OF, STAGE, VIEW_NAME, RULE, ROW_COUNT.
const warehouse::Schema& RunLogSchema();

// Appends `result.rule_counts` to the run log inside `transaction`.
Status AppendRunLog(warehouse::Transaction& transaction, const FeatureRunResult& result,
                    const std::string& stage);

}  // namespace attrition::features
