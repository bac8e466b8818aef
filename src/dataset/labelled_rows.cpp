#include "attrition/labelled_rows.h"

#include <algorithm>
#include <numeric>
#include <set>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "attrition/model_raw_table_reader.h"
#include "attrition/progress.h"

namespace attrition::dataset {
namespace {

using warehouse::ColumnType;
using warehouse::ValueKind;

constexpr const char* kMonthColumn = "MONTH";

const warehouse::Column* FindColumn(const warehouse::Schema& schema, std::string_view name) {
  for (const warehouse::Column& c : schema) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

// The columns of the table the plan can read, in table order.
std::vector<const warehouse::Column*> ColumnsToLoad(const warehouse::Schema& schema,
                                                    const config::TrainConfig& train) {
  std::set<std::string, std::less<>> wanted(train.dummy_cols.begin(), train.dummy_cols.end());
  wanted.insert(train.features.begin(), train.features.end());
  wanted.insert(train.target);
  wanted.insert(train.id_column);
  wanted.insert(kMonthColumn);
  for (const auto& [from, to] : train.rename_cols) {
    if (std::find(train.features.begin(), train.features.end(), to) != train.features.end()) {
      wanted.insert(from);
    }
  }
  std::vector<const warehouse::Column*> out;
  for (const warehouse::Column& c : schema) {
    if (wanted.count(c.name)) out.push_back(&c);
  }
  return out;
}

// Codes of the id column's values in byte order of their text (as train.py's
// pd.factorize(sort=True)), so the seeded customer draws do not depend on row order.
void CodeCustomers(const model::RawColumn& ids, LabelledRows* out) {
  const std::vector<std::string>& dictionary = ids.dictionary();
  std::vector<int32_t> order(dictionary.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](int32_t a, int32_t b) { return dictionary[a] < dictionary[b]; });
  std::vector<int32_t> rank(dictionary.size());
  for (size_t r = 0; r < order.size(); ++r) {
    rank[order[r]] = static_cast<int32_t>(r);
    out->customer_ids.push_back(dictionary[order[r]]);
  }
  out->customers.resize(ids.size());
  for (size_t row = 0; row < ids.size(); ++row) out->customers[row] = rank[ids.Code(row)];
}

}  // namespace

Result<LabelledRows> LoadLabelledRows(warehouse::Warehouse& warehouse,
                                      const config::TrainConfig& train,
                                      std::optional<Month> pinned_as_of) {
  const std::string& dataset = train.dataset;
  ATTRITION_ASSIGN_OR_RETURN(bool exists, warehouse.TableExists(dataset));
  if (!exists) {
    return Status::NotFound(fmt::format(
        "train.dataset: table {} does not exist in {}{}", dataset, warehouse.Describe(),
        dataset == "PA_MODELING_DATASET" ? " (run `attrition features` first)" : ""));
  }
  ATTRITION_ASSIGN_OR_RETURN(warehouse::Schema schema, warehouse.DescribeTable(dataset));
  for (const auto& [key, name] : {std::pair{"train.target", &train.target},
                                  std::pair{"train.id_column", &train.id_column}}) {
    if (!FindColumn(schema, *name)) {
      return Status::NotFound(
          fmt::format("{}: {} is not a column of {}", key, *name, dataset));
    }
  }
  LabelledRows out;
  out.has_month = FindColumn(schema, kMonthColumn) != nullptr;
  if (!out.has_month && train.split.mode != config::SplitMode::kRandomized) {
    return Status::InvalidArgument(fmt::format(
        "train.split.mode: got last_n_months, but {} has no MONTH column; use randomized",
        dataset));
  }

  const std::vector<const warehouse::Column*> columns = ColumnsToLoad(schema, train);
  std::vector<std::string> names;
  std::vector<model::RawColumn*> targets;
  const std::set<std::string, std::less<>> text_columns = [&] {
    std::set<std::string, std::less<>> s(train.dummy_cols.begin(), train.dummy_cols.end());
    s.insert(train.id_column);
    return s;
  }();
  int month_index = -1, target_index = -1;
  for (const warehouse::Column* c : columns) {
    const bool text = c->type == ColumnType::kText || text_columns.count(c->name) > 0;
    if (c->name == kMonthColumn) month_index = static_cast<int>(names.size());
    if (c->name == train.target) target_index = static_cast<int>(names.size());
    names.push_back(c->name);
    targets.push_back(&out.table.AddColumn(
        c->name, text ? model::RawColumn::Kind::kText : model::RawColumn::Kind::kNumeric));
  }
  // Scan, not hand-written SQL: the backend folds and quotes the names as it did when it
  // created the table (docs/warehouse.md, "Names"); the row filter is applied here. The
  // rows kept are those a WHERE target IS NOT NULL AND MONTH BETWEEN start AND max would
  // give, in storage order.
  ATTRITION_ASSIGN_OR_RETURN(auto cursor, warehouse.Scan(dataset, names));
  Progress progress("train: loading " + dataset, 0);
  std::optional<Month> latest;  // MAX(MONTH) over every row, labelled or not
  size_t row = 0, kept = 0;
  for (;; ++row) {
    ATTRITION_ASSIGN_OR_RETURN(bool has_row, cursor->Next());
    if (!has_row) break;
    progress.Update(static_cast<int64_t>(row + 1));
    if (month_index >= 0) {
      if (cursor->Kind(month_index) == ValueKind::kNull) continue;
      std::optional<Month> month = ParseIsoMonth(cursor->Text(month_index));
      if (!month) {
        return Status::InvalidArgument(fmt::format("{}.MONTH row {}: got '{}', expected YYYY-MM",
                                                   dataset, row + 1, cursor->Text(month_index)));
      }
      latest = std::max(latest.value_or(*month), *month);
      if (*month < train.start_month || *month > train.max_month) continue;
      if (cursor->Kind(target_index) == ValueKind::kNull) continue;
      out.months.push_back(*month);
    } else if (cursor->Kind(target_index) == ValueKind::kNull) {
      continue;
    }
    for (int i = 0; i < static_cast<int>(names.size()); ++i) {
      const Status appended = model::AppendCursorValue(*cursor, i, *targets[i]);
      if (!appended.ok()) {
        return appended.WithContext(fmt::format("{}.{} row {}", dataset, targets[i]->name(), row + 1));
      }
    }
    ++kept;
  }
  if (out.has_month) {
    if (!latest) return Status::InvalidArgument(fmt::format("train.dataset: {} has no rows", dataset));
    out.as_of = pinned_as_of.value_or(*latest);
    ATTRITION_RETURN_IF_ERROR(config::CheckTrainingWindowMature(train, *out.as_of));
  }
  if (kept == 0) {
    return Status::InvalidArgument(
        out.has_month
            ? fmt::format("train: {} has no labelled rows between {} and {}", dataset,
                          FormatMonth(train.start_month), FormatMonth(train.max_month))
            : fmt::format("train: {} has no labelled rows", dataset));
  }
  CodeCustomers(*out.table.Find(train.id_column), &out);
  return out;
}

}  // namespace attrition::dataset
