// Loading the labelled training rows (SPEC 7 step 1) from the warehouse: what `attrition
// train` fits and `attrition explain` regresses on, read by this one loader so that both
// see the same rows.
//
// Reads train.dataset: the columns the feature plan may use (dummy columns, the target,
// the id column, MONTH, and every column that `features` names directly or through
// rename_cols), keeping only rows whose target is not NULL and, when the table has a
// MONTH column, start_month <= MONTH <= max_month. For a table with MONTH the as-of
// month is the pinned one or the table's latest MONTH, and the labels of max_month must
// be mature (max_month + H <= as-of). A table without MONTH only supports the
// randomized split.
//
// Thread safety: uses `warehouse` exclusively for the duration of the call.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "attrition/calendar.h"
#include "attrition/config.h"
#include "attrition/model_raw_table.h"
#include "attrition/status.h"
#include "attrition/warehouse.h"

namespace attrition::dataset {

struct LabelledRows {
  model::RawTable table;          // the loaded columns, one entry per labelled row
  bool has_month = false;         // the dataset has a MONTH column
  std::vector<Month> months;      // per row when has_month, else empty
  std::vector<int32_t> customers;         // per row: code of the id, in id text order
  std::vector<std::string> customer_ids;  // code -> id text (byte order)
  std::optional<Month> as_of;             // when has_month
};

// Errors: NotFound when the dataset or a required column (target, id column) is
// missing; InvalidArgument for a window that is not mature or a MONTH that is not
// 'YYYY-MM', a non-numeric value in a numeric column, a last_n_months split of a table
// without MONTH, or no labelled rows in the window; the warehouse's own errors.
Result<LabelledRows> LoadLabelledRows(warehouse::Warehouse& warehouse,
                                      const config::TrainConfig& train,
                                      std::optional<Month> pinned_as_of);

}  // namespace attrition::dataset
