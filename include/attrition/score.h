// Batch scoring (SPEC 10): `attrition score` and `attrition demo` call ScoreRun, which
// scores every active customer-month whose label is not yet mature (the last
// inference.num_month_forecast months up to the as-of month, customers with at least
// inference.min_history_months months of history) with a registered model and writes
// PA_INFERENCE_RESULTS: ids, the model's features, PROBS, PREDICTION, RISK_DECILE,
// REASON_1..3 from exact TreeSHAP, MODEL_VERSION, RUN_ID and the run's dates
// (docs/scoring.md lists the columns).
//
// A dataset without a MONTH column (a snapshot table, one row per customer, such as the
// Telco sample) is scored as of one month, config.as_of or else the current UTC month:
// its candidates are the rows whose target is NULL or not the positive class (the
// customers not known to have left), written with MONTH = that month. Its
// inference.min_history_months must be 0.
//
// The rows of the scored months (of one shard with `shard_count` > 1) are copied to
// PA_INFERENCE_RESULTS_HIST, deleted and written again in ONE transaction: a re-run never
// duplicates a month, and a run that fails or is killed before its commit leaves both
// tables as they were.
//
// Thread safety: uses `warehouse` exclusively for the duration of the call; scoring uses
// `threads` cores.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "attrition/calendar.h"
#include "attrition/config.h"
#include "attrition/scored_month.h"
#include "attrition/status.h"
#include "attrition/warehouse.h"

namespace attrition::score {

inline constexpr const char* kResultsTable = "PA_INFERENCE_RESULTS";
// One row per run, month and shard written, in the same transaction as the results: RUN_ID,
// MONTH, MODEL_VERSION, SHARD ('i/n'), ROWS, STAGE, UPDATED_DATE. Backtesting finds the
// runs to evaluate here instead of grouping every row of the results and their _HIST.
inline constexpr const char* kRunLogTable = "PA_SCORE_RUN_LOG";
// Customers hash into this many buckets; shard i of n takes the buckets b with b % n == i.
inline constexpr int kShardBuckets = 1024;

struct ScoreOptions {
  // "production", "staging" or a version id of the registry under config.artifacts.dir.
  std::string model = "production";
  // Score through a running `attrition serve` at this base URL ("http://host:8080")
  // instead of in-process. Empty: in-process.
  std::string endpoint;
  int endpoint_batch_rows = 1000;  // instances per request to the endpoint
  // Shard `shard_index` of `shard_count` (1 <= shard_count <= kShardBuckets): only the
  // customers whose bucket % shard_count == shard_index are scored and replaced.
  int shard_index = 0;
  int shard_count = 1;
  std::string run_id;  // empty: "YYYYMMDDTHHMMSSZ-xxxxxx" of the run's start
  std::string stage;   // STAGE column; empty: config.environment
  int threads = 0;     // 0: one per hardware thread
  // Keep the rows written in ScoreSummary::rows_written for the monitoring that follows
  // (unsharded runs only: a shard's monitoring reads all shards' rows back).
  bool keep_rows = false;
};

struct ScoreSummary {
  std::string run_id;
  std::string model_version;
  std::filesystem::path model_dir;
  std::vector<std::string> months;  // 'YYYY-MM' months scored, newest first
  // 'YYYY-MM': config.as_of, else the dataset's latest MONTH (the current UTC month for a
  // snapshot).
  std::string as_of;
  int64_t rows = 0;                 // rows written (this shard's)
  int64_t candidate_rows = 0;       // rows of all shards the deciles were ranked over
  int64_t history_filtered = 0;     // rows dropped by inference.min_history_months
  double seconds = 0;
  // Sum of the odds-corrected probabilities of the newest month's rows written (the
  // expected attritions of that month; the whole month when unsharded).
  double newest_month_expected = 0;
  int64_t newest_month_rows = 0;  // rows of the newest month written
  ScoredRows rows_written;        // with ScoreOptions::keep_rows on an unsharded run
  // The dataset has no MONTH column: candidate_rows are its rows whose target is NULL or
  // not the positive class, all of the month as_of.
  bool snapshot = false;
  std::string snapshot_rule;  // with snapshot: "<target> is not <positive class>"
};

// With summary.snapshot: "snapshot table without MONTH: scoring the N rows whose Churn is
// not Yes", N being candidate_rows.
std::string SnapshotSummaryLine(const ScoreSummary& summary);

// The stable bucket of a customer id (FNV-1a 64 of its exact bytes, mod kShardBuckets).
int CustomerBucket(std::string_view customer_id);

// Parses "i/n" with 0 <= i < n <= kShardBuckets. InvalidArgument naming the value.
Status ParseShard(std::string_view text, int* index, int* count);

// Scores and writes as described at the top of this file. Errors: NotFound when the
// model reference does not resolve (saying to train and promote), the dataset or a
// column is missing; InvalidArgument for bad options or data (a MONTH that is not
// YYYY-MM, text in a numeric column, inference.min_history_months other than 0 for a
// snapshot); FailedPrecondition when there is nothing to score
// or PA_INFERENCE_RESULTS has columns the model's rows do not fit; the warehouse's and
// the endpoint's own errors.
Result<ScoreSummary> ScoreRun(const config::Config& config, warehouse::Warehouse& warehouse,
                              const ScoreOptions& options);

}  // namespace attrition::score
