#include "score/candidates.h"

#include <algorithm>
#include <future>
#include <unordered_map>

#include <fmt/format.h>

#include "attrition/model_raw_table_reader.h"
#include "attrition/progress.h"
#include "attrition/score.h"
#include "warehouse/sql_text.h"

namespace attrition::score {
namespace {

using model::RawColumn;
using warehouse::ValueKind;

constexpr const char* kMonthColumn = "MONTH";
constexpr const char* kMrnColumn = "MRN";

bool HasColumn(const warehouse::Schema& schema, std::string_view name) {
  return std::any_of(schema.begin(), schema.end(),
                     [&](const warehouse::Column& c) { return c.name == name; });
}

std::string SelectSql(const CandidateQuery& query, const InputLayout& layout) {
  std::vector<std::string> names;
  for (const auto& spec : layout.columns) names.push_back(spec.name);
  if (query.shape == DatasetShape::kSnapshot) {
    return warehouse::SelectColumnsSql(query.dataset, names) + " WHERE " +
           SnapshotCandidateCondition({query.target, query.positive_class});
  }
  const std::string month = warehouse::QuoteIdentifier(kMonthColumn);
  return warehouse::SelectColumnsSql(query.dataset, names) +
         fmt::format(" WHERE {0} >= '{1}' AND {0} <= '{2}' AND {3} IS NULL", month,
                     FormatMonth(query.first_month), FormatMonth(query.last_month),
                     warehouse::QuoteIdentifier(query.target));
}

// The columns of `table` by position (RawTable gives them const or by name only).
std::vector<RawColumn*> MutableColumns(model::RawTable& table) {
  std::vector<RawColumn*> columns;
  for (size_t c = 0; c < table.num_columns(); ++c) {
    columns.push_back(table.Find(table.column(c).name()));
  }
  return columns;
}

void CopyRow(const model::RawTable& from, size_t row, const std::vector<RawColumn*>& to) {
  for (size_t c = 0; c < from.num_columns(); ++c) {
    const RawColumn& source = from.column(c);
    RawColumn& target = *to[c];
    if (source.kind() == RawColumn::Kind::kNumeric) {
      target.AppendNumber(source.Number(row));
    } else if (std::optional<std::string_view> text = source.Text(row)) {
      target.AppendText(*text);
    } else {
      target.AppendNull();
    }
  }
}

model::RawTable EmptyTable(const InputLayout& layout) {
  model::RawTable table;
  for (const auto& spec : layout.columns) table.AddColumn(spec.name, spec.kind);
  return table;
}

class CandidateBuilder {
 public:
  CandidateBuilder(const CandidateQuery& query, const InputLayout& layout,
                   const ChunkScorer& scorer)
      : query_(query), layout_(layout), scorer_(scorer) {
    out_.kept_rows = EmptyTable(layout);
    kept_columns_ = MutableColumns(out_.kept_rows);
  }

  // Scores `chunk` and files its rows.
  Status Add(const model::RawTable& chunk) {
    probabilities_.clear();
    reasons_.clear();
    ATTRITION_RETURN_IF_ERROR(scorer_(chunk, &probabilities_, &reasons_));
    const RawColumn& ids = chunk.column(layout_.id);
    const RawColumn* months = layout_.month >= 0 ? &chunk.column(layout_.month) : nullptr;
    for (size_t row = 0; row < chunk.num_rows(); ++row) {
      const std::string_view id = ids.Text(row).value_or("");
      std::optional<Month> month = query_.first_month;  // a snapshot's one month
      if (months != nullptr) {
        const std::string_view month_text = months->Text(row).value_or("");
        month = ParseIsoMonth(month_text);
        if (!month) {
          return Status::InvalidArgument(
              fmt::format("{}.MONTH: got '{}', expected YYYY-MM", query_.dataset, month_text));
        }
      }
      const auto index = static_cast<uint32_t>(out_.month.size());
      out_.month.push_back(*month);
      out_.probability.push_back(probabilities_[row]);
      out_.customer.push_back(CustomerCode(id));
      if (CustomerBucket(id) % query_.shard_count != query_.shard_index) continue;
      out_.kept.push_back(index);
      CopyRow(chunk, row, kept_columns_);
      if (!reasons_.empty()) out_.kept_reasons.push_back(reasons_[row]);
    }
    return Status::OK();
  }

  Candidates Finish() && { return std::move(out_); }

 private:
  int32_t CustomerCode(std::string_view id) {
    auto it = codes_.find(std::string(id));
    if (it != codes_.end()) return it->second;
    const auto code = static_cast<int32_t>(out_.customer_ids.size());
    out_.customer_ids.emplace_back(id);
    codes_.emplace(std::string(id), code);
    return code;
  }

  const CandidateQuery& query_;
  const InputLayout& layout_;
  const ChunkScorer& scorer_;
  Candidates out_;
  std::vector<RawColumn*> kept_columns_;
  std::unordered_map<std::string, int32_t> codes_;
  std::vector<float> probabilities_;
  std::vector<ReasonIndices> reasons_;
};

}  // namespace

Result<InputLayout> MakeInputLayout(const warehouse::Schema& schema, const std::string& dataset,
                                    const std::string& id_column, const model::FeaturePlan& plan,
                                    DatasetShape shape) {
  InputLayout layout;
  std::vector<std::string> names;
  const auto add = [&](const std::string& name) {
    auto it = std::find(names.begin(), names.end(), name);
    if (it != names.end()) return static_cast<int>(it - names.begin());
    names.push_back(name);
    return static_cast<int>(names.size() - 1);
  };
  std::vector<std::string> required_columns = {id_column};
  if (shape == DatasetShape::kMonthly) required_columns.emplace_back(kMonthColumn);
  for (const std::string& required : required_columns) {
    if (!HasColumn(schema, required)) {
      return Status::NotFound(fmt::format("{} has no column {}{}", dataset, required,
                                          required == kMonthColumn
                                              ? ": batch scoring scores months (SPEC 10)"
                                              : " (train.id_column)"));
    }
  }
  layout.id = add(id_column);
  if (HasColumn(schema, kMrnColumn)) layout.mrn = add(kMrnColumn);
  layout.month = shape == DatasetShape::kMonthly ? add(kMonthColumn) : -1;
  for (const std::string& dummy : plan.spec().dummy_cols) layout.dummies.push_back(add(dummy));
  for (const std::string& input : plan.InputColumns()) add(input);
  ATTRITION_ASSIGN_OR_RETURN(std::vector<model::RawColumnSpec> specs,
                             model::RawColumnSpecsFor(schema, names));
  for (int text : {layout.id, layout.mrn, layout.month}) {
    if (text >= 0) specs[text].kind = RawColumn::Kind::kText;
  }
  layout.columns = std::move(specs);
  return layout;
}

Result<Candidates> ReadCandidates(warehouse::Warehouse& warehouse, const CandidateQuery& query,
                                  const HistoryFilter& history, const InputLayout& layout,
                                  const ChunkScorer& scorer) {
  CandidateBuilder builder(query, layout, scorer);
  // A full chunk is scored and filed on a worker while the next one is read; at most one
  // is in flight, so rows are filed in the order read.
  std::future<Status> pending;
  const auto finish_pending = [&pending]() -> Status {
    if (!pending.valid()) return Status::OK();
    return pending.get();
  };
  struct Drain {  // waits for the worker on every return path
    std::future<Status>& f;
    ~Drain() {
      if (f.valid()) f.wait();
    }
  } drain{pending};
  ATTRITION_ASSIGN_OR_RETURN(auto cursor, warehouse.Query(SelectSql(query, layout)));
  if (cursor->ColumnCount() != static_cast<int>(layout.columns.size())) {
    return Status::Internal("candidate query returned an unexpected number of columns");
  }
  Progress progress("score: reading and scoring " + query.dataset, 0);
  model::RawTable chunk = EmptyTable(layout);
  std::vector<RawColumn*> columns = MutableColumns(chunk);
  int64_t read = 0, filtered = 0;
  while (true) {
    ATTRITION_ASSIGN_OR_RETURN(bool has_row, cursor->Next());
    if (has_row) {
      ++read;
      std::optional<Month> month =
          layout.month >= 0 ? ParseIsoMonth(cursor->Text(layout.month)) : std::nullopt;
      if (cursor->Kind(layout.id) == ValueKind::kNull ||
          (month && !history.Passes(cursor->Text(layout.id), *month))) {
        ++filtered;
        continue;
      }
      for (int i = 0; i < static_cast<int>(layout.columns.size()); ++i) {
        const Status appended = model::AppendCursorValue(*cursor, i, *columns[i]);
        if (!appended.ok()) {
          return appended.WithContext(fmt::format("{}.{}", query.dataset, columns[i]->name()));
        }
      }
    }
    if (chunk.num_rows() >= query.chunk_rows || (!has_row && chunk.num_rows() > 0)) {
      ATTRITION_RETURN_IF_ERROR(finish_pending());
      pending = std::async(std::launch::async,
                           [&builder, full = std::move(chunk)] { return builder.Add(full); });
      chunk = EmptyTable(layout);
      columns = MutableColumns(chunk);
    }
    progress.Update(read);
    if (!has_row) break;
  }
  ATTRITION_RETURN_IF_ERROR(finish_pending());
  Candidates out = std::move(builder).Finish();
  out.history_filtered = filtered;
  return out;
}

}  // namespace attrition::score
