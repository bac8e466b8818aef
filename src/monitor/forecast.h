// PA_ATTRITION_FORECAST (SPEC 10): per scored month and segment the active count, the
// expected attritions and a 90% interval of the count. Internal; docs/monitoring.md.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "attrition/monitoring.h"
#include "monitor/month_rows.h"

namespace attrition::monitoring::internal {

inline constexpr const char* kForecastTable = "PA_ATTRITION_FORECAST";

// The forecast rows of one month: "ALL", then one segment type per entry of
// `segment_columns` (named without a leading "IS_"), categories in byte order. PROBS
// are put on the population's scale first, each with the odds correction of the model
// version that scored it: version_corrections[its MODEL_VERSION] when the rows carry
// versions and the map has it, else `odds_correction` (the run's own).
std::vector<ForecastRow> ForecastMonth(
    const MonthRows& rows, const std::vector<std::string>& segment_columns,
    double odds_correction, const std::map<std::string, double>& version_corrections = {});

// The table's columns (docs/monitoring.md).
warehouse::Schema ForecastSchema();

struct RunStamp {
  std::string run_id;
  std::string model_version;
  std::string timestamp;  // 'YYYY-MM-DD HH:MM:SS' UTC
  std::string stage;
};

// Replaces the rows of the months in `rows` (old rows go to _HIST) inside `transaction`.
Status WriteForecast(warehouse::Transaction& transaction, const std::vector<ForecastRow>& rows,
                     const RunStamp& stamp);

}  // namespace attrition::monitoring::internal
