// The two self-contained HTML reports of monitoring (include/attrition/report.h): the
// drift report of one scoring run and the monitoring report over every backtest. Pure
// string building; the caller writes the files. Internal.
#pragma once

#include <string>
#include <vector>

#include "attrition/monitoring.h"
#include "monitor/backtest.h"
#include "monitor/drift.h"

namespace attrition::monitoring::internal {

struct DriftReportInput {
  std::string run_id;
  std::string model_version;
  std::string environment;
  std::vector<MonthProfile> months;  // newest first
  std::vector<ForecastRow> forecast;
};

std::string DriftReportHtml(const DriftReportInput& input);

// `rows` from ReadBacktests (by month).
std::string MonitoringReportHtml(const std::vector<BacktestRow>& rows,
                                 const std::string& environment);

}  // namespace attrition::monitoring::internal
