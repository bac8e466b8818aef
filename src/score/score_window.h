// The window a scoring run covers: its as-of month (the config's pinned one, else the
// dataset's latest MONTH) and the inference.min_history_months filter of its months.
//
// For a snapshot table (dataset_shape.h) the window is the one month the run is as of:
// the pinned one, else the current UTC month; it has no history to filter on.
//
// Speed: both are full scans of large tables on most warehouses (MAX(MONTH) of the
// dataset, the months of the sales spine: 4 s and 7 s at 1M customers on SQLite), and the
// spine's window depends on the as-of month. When the as-of month is not pinned, the spine
// is read on a second connection at the same time as the MAX, for the as-of month the last
// `attrition features` run logged (PA_FEATURE_RUN_LOG); when the dataset's latest month
// turns out otherwise (a dataset loaded by other means), the spine is read again for it.
// Either way the result is the one a sequential read gives.
#pragma once

#include <optional>
#include <string>

#include "attrition/calendar.h"
#include "attrition/status.h"
#include "attrition/warehouse.h"
#include "score/dataset_shape.h"
#include "score/history_filter.h"

namespace attrition::score {

struct ScoreWindowQuery {
  std::string dataset;     // train.dataset
  std::string id_column;   // train.id_column
  int months = 1;          // inference.num_month_forecast
  int min_history_months = 0;
  std::optional<Month> pinned_as_of;  // config.as_of
  DatasetShape shape = DatasetShape::kMonthly;
  Month current_month = 0;  // the as-of month of a snapshot without a pinned one
  // The URL of `warehouse`, to open the second connection; empty: read one after the
  // other.
  std::string warehouse_url;
};

struct ScoreWindow {
  DatasetShape shape = DatasetShape::kMonthly;
  Month first_month = 0;  // as_of - months + 1; as_of for a snapshot
  Month as_of = 0;
  HistoryFilter history;  // lets every row pass for a snapshot
};

// FailedPrecondition when the dataset has no rows, InvalidArgument naming a malformed
// MONTH. For a snapshot nothing is read; InvalidArgument naming
// inference.min_history_months when it is not 0 (there are no months to count).
Result<ScoreWindow> ResolveScoreWindow(warehouse::Warehouse& warehouse,
                                       const ScoreWindowQuery& query);

}  // namespace attrition::score
