#include "monitor/backtest.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>
#include <unordered_map>

#include "attrition/calendar.h"
#include "attrition/score.h"
#include "monitor/model_files.h"
#include "monitor/month_rows.h"
#include "monitor/poisson_binomial.h"
#include "warehouse/sql_text.h"

namespace attrition::monitoring::internal {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
using warehouse::QuoteIdentifier;

std::string Key(std::string_view a, std::string_view b) {
  std::string key(a);
  key += '\x1f';
  key += b;
  return key;
}

std::string InList(const std::set<std::string>& values) {
  std::string list;
  for (const std::string& v : values) list += (list.empty() ? "" : ",") + SqlText(v);
  return "(" + list + ")";
}

double Number(const warehouse::RowCursor& cursor, int column) {
  const auto kind = cursor.Kind(column);
  if (kind == warehouse::ValueKind::kInteger || kind == warehouse::ValueKind::kReal) {
    return cursor.Real(column);
  }
  return kNan;
}

// 1 / 0 for a label value, -1 when it cannot be read.
int LabelOf(const warehouse::RowCursor& cursor, int column,
            const std::optional<std::string>& positive_class) {
  const auto kind = cursor.Kind(column);
  if (kind == warehouse::ValueKind::kNull) return -1;
  if (kind == warehouse::ValueKind::kText) {
    const std::string_view text = cursor.Text(column);
    if (positive_class) return text == *positive_class ? 1 : 0;
    if (text == "1") return 1;
    if (text == "0") return 0;
    return -1;
  }
  return cursor.Real(column) != 0 ? 1 : 0;
}

Result<std::vector<std::string>> ResultTables(warehouse::Warehouse& warehouse) {
  std::vector<std::string> tables;
  for (std::string table : {std::string(kResultsTable), std::string(kResultsTable) + "_HIST"}) {
    ATTRITION_ASSIGN_OR_RETURN(bool exists, warehouse.TableExists(table));
    if (exists) tables.push_back(table);
  }
  return tables;
}

struct ScoredRow {
  double corrected;
  int prediction;
  int decile;
  int label;
};

BacktestRow Summarise(const PendingRun& run, const std::vector<ScoredRow>& rows,
                      int64_t unmatched) {
  BacktestRow out{.run_id = run.run_id, .month = run.month, .model_version = run.model_version};
  out.rows = static_cast<int64_t>(rows.size());
  out.unmatched = unmatched;
  std::vector<double> scores, probabilities;
  std::vector<int> labels;
  int64_t tp = 0, fp = 0, fn = 0;
  std::map<int, DecileRow> deciles;
  for (const ScoredRow& r : rows) {
    scores.push_back(r.corrected);
    labels.push_back(r.label);
    out.positives += r.label;
    tp += r.prediction == 1 && r.label == 1;
    fp += r.prediction == 1 && r.label == 0;
    fn += r.prediction == 0 && r.label == 1;
    DecileRow& d = deciles[r.decile];
    d.decile = r.decile;
    ++d.rows;
    d.mean_predicted += r.corrected;
    d.realised_rate += r.label;
  }
  out.auc = RocAuc(scores, labels);
  out.precision = tp + fp > 0 ? static_cast<double>(tp) / static_cast<double>(tp + fp) : kNan;
  out.recall = tp + fn > 0 ? static_cast<double>(tp) / static_cast<double>(tp + fn) : kNan;
  const CountInterval interval = PoissonBinomialInterval(scores);
  out.expected = interval.expected;
  out.lower_90 = interval.lower;
  out.upper_90 = interval.upper;
  const double positives = static_cast<double>(out.positives);
  out.inside_90 = positives >= interval.lower && positives <= interval.upper;
  if (out.rows > 0) {
    out.mean_predicted = out.expected / static_cast<double>(out.rows);
    out.realised_rate = positives / static_cast<double>(out.rows);
  }
  for (auto& [decile, d] : deciles) {
    d.mean_predicted /= static_cast<double>(d.rows);
    d.realised_rate /= static_cast<double>(d.rows);
    out.deciles.push_back(d);
  }
  return out;
}

void SetRealOrNull(warehouse::RowWriter& writer, int column, double value) {
  if (std::isnan(value)) {
    writer.SetNull(column);
  } else {
    writer.SetReal(column, value);
  }
}

warehouse::Schema MonitoringSchema() {
  using warehouse::ColumnType;
  return {{"RUN_MONTH", ColumnType::kText},
          {"RUN_ID", ColumnType::kText},
          {"MONTH", ColumnType::kText},
          {"MODEL_VERSION", ColumnType::kText},
          {"ROW_COUNT", ColumnType::kInteger},
          {"UNMATCHED_COUNT", ColumnType::kInteger},
          {"REALISED_ATTRITIONS", ColumnType::kInteger},
          {"EXPECTED_ATTRITIONS", ColumnType::kReal},
          {"LOWER_90", ColumnType::kReal},
          {"UPPER_90", ColumnType::kReal},
          {"INSIDE_90", ColumnType::kInteger},
          {"AUC", ColumnType::kReal},
          {"PRECISION", ColumnType::kReal},
          {"RECALL", ColumnType::kReal},
          {"MEAN_PREDICTED", ColumnType::kReal},
          {"REALISED_RATE", ColumnType::kReal},
          {"COMPUTED_DATE", ColumnType::kText}};
}

warehouse::Schema DecilesSchema() {
  using warehouse::ColumnType;
  return {{"RUN_MONTH", ColumnType::kText},    {"RUN_ID", ColumnType::kText},
          {"MONTH", ColumnType::kText},        {"DECILE", ColumnType::kInteger},
          {"ROW_COUNT", ColumnType::kInteger}, {"MEAN_PREDICTED", ColumnType::kReal},
          {"REALISED_RATE", ColumnType::kReal}};
}

}  // namespace

double RocAuc(const std::vector<double>& scores, const std::vector<int>& labels) {
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] < scores[b]; });
  double positives = 0, rank_sum = 0;
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j < order.size() && scores[order[j]] == scores[order[i]]) ++j;
    const double average_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
    for (size_t k = i; k < j; ++k) {
      if (labels[order[k]] == 1) {
        rank_sum += average_rank;
        ++positives;
      }
    }
    i = j;
  }
  const double negatives = static_cast<double>(scores.size()) - positives;
  if (positives == 0 || negatives == 0) return kNan;
  return (rank_sum - positives * (positives + 1) / 2.0) / (positives * negatives);
}

Result<std::vector<PendingRun>> PendingBacktests(warehouse::Warehouse& warehouse, Month as_of) {
  std::set<std::string> done;
  ATTRITION_ASSIGN_OR_RETURN(bool have_monitoring, warehouse.TableExists(kMonitoringTable));
  if (have_monitoring) {
    ATTRITION_ASSIGN_OR_RETURN(auto cursor, warehouse.Scan(kMonitoringTable, {"RUN_ID", "MONTH"}));
    while (true) {
      ATTRITION_ASSIGN_OR_RETURN(bool more, cursor->Next());
      if (!more) break;
      done.insert(Key(cursor->Text(0), cursor->Text(1)));
    }
  }
  // Speed: the run log score writes with its rows has one row per run and month, so the
  // runs are found without reading the results (millions of rows, more in _HIST every
  // run). Results written before the log existed are found by grouping their rows.
  ATTRITION_ASSIGN_OR_RETURN(bool have_log, warehouse.TableExists(score::kRunLogTable));
  std::vector<std::string> tables;
  if (have_log) {
    tables.push_back(score::kRunLogTable);
  } else {
    ATTRITION_ASSIGN_OR_RETURN(tables, ResultTables(warehouse));
  }
  std::map<std::string, PendingRun> pending;
  // Speed: only months before the first immature one are grouped. Every MONTH that
  // ParseIsoMonth accepts is 'YYYY-MM' (4 + 2 digits), whose text order is time order
  // (also under a locale collation, which orders digits alike), so the filter drops
  // exactly the rows the loop below skips as immature; the current run's months (the
  // newest, so immature as a rule) are no longer sorted by GROUP BY on every run.
  const std::string first_immature = SqlText(FormatMonth(as_of - config::kLabelHorizonMonths + 1));
  for (const std::string& table : tables) {
    const std::string sql =
        fmt::format("SELECT {0}, {1}, MIN({2}) FROM {3} WHERE {1} < {4} GROUP BY {0}, {1}",
                    QuoteIdentifier("RUN_ID"), QuoteIdentifier("MONTH"),
                    QuoteIdentifier("MODEL_VERSION"), QuoteIdentifier(table), first_immature);
    ATTRITION_ASSIGN_OR_RETURN(auto cursor, warehouse.Query(sql));
    while (true) {
      ATTRITION_ASSIGN_OR_RETURN(bool more, cursor->Next());
      if (!more) break;
      const std::string run_id(cursor->Text(0)), month(cursor->Text(1));
      std::optional<Month> m = ParseIsoMonth(month);
      if (!m || *m + config::kLabelHorizonMonths > as_of || run_id.empty()) continue;
      if (done.count(Key(run_id, month))) continue;
      pending.emplace(Key(month, run_id), PendingRun{run_id, month, std::string(cursor->Text(2))});
    }
  }
  std::vector<PendingRun> out;
  for (auto& [key, run] : pending) out.push_back(std::move(run));
  return out;
}

Result<std::vector<BacktestRow>> ComputeBacktests(warehouse::Warehouse& warehouse,
                                                  const std::vector<PendingRun>& pending,
                                                  const BacktestOptions& options) {
  if (pending.empty()) return std::vector<BacktestRow>{};
  std::set<std::string> months, runs;
  for (const PendingRun& run : pending) {
    months.insert(run.month);
    runs.insert(run.run_id);
  }
  // The mature labels of those months.
  std::unordered_map<std::string, int> labels;
  {
    const std::string sql = fmt::format(
        "SELECT {0}, {1}, {2} FROM {3} WHERE {2} IS NOT NULL AND {1} IN {4}",
        QuoteIdentifier(options.id_column), QuoteIdentifier("MONTH"),
        QuoteIdentifier(options.target), QuoteIdentifier(options.dataset), InList(months));
    auto cursor = warehouse.Query(sql);
    if (!cursor.ok()) {
      return cursor.status().WithContext(fmt::format("reading the labels {} of {} for backtesting",
                                                     options.target, options.dataset));
    }
    while (true) {
      ATTRITION_ASSIGN_OR_RETURN(bool more, (*cursor)->Next());
      if (!more) break;
      const int label = LabelOf(**cursor, 2, options.positive_class);
      if (label >= 0) labels[Key((*cursor)->Text(1), (*cursor)->Text(0))] = label;
    }
  }
  std::map<std::string, std::vector<ScoredRow>> scored;  // by Key(RUN_ID, MONTH)
  std::map<std::string, int64_t> unmatched;
  std::set<std::string> wanted;
  for (const PendingRun& run : pending) wanted.insert(Key(run.run_id, run.month));
  std::map<std::string, double> correction_of;
  for (const PendingRun& run : pending) {
    auto it = options.odds_corrections.find(run.model_version);
    correction_of[Key(run.run_id, run.month)] =
        it == options.odds_corrections.end() ? 1.0 : it->second;
  }
  ATTRITION_ASSIGN_OR_RETURN(std::vector<std::string> tables, ResultTables(warehouse));
  for (const std::string& table : tables) {
    const std::string sql = fmt::format(
        "SELECT {}, {}, {}, {}, {}, {} FROM {} WHERE {} IN {} AND {} IN {}",
        QuoteIdentifier("RUN_ID"), QuoteIdentifier("MONTH"), QuoteIdentifier("CUSTOMER_ID"),
        QuoteIdentifier("PROBS"), QuoteIdentifier("PREDICTION"), QuoteIdentifier("RISK_DECILE"),
        QuoteIdentifier(table), QuoteIdentifier("MONTH"), InList(months), QuoteIdentifier("RUN_ID"),
        InList(runs));
    ATTRITION_ASSIGN_OR_RETURN(auto cursor, warehouse.Query(sql));
    // Speed: rows come in long runs of one (RUN_ID, MONTH), so that pair's entries are
    // looked up once per run rather than once per row, and the keys are built in reused
    // buffers instead of a new string per row.
    std::string pair, current, label_key;
    bool have_current = false, current_wanted = false;
    std::vector<ScoredRow>* current_rows = nullptr;
    int64_t* current_unmatched = nullptr;
    double current_correction = 1.0;
    while (true) {
      ATTRITION_ASSIGN_OR_RETURN(bool more, cursor->Next());
      if (!more) break;
      pair.assign(cursor->Text(0));
      pair += '\x1f';
      pair += cursor->Text(1);
      if (!have_current || pair != current) {
        have_current = true;
        current = pair;
        current_wanted = wanted.count(pair) > 0;
        if (current_wanted) {
          current_rows = &scored[pair];
          current_unmatched = &unmatched[pair];
          current_correction = correction_of[pair];
        }
      }
      if (!current_wanted) continue;
      label_key.assign(cursor->Text(1));
      label_key += '\x1f';
      label_key += cursor->Text(2);
      auto label = labels.find(label_key);
      const double prob = Number(*cursor, 3);
      if (label == labels.end() || std::isnan(prob)) {
        ++*current_unmatched;
        continue;
      }
      const double prediction = Number(*cursor, 4), decile = Number(*cursor, 5);
      current_rows->push_back({CorrectProbability(prob, current_correction),
                               std::isnan(prediction) ? 0 : static_cast<int>(prediction),
                               std::isnan(decile) ? 0 : static_cast<int>(decile), label->second});
    }
  }
  std::vector<BacktestRow> out;
  for (const PendingRun& run : pending) {
    const std::string pair = Key(run.run_id, run.month);
    if (scored[pair].empty()) continue;  // labels not there yet (features not rebuilt)
    out.push_back(Summarise(run, scored[pair], unmatched[pair]));
  }
  return out;
}

Status WriteBacktests(warehouse::Warehouse& warehouse, const std::vector<BacktestRow>& rows,
                      const std::string& timestamp) {
  if (rows.empty()) return Status::OK();
  std::vector<std::string> keys;
  for (const BacktestRow& row : rows) keys.push_back(row.run_id + "/" + row.month);
  ATTRITION_ASSIGN_OR_RETURN(auto transaction, warehouse.Begin());
  ATTRITION_RETURN_IF_ERROR(transaction->ArchiveRows(kMonitoringTable, "RUN_MONTH", keys));
  ATTRITION_RETURN_IF_ERROR(transaction->ArchiveRows(kDecilesTable, "RUN_MONTH", keys));
  {
    ATTRITION_ASSIGN_OR_RETURN(auto writer,
                               transaction->AppendRows(kMonitoringTable, MonitoringSchema()));
    for (size_t i = 0; i < rows.size(); ++i) {
      const BacktestRow& r = rows[i];
      writer->SetText(0, keys[i]);
      writer->SetText(1, r.run_id);
      writer->SetText(2, r.month);
      writer->SetText(3, r.model_version);
      writer->SetInteger(4, r.rows);
      writer->SetInteger(5, r.unmatched);
      writer->SetInteger(6, r.positives);
      writer->SetReal(7, r.expected);
      writer->SetReal(8, r.lower_90);
      writer->SetReal(9, r.upper_90);
      writer->SetInteger(10, r.inside_90 ? 1 : 0);
      SetRealOrNull(*writer, 11, r.auc);
      SetRealOrNull(*writer, 12, r.precision);
      SetRealOrNull(*writer, 13, r.recall);
      writer->SetReal(14, r.mean_predicted);
      writer->SetReal(15, r.realised_rate);
      writer->SetText(16, timestamp);
      ATTRITION_RETURN_IF_ERROR(writer->EndRow());
    }
    ATTRITION_RETURN_IF_ERROR(writer->Finish());
  }
  {
    ATTRITION_ASSIGN_OR_RETURN(auto writer,
                               transaction->AppendRows(kDecilesTable, DecilesSchema()));
    for (size_t i = 0; i < rows.size(); ++i) {
      for (const DecileRow& d : rows[i].deciles) {
        writer->SetText(0, keys[i]);
        writer->SetText(1, rows[i].run_id);
        writer->SetText(2, rows[i].month);
        writer->SetInteger(3, d.decile);
        writer->SetInteger(4, d.rows);
        writer->SetReal(5, d.mean_predicted);
        writer->SetReal(6, d.realised_rate);
        ATTRITION_RETURN_IF_ERROR(writer->EndRow());
      }
    }
    ATTRITION_RETURN_IF_ERROR(writer->Finish());
  }
  return transaction->Commit();
}

Result<std::vector<BacktestRow>> ReadBacktests(warehouse::Warehouse& warehouse) {
  std::vector<BacktestRow> rows;
  ATTRITION_ASSIGN_OR_RETURN(bool exists, warehouse.TableExists(kMonitoringTable));
  if (!exists) return rows;
  ATTRITION_ASSIGN_OR_RETURN(
      auto cursor,
      warehouse.Query(fmt::format(
          "SELECT {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {} FROM {} "
          "ORDER BY {}, {}",
          QuoteIdentifier("RUN_ID"), QuoteIdentifier("MONTH"), QuoteIdentifier("MODEL_VERSION"),
          QuoteIdentifier("ROW_COUNT"), QuoteIdentifier("REALISED_ATTRITIONS"),
          QuoteIdentifier("EXPECTED_ATTRITIONS"), QuoteIdentifier("LOWER_90"),
          QuoteIdentifier("UPPER_90"), QuoteIdentifier("INSIDE_90"), QuoteIdentifier("AUC"),
          QuoteIdentifier("PRECISION"), QuoteIdentifier("RECALL"),
          QuoteIdentifier("MEAN_PREDICTED"), QuoteIdentifier(kMonitoringTable),
          QuoteIdentifier("MONTH"), QuoteIdentifier("RUN_ID"))));
  std::map<std::string, size_t> index;
  while (true) {
    ATTRITION_ASSIGN_OR_RETURN(bool more, cursor->Next());
    if (!more) break;
    BacktestRow r{.run_id = std::string(cursor->Text(0)),
                  .month = std::string(cursor->Text(1)),
                  .model_version = std::string(cursor->Text(2))};
    r.rows = static_cast<int64_t>(Number(*cursor, 3));
    r.positives = static_cast<int64_t>(Number(*cursor, 4));
    r.expected = Number(*cursor, 5);
    r.lower_90 = Number(*cursor, 6);
    r.upper_90 = Number(*cursor, 7);
    r.inside_90 = Number(*cursor, 8) == 1;
    r.auc = Number(*cursor, 9);
    r.precision = Number(*cursor, 10);
    r.recall = Number(*cursor, 11);
    r.mean_predicted = Number(*cursor, 12);
    r.realised_rate =
        r.rows > 0 ? static_cast<double>(r.positives) / static_cast<double>(r.rows) : 0;
    index[Key(r.run_id, r.month)] = rows.size();
    rows.push_back(std::move(r));
  }
  cursor.reset();
  ATTRITION_ASSIGN_OR_RETURN(bool have_deciles, warehouse.TableExists(kDecilesTable));
  if (!have_deciles) return rows;
  ATTRITION_ASSIGN_OR_RETURN(
      auto deciles, warehouse.Scan(kDecilesTable, {"RUN_ID", "MONTH", "DECILE", "ROW_COUNT",
                                                   "MEAN_PREDICTED", "REALISED_RATE"}));
  while (true) {
    ATTRITION_ASSIGN_OR_RETURN(bool more, deciles->Next());
    if (!more) break;
    auto it = index.find(Key(deciles->Text(0), deciles->Text(1)));
    if (it == index.end()) continue;
    rows[it->second].deciles.push_back({static_cast<int>(Number(*deciles, 2)),
                                        static_cast<int64_t>(Number(*deciles, 3)),
                                        Number(*deciles, 4), Number(*deciles, 5)});
  }
  for (BacktestRow& r : rows) {
    std::sort(r.deciles.begin(), r.deciles.end(),
              [](const DecileRow& a, const DecileRow& b) { return a.decile < b.decile; });
  }
  return rows;
}

}  // namespace attrition::monitoring::internal
