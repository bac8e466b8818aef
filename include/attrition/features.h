// The feature pipeline (SPEC 4): reads the source views, rejects and counts bad rows,
// and writes the intermediate feature tables and PA_MODELING_DATASET.
//
// Every table written (PA_DEMO/SALES/STARTRIGHT/TOUCHPOINT/COMPLAINTS/WARRANTY_
// INTERMEDIATE_FEATURES, PA_MODELING_DATASET) first has its current rows copied into
// <TABLE>_HIST, and the reject counts are appended to PA_FEATURE_RUN_LOG, all in one
// transaction: a run that fails or is killed leaves every table as it was.
//
// Column names, types, row sets, row order and NULL semantics follow SPEC 4 and the
// interpretations I1-I19 of peers/python_ref/features.py (see docs/features.md).
//
// A progress line is drawn on stderr when it is a terminal; phases are logged (spdlog).
//
// Errors: a missing source view or column is NotFound naming it; a warehouse failure is
// returned as is. A bad source row never fails a run: it is counted under its rule.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attrition/calendar.h"
#include "attrition/status.h"

namespace attrition::features {

struct FeatureOptions {
  // The as-of month A. Unset: the latest month of a valid ORDER_DATE not after `today`.
  std::optional<Month> as_of;
  // The run date used to choose A when it is not pinned. Unset: today (UTC).
  std::optional<Day> today;
  // Written to the STAGE column of every row.
  std::string stage = "dev";
  // Threads for reading and computing (each reader thread opens its own connection).
  int threads = 2;
};

// Rows of one source view that one rule rejected (or, for the pseudo-rules "rows",
// "accepted", "nulled_birth_date" and "nulled_insulin_start_date", that were read,
// kept or nulled). Rules appear in the order they are applied (I4).
struct RuleCount {
  std::string view;
  std::string rule;
  int64_t rows = 0;
};

struct TableCount {
  std::string table;
  int64_t rows = 0;
};

struct FeatureRunResult {
  std::string run_id;
  std::string run_timestamp;  // 'YYYY-MM-DD HH:MM:SS' UTC, the INGESTED_DATE written
  Month as_of = 0;
  std::vector<RuleCount> rule_counts;
  std::vector<TableCount> tables;  // in the order written
  int64_t spine_customers = 0;
  // Wall-clock seconds of each phase.
  double read_seconds = 0;
  double compute_seconds = 0;
  double write_seconds = 0;
};

// Runs the pipeline against the warehouse at `warehouse_url` (see warehouse.h); opens
// up to options.threads connections to it. Thread-compatible: one call at a time per
// warehouse.
Result<FeatureRunResult> BuildFeatures(std::string_view warehouse_url,
                                       const FeatureOptions& options);

// The rule counts as a readable table (one line per view and rule), for a terminal.
std::string FormatRuleCounts(const FeatureRunResult& result);

}  // namespace attrition::features
