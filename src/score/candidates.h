// The rows a scoring run ranks and writes: every candidate customer-month (of every
// shard, for the within-month risk deciles) with its probability, and the raw columns
// of the rows of this run's shard, kept compactly (numbers as doubles, text
// dictionary-coded) until they are explained and written.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "attrition/calendar.h"
#include "attrition/model_feature_plan.h"
#include "attrition/model_raw_table.h"
#include "attrition/model_raw_table_reader.h"
#include "attrition/status.h"
#include "attrition/warehouse.h"
#include "score/dataset_shape.h"
#include "score/history_filter.h"

namespace attrition::score {

// Which raw columns are read, and where the ids, MONTH and the plan's columns sit.
// A snapshot (dataset_shape.h) has no MONTH: month is -1 and every row is of the query's
// one month.
struct InputLayout {
  std::vector<model::RawColumnSpec> columns;  // the SELECT list, in order
  int id = 0;                                 // the id column (text)
  int mrn = -1;                               // MRN (text), -1 when the dataset lacks it
  int month = 0;                              // MONTH (text), -1 for a snapshot
  std::vector<int> dummies;                   // the plan's dummy columns, in spec order
};

// REASON_1..3 as model feature indices; -1 for an empty slot.
using ReasonIndices = std::array<int16_t, 3>;

// Probabilities (and, when the scorer has them, reasons) for every row of a chunk.
// reasons is left empty when the scorer does not give them (in-process: they are
// computed later, for this shard's rows only).
using ChunkScorer = std::function<Status(const model::RawTable& chunk,
                                         std::vector<float>* probabilities,
                                         std::vector<ReasonIndices>* reasons)>;

struct Candidates {
  // Every candidate row, in reading order.
  std::vector<Month> month;
  std::vector<float> probability;
  std::vector<int32_t> customer;           // index into customer_ids
  std::vector<std::string> customer_ids;   // distinct ids, first-seen order
  // This shard's rows: candidate index, raw columns (InputLayout order) and, from an
  // endpoint, reasons.
  std::vector<uint32_t> kept;
  model::RawTable kept_rows;
  std::vector<ReasonIndices> kept_reasons;
  int64_t history_filtered = 0;  // rows dropped by min_history_months
};

struct CandidateQuery {
  std::string dataset;  // the table scored
  std::string target;   // its label column; NULL = not mature
  Month first_month = 0;
  Month last_month = 0;
  // kSnapshot: the rows whose target is NULL or not `positive_class`, all of first_month
  // (== last_month).
  DatasetShape shape = DatasetShape::kMonthly;
  std::optional<std::string> positive_class;  // the model's
  int shard_index = 0;
  int shard_count = 1;
  size_t chunk_rows = 65536;
};

// The columns to read from `schema` for `plan`; MONTH only for kMonthly. NotFound naming
// a missing column.
Result<InputLayout> MakeInputLayout(const warehouse::Schema& schema, const std::string& dataset,
                                    const std::string& id_column, const model::FeaturePlan& plan,
                                    DatasetShape shape);

// Streams the candidate rows of `query` that pass `history` chunk by chunk through
// `scorer`, keeping the rows of the query's shard. Draws a progress line on a terminal.
Result<Candidates> ReadCandidates(warehouse::Warehouse& warehouse, const CandidateQuery& query,
                                  const HistoryFilter& history, const InputLayout& layout,
                                  const ChunkScorer& scorer);

}  // namespace attrition::score
