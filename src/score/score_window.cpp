#include "score/score_window.h"

#include <future>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "warehouse/sql_text.h"

namespace attrition::score {
namespace {

constexpr const char* kSpineTable = "PA_SALES_INTERMEDIATE_FEATURES";
constexpr const char* kFeatureRunLog = "PA_FEATURE_RUN_LOG";

Result<Month> LatestMonth(warehouse::Warehouse& warehouse, const std::string& dataset) {
  ATTRITION_ASSIGN_OR_RETURN(auto cursor,
                             warehouse.Query("SELECT MAX(" + warehouse::QuoteIdentifier("MONTH") +
                                             ") FROM " + warehouse::QuoteIdentifier(dataset)));
  ATTRITION_ASSIGN_OR_RETURN(bool has_row, cursor->Next());
  if (!has_row || cursor->Kind(0) == warehouse::ValueKind::kNull) {
    return Status::FailedPrecondition(fmt::format("{} has no rows to score", dataset));
  }
  const std::string text(cursor->Text(0));
  std::optional<Month> month = ParseIsoMonth(text);
  if (!month) {
    return Status::InvalidArgument(fmt::format("{}.MONTH: got '{}', expected YYYY-MM", dataset, text));
  }
  return *month;
}

// The as-of month of the latest `attrition features` run, when it logged one.
std::optional<Month> LoggedFeaturesAsOf(warehouse::Warehouse& warehouse) {
  Result<bool> exists = warehouse.TableExists(kFeatureRunLog);
  if (!exists.ok() || !*exists) return std::nullopt;
  auto cursor = warehouse.Query(fmt::format("SELECT {} FROM {} ORDER BY {} DESC LIMIT 1",
                                            warehouse::QuoteIdentifier("AS_OF"),
                                            warehouse::QuoteIdentifier(kFeatureRunLog),
                                            warehouse::QuoteIdentifier("RUN_ID")));
  if (!cursor.ok()) return std::nullopt;
  Result<bool> row = (*cursor)->Next();
  if (!row.ok() || !*row) return std::nullopt;
  return ParseIsoMonth((*cursor)->Text(0));
}

// A snapshot's one month. min_history_months counts a customer's months in the sales
// spine; a snapshot has none, so a non-zero value is refused rather than ignored: it
// would otherwise claim a filter that no row went through.
Result<ScoreWindow> SnapshotWindow(const ScoreWindowQuery& query) {
  if (query.min_history_months != 0) {
    return Status::InvalidArgument(fmt::format(
        "inference.min_history_months: got {}, expected 0 for {}, a snapshot table without "
        "MONTH (it has no months of history to count); set inference.min_history_months: 0",
        query.min_history_months, query.dataset));
  }
  const Month as_of = query.pinned_as_of.value_or(query.current_month);
  return ScoreWindow{.shape = DatasetShape::kSnapshot, .first_month = as_of, .as_of = as_of};
}

}  // namespace

Result<ScoreWindow> ResolveScoreWindow(warehouse::Warehouse& warehouse,
                                       const ScoreWindowQuery& query) {
  if (query.shape == DatasetShape::kSnapshot) return SnapshotWindow(query);
  ATTRITION_ASSIGN_OR_RETURN(bool spine_exists, warehouse.TableExists(kSpineTable));
  const std::string history_table = spine_exists ? kSpineTable : query.dataset;
  const auto load_history = [&](warehouse::Warehouse& from, Month as_of) {
    return HistoryFilter::Load(from, history_table, spine_exists, query.id_column,
                               as_of - query.months + 1, as_of, query.min_history_months);
  };
  const auto window = [&](Month as_of, HistoryFilter history) {
    return ScoreWindow{.first_month = as_of - query.months + 1,
                       .as_of = as_of,
                       .history = std::move(history)};
  };
  if (query.pinned_as_of) {
    ATTRITION_ASSIGN_OR_RETURN(HistoryFilter history, load_history(warehouse, *query.pinned_as_of));
    return window(*query.pinned_as_of, std::move(history));
  }

  // The spine on a second connection, for the logged as-of month, while this one finds
  // the dataset's latest month.
  std::optional<Month> guess;
  std::unique_ptr<warehouse::Warehouse> second;
  std::future<Result<HistoryFilter>> guessed;
  if (query.min_history_months > 1 && !query.warehouse_url.empty()) {
    guess = LoggedFeaturesAsOf(warehouse);
    if (guess) {
      Result<std::unique_ptr<warehouse::Warehouse>> opened =
          warehouse::Warehouse::OpenExisting(query.warehouse_url);
      if (opened.ok()) second = std::move(*opened);
    }
    if (second) {
      guessed = std::async(std::launch::async,
                           [&load_history, &second, as_of = *guess] {
                             return load_history(*second, as_of);
                           });
    }
  }
  Result<Month> latest = LatestMonth(warehouse, query.dataset);
  Result<HistoryFilter> history =
      guessed.valid() ? guessed.get() : Result<HistoryFilter>(Status::NotFound("no guess"));
  second.reset();
  if (!latest.ok()) return latest.status();
  if (history.ok() && guess == *latest) return window(*latest, std::move(*history));
  if (guess) {
    spdlog::debug("score: the spine was read for {}, the logged as-of month, but the dataset "
                  "ends in {}: reading it again",
                  guess ? FormatMonth(*guess) : "?", FormatMonth(*latest));
  }
  ATTRITION_ASSIGN_OR_RETURN(HistoryFilter again, load_history(warehouse, *latest));
  return window(*latest, std::move(again));
}

}  // namespace attrition::score
