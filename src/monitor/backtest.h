// Backtesting (SPEC 10): once the labels of the months an earlier scoring run scored have
// matured, compare its predictions with what happened: AUC, precision and recall at the
// stored PREDICTION, calibration (mean predicted vs realised rate, by risk decile) and
// whether the realised count fell inside the 90% interval. One row per (RUN_ID, MONTH)
// in PA_MODEL_MONITORING, deciles in PA_MODEL_MONITORING_DECILES. Internal;
// docs/monitoring.md.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "attrition/config.h"
#include "attrition/status.h"
#include "attrition/warehouse.h"

namespace attrition::monitoring::internal {

inline constexpr const char* kMonitoringTable = "PA_MODEL_MONITORING";
inline constexpr const char* kDecilesTable = "PA_MODEL_MONITORING_DECILES";

struct DecileRow {
  int decile = 0;  // RISK_DECILE, 1 (lowest risk) .. 10
  int64_t rows = 0;
  double mean_predicted = 0;  // odds-corrected
  double realised_rate = 0;
};

struct BacktestRow {
  std::string run_id;
  std::string month;
  std::string model_version;
  int64_t rows = 0;       // scored rows with a mature label
  int64_t unmatched = 0;  // scored rows whose customer-month has no label
  int64_t positives = 0;  // realised attritions
  double auc = 0;         // NaN when one class is absent
  double precision = 0;   // at PREDICTION; NaN without predicted positives
  double recall = 0;      // NaN without positives
  double expected = 0;    // sum of odds-corrected PROBS
  double mean_predicted = 0;
  double realised_rate = 0;
  double lower_90 = 0;
  double upper_90 = 0;
  bool inside_90 = false;
  std::vector<DecileRow> deciles;
};

// Area under the ROC curve with ties counted half (Mann-Whitney). NaN when `labels` has
// one class only. REQUIRES: scores.size() == labels.size().
double RocAuc(const std::vector<double>& scores, const std::vector<int>& labels);

struct BacktestOptions {
  std::string dataset;    // the labelled table (config train.dataset)
  std::string target;     // its label column
  std::string id_column;  // its customer id column
  std::optional<std::string> positive_class;
  Month as_of = 0;  // labels of month M are mature when M + H <= as_of
  // MODEL_VERSION -> odds correction; a version not listed uses 1.
  std::map<std::string, double> odds_corrections;
};

// The (RUN_ID, MONTH) pairs of scoring runs whose month is mature and that
// PA_MODEL_MONITORING does not hold yet, each with its MODEL_VERSION: from
// PA_SCORE_RUN_LOG, or, in a warehouse written before that log existed, from the rows of
// PA_INFERENCE_RESULTS and its _HIST.
struct PendingRun {
  std::string run_id;
  std::string month;
  std::string model_version;
};
Result<std::vector<PendingRun>> PendingBacktests(warehouse::Warehouse& warehouse, Month as_of);

// Computes the backtests of `pending`. Errors name the table or column at fault.
Result<std::vector<BacktestRow>> ComputeBacktests(warehouse::Warehouse& warehouse,
                                                  const std::vector<PendingRun>& pending,
                                                  const BacktestOptions& options);

// Writes `rows` (replacing earlier rows of the same pairs) in one transaction.
Status WriteBacktests(warehouse::Warehouse& warehouse, const std::vector<BacktestRow>& rows,
                      const std::string& timestamp);

// Every row of PA_MODEL_MONITORING (empty when the table does not exist), by MONTH then
// RUN_ID; deciles are filled.
Result<std::vector<BacktestRow>> ReadBacktests(warehouse::Warehouse& warehouse);

}  // namespace attrition::monitoring::internal
