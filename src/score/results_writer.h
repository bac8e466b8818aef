// Writes a scoring run's rows to PA_INFERENCE_RESULTS (docs/scoring.md has the columns):
// in one transaction the rows of the run's months (of its shard) are archived to
// PA_INFERENCE_RESULTS_HIST and deleted, then this run's rows are appended, one
// PA_SCORE_RUN_LOG row per month is added, and the transaction commits. The rows' reasons come with the candidates (the scorer computes
// them while the rows are read); without them they are computed here, chunk by chunk, from
// exact TreeSHAP on worker threads while the previous chunk is being written.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "attrition/model_bundle.h"
#include "attrition/scored_month.h"
#include "attrition/status.h"
#include "attrition/warehouse.h"
#include "score/candidates.h"

namespace attrition::score {

struct ResultsRun {
  const model::LoadedModel* model = nullptr;
  std::string model_version;
  std::string run_id;
  std::string timestamp;  // INGESTED_DATE / UPDATED_DATE
  std::string stage;
  std::vector<Month> months;  // the months replaced
  int shard_index = 0;
  int shard_count = 1;
  int threads = 0;
  size_t chunk_rows = 8192;
  // Collect the rows written into ResultsWritten::months (for monitoring).
  bool collect_rows = false;
};

struct ResultsWritten {
  int64_t rows = 0;
  double newest_month_expected = 0;  // sum of odds-corrected PROBS of the newest month
  int64_t newest_month_rows = 0;
  std::vector<size_t> rows_per_month;  // parallel to ResultsRun::months
  std::vector<ScoredMonth> months;      // with ResultsRun::collect_rows: parallel to its months
};

// The table's columns for `layout` and the model's plan. InvalidArgument when a model
// feature's name collides with another column's.
Result<warehouse::Schema> ResultsSchema(const InputLayout& layout,
                                        const model::FeaturePlan& plan);

// Writes the kept rows of `candidates` in `order` with their `deciles`.
// FailedPrecondition when an existing PA_INFERENCE_RESULTS lacks one of the columns.
Result<ResultsWritten> WriteResults(warehouse::Warehouse& warehouse, const Candidates& candidates,
                                    const std::vector<uint32_t>& order,
                                    const std::vector<uint8_t>& deciles,
                                    const InputLayout& layout, const ResultsRun& run);

}  // namespace attrition::score
