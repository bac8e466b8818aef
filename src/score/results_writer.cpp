#include "score/results_writer.h"

#include <cmath>
#include <future>
#include <set>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "attrition/model_reason_ties.h"
#include "attrition/phase_timer.h"
#include "attrition/progress.h"
#include "attrition/score.h"

namespace attrition::score {
namespace {

using model::RawColumn;
using warehouse::ColumnType;

constexpr const char* kMrn = "MRN";
constexpr const char* kMonth = "MONTH";
constexpr const char* kShardKey = "SHARD_KEY";
const char* const kTrailer[] = {"PROBS",         "PREDICTION",   "RISK_DECILE", "REASON_1",
                                "REASON_2",      "REASON_3",     "MODEL_VERSION", "RUN_ID",
                                "INGESTED_DATE", "UPDATED_DATE", "STAGE",       kShardKey};

// "<month>:<bucket, 4 digits>" appended to `out`.
void AppendShardKey(std::string_view month, int bucket, std::string& out) {
  fmt::format_to(std::back_inserter(out), "{}:{:04d}", month, bucket);
}

std::string ShardKey(std::string_view month, int bucket) {
  std::string key;
  AppendShardKey(month, bucket, key);
  return key;
}

// One chunk of rows in output order, encoded and explained.
struct Chunk {
  std::vector<uint32_t> kept;  // kept-row indices
  model::RawTable raw;         // the plan's input columns of those rows (to encode them)
  model::DenseMatrix x;
  std::vector<ReasonIndices> reasons;
};

class ChunkExplainer {
 public:
  ChunkExplainer(const Candidates& candidates, const ResultsRun& run)
      : candidates_(candidates), run_(run), ties_(run.model->bundle.model_json) {}

  // One call at a time.
  Result<Chunk> Explain(std::vector<uint32_t> kept) {
    Chunk chunk;
    chunk.kept = std::move(kept);
    // Speed: only the columns the plan encodes are copied. The ids (a new string per
    // row, hashed into the chunk's dictionary) cost half the write at 1M customers when
    // copied; RowFiller reads them from the kept rows in place.
    const model::RawTable& from = candidates_.kept_rows;
    std::vector<const RawColumn*> sources;
    std::vector<RawColumn*> to;
    for (const std::string& name : run_.model->bundle.plan.InputColumns()) {
      const RawColumn* source = from.Find(name);
      if (source == nullptr) continue;  // Encode names it
      sources.push_back(source);
      to.push_back(&chunk.raw.AddColumn(name, source->kind()));
    }
    for (uint32_t row : chunk.kept) {
      for (size_t c = 0; c < sources.size(); ++c) {
        const RawColumn& source = *sources[c];
        if (source.kind() == RawColumn::Kind::kNumeric) {
          to[c]->AppendNumber(source.Number(row));
        } else if (auto text = source.Text(row)) {
          to[c]->AppendText(*text);
        } else {
          to[c]->AppendNull();
        }
      }
    }
    ATTRITION_ASSIGN_OR_RETURN(chunk.x, run_.model->bundle.plan.Encode(chunk.raw));
    chunk.reasons.resize(chunk.kept.size());
    if (!candidates_.kept_reasons.empty()) {  // the scorer gave them (in-process or endpoint)
      for (size_t i = 0; i < chunk.kept.size(); ++i) {
        chunk.reasons[i] = candidates_.kept_reasons[chunk.kept[i]];
      }
      return chunk;
    }
    const size_t features = chunk.x.cols();
    model::DenseMatrix contributions =
        run_.model->ensemble.Contributions(chunk.x, {.threads = run_.threads});
    ATTRITION_RETURN_IF_ERROR(ties_.Resolve(chunk.x, contributions));
    for (size_t i = 0; i < chunk.kept.size(); ++i) {
      int top[3];
      const size_t n = model::TopReasons(contributions.Row(i).first(features), top);
      for (size_t k = 0; k < 3; ++k) {
        chunk.reasons[i][k] = static_cast<int16_t>(k < n ? top[k] : -1);
      }
    }
    return chunk;
  }

 private:
  const Candidates& candidates_;
  const ResultsRun& run_;
  model::ReasonTieBreaker ties_;
};

class RowFiller {
 public:
  // With `collect`, also hands every row written to it.
  RowFiller(const Candidates& candidates, const std::vector<uint8_t>& deciles,
            const InputLayout& layout, const ResultsRun& run, ScoredMonthsBuilder* collect)
      : candidates_(candidates), deciles_(deciles), layout_(layout), run_(run),
        plan_(run.model->bundle.plan), collect_(collect) {
    const double f = run.model->bundle.metadata.odds_correction;
    odds_correction_ = std::isfinite(f) && f > 0 ? f : 1.0;
    // A snapshot has no MONTH to read: its rows are all of the run's one month.
    if (layout.month < 0 && !run.months.empty()) snapshot_month_ = FormatMonth(run.months.front());
  }

  Status Write(const Chunk& chunk, warehouse::RowWriter& writer, ResultsWritten* written) {
    // The raw values of the chunk's rows are read from the kept rows in place: row
    // chunk.kept[i] of `raw`.
    const model::RawTable& raw = candidates_.kept_rows;
    const RawColumn& ids = raw.column(layout_.id);
    const RawColumn* months = layout_.month >= 0 ? &raw.column(layout_.month) : nullptr;
    const size_t features = plan_.num_features();
    const Month newest = run_.months.empty() ? 0 : run_.months.front();
    // Per feature: the numeric column whose stored value is written, or nullptr to write
    // the encoded value (one-hot columns, numbers read from text).
    std::vector<const RawColumn*> stored(features, nullptr);
    for (size_t f = 0; f < features; ++f) {
      const model::FeatureSource& source = plan_.source(f);
      const RawColumn* column = raw.Find(source.column);
      if (!source.category && column->kind() == RawColumn::Kind::kNumeric) stored[f] = column;
    }
    for (size_t i = 0; i < chunk.kept.size(); ++i) {
      const uint32_t row = chunk.kept[i];
      const uint32_t candidate = candidates_.kept[row];
      // Rows come newest month first, as run_.months lists them.
      while (run_.months[month_slot_] != candidates_.month[candidate]) ++month_slot_;
      const float p = candidates_.probability[candidate];
      if (collect_ != nullptr) collect_->BeginRow(month_slot_, p);
      int c = 0;
      const std::string_view id = ids.Text(row).value_or("");
      const std::string_view month =
          months != nullptr ? months->Text(row).value_or("") : std::string_view(snapshot_month_);
      // Speed: texts that stay put until EndRow (the kept rows' columns, the run's strings,
      // shard_key_) are handed over as views; CategoryAt's number buffer is reused
      // within a row, so those are copied.
      writer.SetTextView(c++, id);
      SetText(writer, c++, layout_.mrn >= 0 ? &raw.column(layout_.mrn) : nullptr, row);
      writer.SetTextView(c++, month);
      for (size_t s = 0; s < layout_.dummies.size(); ++s) {
        const RawColumn& column = raw.column(layout_.dummies[s]);
        const std::optional<std::string_view> category = CategoryAt(column, row);
        if (!category) {
          writer.SetNull(c++);
        } else if (column.kind() == RawColumn::Kind::kText) {
          writer.SetTextView(c++, *category);
        } else {
          writer.SetText(c++, *category);
        }
        if (collect_ != nullptr) collect_->Segment(s, category);
      }
      for (size_t f = 0; f < features; ++f) {
        // The value as stored, not float-rounded, where there is one.
        const double value = stored[f] != nullptr ? stored[f]->Number(row) : chunk.x.at(i, f);
        writer.SetReal(c++, value);
        if (collect_ != nullptr) collect_->Feature(f, value);
      }
      writer.SetReal(c++, p);
      writer.SetInteger(c++, static_cast<double>(p) >= run_.model->bundle.metadata.threshold);
      writer.SetInteger(c++, deciles_[candidate]);
      for (int16_t reason : chunk.reasons[i]) {
        if (reason >= 0) {
          writer.SetTextView(c++, plan_.feature_names()[reason]);
        } else {
          writer.SetNull(c++);
        }
      }
      writer.SetTextView(c++, run_.model_version);
      writer.SetTextView(c++, run_.run_id);
      writer.SetTextView(c++, run_.timestamp);
      writer.SetTextView(c++, run_.timestamp);
      writer.SetTextView(c++, run_.stage);
      shard_key_.clear();
      AppendShardKey(month, CustomerBucket(id), shard_key_);
      writer.SetTextView(c++, shard_key_);
      ATTRITION_RETURN_IF_ERROR(writer.EndRow());
      ++written->rows;
      if (candidates_.month[candidate] == newest) {
        ++written->newest_month_rows;
        const double q = p * odds_correction_;
        written->newest_month_expected += q / (q + (1.0 - p));
      }
    }
    return Status::OK();
  }

 private:
  // The row's value of a text-valued column (ids, segments) as written; nullopt is NULL.
  // A number is written in CategoryText form (valid until the next call).
  std::optional<std::string_view> CategoryAt(const RawColumn& column, size_t row) {
    if (column.kind() != RawColumn::Kind::kNumeric) return column.Text(row);
    const double value = column.Number(row);
    if (std::isnan(value)) return std::nullopt;
    number_text_ = model::CategoryText(value);
    return number_text_;
  }

  void SetText(warehouse::RowWriter& writer, int c, const RawColumn* column, size_t row) {
    const std::optional<std::string_view> text =
        column == nullptr ? std::nullopt : CategoryAt(*column, row);
    if (text) {
      writer.SetText(c, *text);
    } else {
      writer.SetNull(c);
    }
  }

  const Candidates& candidates_;
  const std::vector<uint8_t>& deciles_;
  const InputLayout& layout_;
  const ResultsRun& run_;
  const model::FeaturePlan& plan_;
  double odds_correction_ = 1.0;
  size_t month_slot_ = 0;  // run_.months index of the rows being written
  std::string number_text_;
  std::string shard_key_;
  std::string snapshot_month_;  // 'YYYY-MM' when the layout has no MONTH
  ScoredMonthsBuilder* collect_ = nullptr;
};

// Appends the run's PA_SCORE_RUN_LOG rows, one per month written.
Status WriteRunLog(warehouse::Transaction& transaction, const ResultsRun& run,
                   const ResultsWritten& written) {
  const warehouse::Schema schema = {{"RUN_ID", ColumnType::kText},
                                    {kMonth, ColumnType::kText},
                                    {"MODEL_VERSION", ColumnType::kText},
                                    {"SHARD", ColumnType::kText},
                                    {"ROWS", ColumnType::kInteger},
                                    {"STAGE", ColumnType::kText},
                                    {"UPDATED_DATE", ColumnType::kText}};
  ATTRITION_ASSIGN_OR_RETURN(auto writer, transaction.AppendRows(kRunLogTable, schema));
  const std::string shard = fmt::format("{}/{}", run.shard_index, run.shard_count);
  for (size_t m = 0; m < run.months.size(); ++m) {
    if (written.rows_per_month[m] == 0) continue;
    writer->SetText(0, run.run_id);
    writer->SetText(1, FormatMonth(run.months[m]));
    writer->SetText(2, run.model_version);
    writer->SetText(3, shard);
    writer->SetInteger(4, static_cast<int64_t>(written.rows_per_month[m]));
    writer->SetText(5, run.stage);
    writer->SetText(6, run.timestamp);
    ATTRITION_RETURN_IF_ERROR(writer->EndRow());
  }
  return writer->Finish();
}

// The values ArchiveRows matches: the months, or the shard's keys of the months.
std::pair<std::string, std::vector<std::string>> ArchiveKeys(const ResultsRun& run) {
  std::vector<std::string> values;
  if (run.shard_count == 1) {
    for (Month m : run.months) values.push_back(FormatMonth(m));
    return {kMonth, values};
  }
  for (Month m : run.months) {
    for (int bucket = run.shard_index; bucket < kShardBuckets; bucket += run.shard_count) {
      values.push_back(ShardKey(FormatMonth(m), bucket));
    }
  }
  return {kShardKey, values};
}

Status CheckExistingTable(warehouse::Warehouse& warehouse, const warehouse::Schema& schema) {
  ATTRITION_ASSIGN_OR_RETURN(bool exists, warehouse.TableExists(kResultsTable));
  if (!exists) return Status::OK();
  ATTRITION_ASSIGN_OR_RETURN(warehouse::Schema current, warehouse.DescribeTable(kResultsTable));
  std::set<std::string> have;
  for (const auto& column : current) have.insert(column.name);
  std::string missing;
  for (const auto& column : schema) {
    if (!have.count(column.name)) missing += (missing.empty() ? "" : ", ") + column.name;
  }
  if (missing.empty()) return Status::OK();
  return Status::FailedPrecondition(fmt::format(
      "{} in {} lacks the columns {} that this model writes (it was written by a model with "
      "other features); rename or drop the table (its rows stay in {}_HIST if you copy "
      "them) and score again",
      kResultsTable, warehouse.Describe(), missing, kResultsTable));
}

}  // namespace

Result<warehouse::Schema> ResultsSchema(const InputLayout& layout,
                                        const model::FeaturePlan& plan) {
  warehouse::Schema schema;
  schema.push_back({layout.columns[layout.id].name, ColumnType::kText});
  schema.push_back({kMrn, ColumnType::kText});
  schema.push_back({kMonth, ColumnType::kText});
  for (int dummy : layout.dummies) schema.push_back({layout.columns[dummy].name, ColumnType::kText});
  for (const std::string& feature : plan.feature_names()) {
    schema.push_back({feature, ColumnType::kReal});
  }
  for (const char* name : kTrailer) {
    const bool integer = std::string_view(name) == "PREDICTION" ||
                         std::string_view(name) == "RISK_DECILE";
    const bool real = std::string_view(name) == "PROBS";
    schema.push_back(
        {name, integer ? ColumnType::kInteger : real ? ColumnType::kReal : ColumnType::kText});
  }
  std::set<std::string> seen;
  for (const auto& column : schema) {
    if (!seen.insert(column.name).second) {
      return Status::InvalidArgument(fmt::format(
          "{}: the column {} would appear twice (a model feature or id column named like "
          "another column of the results table)",
          kResultsTable, column.name));
    }
  }
  return schema;
}

Result<ResultsWritten> WriteResults(warehouse::Warehouse& warehouse, const Candidates& candidates,
                                    const std::vector<uint32_t>& order,
                                    const std::vector<uint8_t>& deciles,
                                    const InputLayout& layout, const ResultsRun& run) {
  ATTRITION_ASSIGN_OR_RETURN(warehouse::Schema schema,
                             ResultsSchema(layout, run.model->bundle.plan));
  ATTRITION_RETURN_IF_ERROR(CheckExistingTable(warehouse, schema));

  // The kept rows in output order.
  std::vector<int32_t> kept_of(candidates.month.size(), -1);
  for (size_t k = 0; k < candidates.kept.size(); ++k) {
    kept_of[candidates.kept[k]] = static_cast<int32_t>(k);
  }
  std::vector<uint32_t> kept_order;
  kept_order.reserve(candidates.kept.size());
  for (uint32_t candidate : order) {
    if (kept_of[candidate] >= 0) kept_order.push_back(static_cast<uint32_t>(kept_of[candidate]));
  }

  PhaseTimer timer("score: write");
  ATTRITION_ASSIGN_OR_RETURN(auto transaction, warehouse.Begin());
  const auto [archive_column, archive_values] = ArchiveKeys(run);
  ATTRITION_RETURN_IF_ERROR(
      transaction->ArchiveRows(kResultsTable, archive_column, archive_values));
  timer.Lap("archive the months' rows");
  ATTRITION_ASSIGN_OR_RETURN(auto writer, transaction->AppendRows(kResultsTable, schema));
  spdlog::info("score: writing {} rows of {} months to {} (with their reasons)", kept_order.size(),
               run.months.size(), kResultsTable);

  ChunkExplainer explainer(candidates, run);
  // Rows per month (run.months order): for the run log and the collected rows' room.
  ResultsWritten written;
  written.rows_per_month.assign(run.months.size(), 0);
  for (size_t slot = 0; uint32_t kept : kept_order) {  // newest month first, as run.months
    const Month month = candidates.month[candidates.kept[kept]];
    while (run.months[slot] != month) ++slot;
    ++written.rows_per_month[slot];
  }
  std::optional<ScoredMonthsBuilder> collected;
  if (run.collect_rows) {
    std::vector<std::string> months;
    for (Month m : run.months) months.push_back(FormatMonth(m));
    collected.emplace(months, written.rows_per_month, layout.dummies.size(),
                      run.model->bundle.plan.num_features());
  }
  RowFiller filler(candidates, deciles, layout, run, collected ? &*collected : nullptr);
  const auto explain_from = [&](size_t begin) {
    const size_t end = std::min(kept_order.size(), begin + run.chunk_rows);
    std::vector<uint32_t> rows(kept_order.begin() + begin, kept_order.begin() + end);
    return std::async(std::launch::async,
                      [&explainer, rows = std::move(rows)]() mutable {
                        return explainer.Explain(std::move(rows));
                      });
  };
  Progress progress("score: explaining and writing " + std::string(kResultsTable),
                    static_cast<int64_t>(kept_order.size()));
  std::future<Result<Chunk>> next;
  if (!kept_order.empty()) next = explain_from(0);
  for (size_t begin = 0; begin < kept_order.size(); begin += run.chunk_rows) {
    Result<Chunk> chunk = next.get();
    if (begin + run.chunk_rows < kept_order.size()) next = explain_from(begin + run.chunk_rows);
    if (!chunk.ok()) {
      if (next.valid()) next.wait();
      return chunk.status();
    }
    Status status = filler.Write(*chunk, *writer, &written);
    if (!status.ok()) {
      if (next.valid()) next.wait();
      return status;
    }
    progress.Update(written.rows);
  }
  ATTRITION_RETURN_IF_ERROR(writer->Finish());
  writer.reset();
  ATTRITION_RETURN_IF_ERROR(WriteRunLog(*transaction, run, written));
  timer.Lap("rows");
  ATTRITION_RETURN_IF_ERROR(transaction->Commit());
  timer.Lap("commit");
  if (collected) written.months = std::move(*collected).Finish();
  return written;
}

}  // namespace attrition::score
