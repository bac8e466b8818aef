// Monitoring after a batch-scoring run (SPEC 10): the attrition forecast, the inference
// profile with drift against the training baseline, drift alerts, and backtests of earlier
// runs whose labels have matured. Reads PA_INFERENCE_RESULTS (docs/scoring.md) and
// PA_MODELING_DATASET; writes PA_ATTRITION_FORECAST, PA_INFERENCE_PROFILE and
// PA_MODEL_MONITORING plus two self-contained HTML reports. Tables and columns are
// documented in docs/monitoring.md.
//
// Every write replaces the rows of the months (forecast) or runs (profile, backtests) it
// covers, so re-running is idempotent. Thread safety: one call at a time per Warehouse.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "attrition/config.h"
#include "attrition/notify.h"
#include "attrition/scored_month.h"
#include "attrition/status.h"
#include "attrition/warehouse.h"

namespace attrition::monitoring {

// PSI above this marks drift in the reports (SPEC 10). Alerts use the config's
// inference.drift_alert_psi (default the same 0.2) and skip inference.drift_ignore.
inline constexpr double kDriftAlertPsi = 0.2;

// The scoring run that just committed its rows to PA_INFERENCE_RESULTS.
struct ScoringRunInfo {
  std::string run_id;                // RUN_ID of the run's rows
  std::string model_version;         // MODEL_VERSION of the run's rows
  std::filesystem::path model_dir;   // the version directory (baseline.json, profile.json)
  std::vector<std::string> months;   // 'YYYY-MM' months the run scored
  std::filesystem::path report_dir;  // where the HTML reports go (created when missing)
  // 'YYYY-MM' as-of month of the run, when the caller knows it; else it is config.as_of
  // or the dataset's latest MONTH (a full scan of the dataset on most warehouses).
  std::string as_of;
  // The run's rows when the caller holds them (an unsharded score run): monitoring takes
  // them over instead of reading the months back from PA_INFERENCE_RESULTS. Used when
  // their columns are the model's; may be null.
  ScoredRows* rows = nullptr;
  // The run scored a snapshot table (no MONTH column, ScoreSummary::snapshot): no scored
  // month's labels ever mature in it, so backtests are skipped (with an info line).
  bool snapshot = false;
};

// One row of PA_ATTRITION_FORECAST.
struct ForecastRow {
  std::string month;         // 'YYYY-MM'
  std::string segment_type;  // "ALL", "PAYOR_TYPE", "DIAGNOSIS_TYPE"
  std::string segment;       // "ALL" or the category, e.g. "Commercial"
  int64_t active_count = 0;  // scored customers
  double expected = 0;       // sum of PROBS
  double lower_90 = 0;       // 5% quantile of the attrition count
  double upper_90 = 0;       // 95% quantile of the attrition count
};

struct MonitoringSummary {
  int64_t forecast_rows = 0;                  // rows written to PA_ATTRITION_FORECAST
  int64_t profile_rows = 0;                   // rows written to PA_INFERENCE_PROFILE
  double max_psi = 0;                         // largest feature PSI of the run
  std::string max_psi_feature;                // its feature; "" when no feature was compared
  double score_psi = 0;                       // PSI of PROBS against the training scores
  // PSI > inference.drift_alert_psi and not in inference.drift_ignore, largest first.
  std::vector<std::string> drifted_features;
  int alerts_sent = 0;                        // 0 or 1 drift alert per run
  int64_t backtest_rows = 0;                  // (RUN_ID, MONTH) rows in PA_MODEL_MONITORING now
  std::filesystem::path drift_report;         // HTML; empty when not written
  std::filesystem::path monitoring_report;    // HTML; empty when not written
  // The newest scored month's "ALL" forecast.
  std::string newest_month;
  double newest_expected = 0;
  double newest_lower_90 = 0;
  double newest_upper_90 = 0;
};

// Runs everything after a scoring run: forecast of `run.months`, profile and drift of the
// run (and at most one alert through `notifier` when a PSI exceeds kDriftAlertPsi),
// backtests of every earlier run whose months' labels are mature at the config's as-of
// month (none for a snapshot run), and the two reports. Errors name the table, column or file at
// fault; a failed notification is not an error (it is logged by the notifier).
Result<MonitoringSummary> AfterScoring(warehouse::Warehouse& warehouse,
                                       const config::Config& config, const ScoringRunInfo& run,
                                       notify::Notifier& notifier);

}  // namespace attrition::monitoring
