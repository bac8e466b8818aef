// The tables the pipeline writes (SPEC 4): name, schema (features.py's column names, order
// and SQL types) and a function that streams the rows straight from the timelines into a
// RowWriter, customer by customer in code order, then month (I19), so no table is ever
// materialised as text.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "attrition/progress.h"
#include "attrition/status.h"
#include "attrition/warehouse.h"
#include "features/customer_directory.h"
#include "features/feature_timelines.h"

namespace attrition::features {

// The metadata columns every table ends with (I19).
struct RunStamp {
  std::string timestamp;  // INGESTED_DATE = UPDATED_DATE, 'YYYY-MM-DD HH:MM:SS' UTC
  std::string stage;      // STAGE
};

struct FeatureTable {
  std::string name;
  warehouse::Schema schema;
  int64_t rows = 0;
  // Writes all `rows` rows (not Finish()), updating `progress` as it goes.
  std::function<Status(warehouse::RowWriter& writer, Progress& progress)> write;
};

// The seven tables in the order they are written: PA_DEMO, PA_SALES, PA_STARTRIGHT,
// PA_TOUCHPOINT, PA_COMPLAINTS, PA_WARRANTY (_INTERMEDIATE_FEATURES), PA_MODELING_DATASET.
// The tables refer to `customers`, `timelines` and `stamp`, which must outlive them.
std::vector<FeatureTable> FeatureTables(const CustomerDirectory& customers,
                                        const FeatureTimelines& timelines,
                                        const RunStamp& stamp);

}  // namespace attrition::features
