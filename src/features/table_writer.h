// Writes the feature tables and the run log in ONE transaction (SPEC 4): each table's
// current rows are copied into <TABLE>_HIST, the table is replaced, the reject counts are
// appended to PA_FEATURE_RUN_LOG, then everything commits at once. On any error, or if
// the process dies first, the transaction is rolled back and every table is unchanged.
#pragma once

#include <vector>

#include "attrition/features.h"
#include "attrition/status.h"
#include "attrition/warehouse.h"
#include "features/feature_tables.h"

namespace attrition::features {

// Writes `tables` then the run log of `result`; fills result->tables with the row
// counts written. Draws a progress line per table on a terminal.
Status WriteFeatureTables(warehouse::Warehouse& warehouse,
                          const std::vector<FeatureTable>& tables, const std::string& stage,
                          FeatureRunResult* result);

}  // namespace attrition::features
