// Batch scoring of a snapshot table (no MONTH column, one row per customer) on a real
// SQLite file: a table made with SQL here, a model trained on it through a config that
// names it, then ScoreRun and the monitoring after it.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <set>
#include <string>

#include "attrition/calendar.h"
#include "attrition/config.h"
#include "attrition/model_bundle.h"
#include "attrition/model_raw_table_reader.h"
#include "attrition/monitoring.h"
#include "attrition/notify.h"
#include "attrition/registry.h"
#include "attrition/score.h"
#include "attrition/train.h"
#include "score/score_fixture.h"
#include "serve/serve_process.h"
#include "support/temp_dir.h"

namespace attrition::score {
namespace {

using testing::CountRows;
using testing::QueryRows;
using testing::ResultRows;

constexpr int kCustomers = 600;

struct SnapshotOptions {
  bool numeric_target = false;    // CHURNED as INTEGER 1/0 instead of TEXT 'Yes'/'No'
  std::string as_of = "2026-03";  // empty: not pinned
  int min_history_months = 0;
};

void Exec(warehouse::Warehouse& w, const std::string& sql) {
  auto cursor = w.Query(sql);
  ASSERT_TRUE(cursor.ok()) << sql << ": " << cursor.status().ToString();
  auto done = (*cursor)->Next();
  ASSERT_TRUE(done.ok()) << sql << ": " << done.status().ToString();
}

// SNAP: ID, TENURE, CHARGES (some NULL), PLAN (text), CHURNED (Yes/No or 1/0, every 9th
// NULL). Churn is likelier on a short tenure and a monthly plan.
void CreateSnapshotTable(warehouse::Warehouse& w, bool numeric_target) {
  Exec(w, fmt::format("CREATE TABLE SNAP (ID TEXT, TENURE INTEGER, CHARGES REAL, PLAN TEXT, "
                      "CHURNED {})",
                      numeric_target ? "INTEGER" : "TEXT"));
  const char* plans[] = {"Monthly", "OneYear", "TwoYear"};
  uint64_t state = 12345;
  const auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / static_cast<double>(1ULL << 53);
  };
  std::string insert = "INSERT INTO SNAP VALUES ";
  for (int i = 0; i < kCustomers; ++i) {
    const int tenure = static_cast<int>(next() * 72);
    const int plan = static_cast<int>(next() * 3);
    const double charges = 20 + next() * 100;
    const double risk = 0.6 - tenure / 150.0 - 0.2 * plan;
    const bool churned = next() < risk;
    std::string label = numeric_target ? (churned ? "1" : "0") : (churned ? "'Yes'" : "'No'");
    if (i % 9 == 4) label = "NULL";
    insert +=
        fmt::format("{}('C{:04d}', {}, {}, '{}', {})", i ? ", " : "", i, tenure,
                    i % 50 == 7 ? "NULL" : fmt::format("{:.2f}", charges), plans[plan], label);
  }
  Exec(w, insert);
}

std::string ConfigYaml(const std::filesystem::path& dir, const SnapshotOptions& options) {
  std::string yaml = fmt::format("warehouse:\n  url: 'sqlite:{}'\nartifacts:\n  dir: '{}'\n",
                                 (dir / "w.db").string(), (dir / "artifacts").string());
  if (!options.as_of.empty()) yaml += fmt::format("as_of: '{}'\n", options.as_of);
  yaml += fmt::format(R"(train:
  dataset: 'SNAP'
  id_column: 'ID'
  target: 'CHURNED'
{}  sampling: 'none'
  split: {{mode: 'randomized', perc_test: 0.25}}
  start_month: '2000-01'
  max_month: '2000-01'
  dummy_cols: ['PLAN']
  features: ['ID', 'TENURE', 'CHARGES', 'PLAN_Monthly', 'PLAN_OneYear', 'PLAN_TwoYear']
  drop: ['ID']
  hyperparameters:
    optimize: 'auc'
    num_tuning_rounds: 1
    eta: {{min: -1}}
    max_depth: {{min: 2, max: 3}}
    subsample: {{min: 0.8, max: 1.0}}
    gamma: {{min: 0, max: 1}}
    min_child_weight: {{min: 0, max: 1}}
    reg_alpha: {{min: 0, max: 1}}
inference:
  min_history_months: {}
)",
                      options.numeric_target ? "" : "  positive_class: 'Yes'\n",
                      options.min_history_months);
  return yaml;
}

// A snapshot table in a fresh SQLite file with a model trained on it and promoted.
class SnapshotWorld {
 public:
  explicit SnapshotWorld(SnapshotOptions options = {}) {
    config::LoadReport loaded = config::LoadConfigText(ConfigYaml(dir_.path(), options), {});
    EXPECT_TRUE(loaded.ok()) << (loaded.errors.empty() ? "" : loaded.errors[0].message);
    config_ = *loaded.config;
    auto w = Open();
    CreateSnapshotTable(*w, options.numeric_target);
    auto trained = train::TrainModel(config_, *w, {.threads = 2});
    EXPECT_TRUE(trained.ok()) << trained.status().ToString();
    auto registry = registry::Registry::Open(config_.artifacts.dir);
    EXPECT_TRUE(registry.ok());
    auto promoted = registry->Promote(trained->version, {});
    EXPECT_TRUE(promoted.ok()) << promoted.status().ToString();
    model_dir_ = trained->version_dir;
  }

  std::unique_ptr<warehouse::Warehouse> Open() const {
    auto w = warehouse::Warehouse::Open(config_.warehouse.url);
    EXPECT_TRUE(w.ok()) << w.status().ToString();
    return std::move(*w);
  }
  Result<ScoreSummary> Score(ScoreOptions options = {}) const {
    options.threads = 2;
    return ScoreRun(config_, *Open(), options);
  }
  const config::Config& config() const { return config_; }
  const std::filesystem::path& dir() const { return dir_.path(); }
  const std::filesystem::path& model_dir() const { return model_dir_; }

 private:
  attrition::testing::TempDir dir_;
  config::Config config_;
  std::filesystem::path model_dir_;
};

std::set<std::string> Ids(warehouse::Warehouse& w, const std::string& sql) {
  std::set<std::string> ids;
  for (const auto& row : QueryRows(w, sql)) ids.insert(row[0]);
  return ids;
}

TEST(SnapshotScoring, ScoresTheRowsWhoseTargetIsNullOrNegativeAsOfThePinnedMonth) {
  SnapshotWorld world;
  auto summary = world.Score();
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  auto w = world.Open();
  const std::set<std::string> scored = Ids(*w, "SELECT ID FROM PA_INFERENCE_RESULTS");
  const std::set<std::string> expected =
      Ids(*w, "SELECT ID FROM SNAP WHERE CHURNED IS NULL OR CHURNED = 'No'");
  EXPECT_EQ(scored, expected);
  EXPECT_EQ(CountRows(*w, "SELECT COUNT(*) FROM PA_INFERENCE_RESULTS"),
            static_cast<int64_t>(expected.size()));
  // NULL and negative customers both, never a positive one.
  EXPECT_GT(CountRows(*w, "SELECT COUNT(*) FROM SNAP WHERE CHURNED IS NULL"), 50);
  EXPECT_GT(CountRows(*w, "SELECT COUNT(*) FROM SNAP WHERE CHURNED = 'Yes'"), 50);
  EXPECT_EQ(CountRows(*w,
                      "SELECT COUNT(*) FROM PA_INFERENCE_RESULTS r JOIN SNAP s ON s.ID = "
                      "r.ID WHERE s.CHURNED = 'Yes'"),
            0);
  EXPECT_EQ(QueryRows(*w, "SELECT DISTINCT MONTH FROM PA_INFERENCE_RESULTS"),
            (std::vector<std::vector<std::string>>{{"T:2026-03"}}));
  EXPECT_EQ(QueryRows(*w, "SELECT MIN(RISK_DECILE), MAX(RISK_DECILE) FROM PA_INFERENCE_RESULTS"),
            (std::vector<std::vector<std::string>>{{"I:1", "I:10"}}));
  EXPECT_GT(CountRows(*w, "SELECT COUNT(*) FROM PA_INFERENCE_RESULTS WHERE REASON_1 IS NOT NULL"),
            0);
  EXPECT_TRUE(summary->snapshot);
  EXPECT_EQ(summary->as_of, "2026-03");
  EXPECT_EQ(summary->months, std::vector<std::string>{"2026-03"});
  EXPECT_EQ(summary->rows, static_cast<int64_t>(expected.size()));
  EXPECT_EQ(
      SnapshotSummaryLine(*summary),
      fmt::format("snapshot table without MONTH: scoring the {} rows whose CHURNED is not Yes",
                  expected.size()));
}

TEST(SnapshotScoring, ProbsEqualTheModelsInProcessPredictions) {
  SnapshotWorld world;
  ASSERT_TRUE(world.Score().ok());
  auto model = model::LoadModel(world.model_dir());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  const model::FeaturePlan& plan = model->bundle.plan;
  auto w = world.Open();
  // The raw rows as SNAP holds them, encoded independently of the scorer.
  std::vector<std::string> names;
  std::string columns;
  for (const std::string& input : plan.InputColumns()) {
    names.push_back(input);
    columns += "s.\"" + input + "\", ";
  }
  auto schema = w->DescribeTable("SNAP");
  ASSERT_TRUE(schema.ok());
  auto specs = model::RawColumnSpecsFor(*schema, names);
  ASSERT_TRUE(specs.ok()) << specs.status().ToString();
  specs->push_back({"PROBS", model::RawColumn::Kind::kNumeric});
  auto cursor = w->Query("SELECT " + columns +
                         "r.PROBS FROM PA_INFERENCE_RESULTS r JOIN SNAP s ON s.ID = r.ID "
                         "ORDER BY r.rowid");
  ASSERT_TRUE(cursor.ok()) << cursor.status().ToString();
  auto table = model::ReadRawTable(**cursor, *specs);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  cursor->reset();
  ASSERT_GT(table->num_rows(), 300u);
  auto x = plan.Encode(*table);
  ASSERT_TRUE(x.ok()) << x.status().ToString();
  const std::vector<float> expected = model->ensemble.PredictProbabilities(*x, {.threads = 1});
  std::set<float> distinct;
  for (size_t row = 0; row < table->num_rows(); ++row) {
    const auto probs = static_cast<float>(table->Find("PROBS")->Number(row));
    ASSERT_EQ(probs, expected[row]) << "row " << row;
    distinct.insert(probs);
  }
  EXPECT_GT(distinct.size(), 10u);  // a model that learned something, not a constant
}

TEST(SnapshotScoring, ASecondRunOfTheMonthReplacesItsRows) {
  SnapshotWorld world;
  auto first = world.Score({.run_id = "first"});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto w = world.Open();
  const auto rows_first = ResultRows(*w, "ID");
  auto second = world.Score({.run_id = "second"});
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(ResultRows(*w, "ID"), rows_first);
  EXPECT_EQ(QueryRows(*w, "SELECT DISTINCT RUN_ID FROM PA_INFERENCE_RESULTS"),
            (std::vector<std::vector<std::string>>{{"T:second"}}));
  EXPECT_EQ(CountRows(*w, "SELECT COUNT(*) FROM PA_INFERENCE_RESULTS_HIST WHERE RUN_ID = 'first'"),
            first->rows);
  EXPECT_EQ(CountRows(*w, "SELECT COUNT(*) FROM PA_SCORE_RUN_LOG WHERE MONTH = '2026-03'"), 2);
}

TEST(SnapshotScoring, WithoutAPinnedAsOfScoresAsOfTheCurrentUtcMonth) {
  SnapshotWorld world({.as_of = ""});
  const std::string before = FormatMonth(MonthOfDay(TodayUtc()));
  auto summary = world.Score();
  const std::string after = FormatMonth(MonthOfDay(TodayUtc()));
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_TRUE(summary->as_of == before || summary->as_of == after) << summary->as_of;
  auto w = world.Open();
  EXPECT_EQ(QueryRows(*w, "SELECT DISTINCT MONTH FROM PA_INFERENCE_RESULTS"),
            (std::vector<std::vector<std::string>>{{"T:" + summary->as_of}}));
}

TEST(SnapshotScoring, RefusesANonZeroMinHistoryMonthsNamingTheSetting) {
  SnapshotWorld world({.min_history_months = 6});
  auto summary = world.Score();
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(summary.status().message(),
            "inference.min_history_months: got 6, expected 0 for SNAP, a snapshot table without "
            "MONTH (it has no months of history to count); set inference.min_history_months: 0");
  auto w = world.Open();
  EXPECT_FALSE(*w->TableExists("PA_INFERENCE_RESULTS"));
}

TEST(SnapshotScoring, ANumericTargetWithoutPositiveClassScoresTheRowsThatAreNotOne) {
  SnapshotWorld world({.numeric_target = true});
  auto summary = world.Score();
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  auto w = world.Open();
  EXPECT_EQ(Ids(*w, "SELECT ID FROM PA_INFERENCE_RESULTS"),
            Ids(*w, "SELECT ID FROM SNAP WHERE CHURNED IS NULL OR CHURNED = 0"));
  EXPECT_EQ(SnapshotSummaryLine(*summary),
            fmt::format("snapshot table without MONTH: scoring the {} rows whose CHURNED is not 1",
                        summary->rows));
}

TEST(SnapshotScoring, TwoShardsWriteTheRowsOfAnUnshardedRun) {
  SnapshotWorld world;
  ASSERT_TRUE(world.Score({.run_id = "r"}).ok());
  auto w = world.Open();
  const auto unsharded = ResultRows(*w, "ID");
  Exec(*w, "DELETE FROM PA_INFERENCE_RESULTS");
  for (int shard = 0; shard < 2; ++shard) {
    auto summary = world.Score({.shard_index = shard, .shard_count = 2, .run_id = "r"});
    ASSERT_TRUE(summary.ok()) << summary.status().ToString();
    EXPECT_LT(summary->rows, summary->candidate_rows);
  }
  EXPECT_EQ(ResultRows(*w, "ID"), unsharded);
}

TEST(SnapshotScoring, ThroughAttritionServeWritesExactlyTheInProcessRows) {
  SnapshotWorld world;
  ASSERT_TRUE(world.Score({.run_id = "r"}).ok());
  auto w = world.Open();
  const auto in_process = ResultRows(*w, "ID");
  attrition::testing::ServeProcess serve(
      world.dir(), {"--artifacts", world.config().artifacts.dir, "--threads", "1"});
  ASSERT_TRUE(serve.running()) << serve.Log();
  const std::string url = "http://127.0.0.1:" + std::to_string(serve.port());
  auto remote = world.Score({.endpoint = url, .endpoint_batch_rows = 100, .run_id = "r"});
  ASSERT_TRUE(remote.ok()) << remote.status().ToString();
  EXPECT_EQ(ResultRows(*w, "ID"), in_process);
}

TEST(SnapshotScoring, MonitoringForecastsTheMonthAndSkipsBacktests) {
  SnapshotWorld world;
  auto summary = world.Score({.keep_rows = true});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  auto w = world.Open();
  notify::Notifier notifier = notify::Notifier::LogOnly("test");
  const monitoring::ScoringRunInfo run{.run_id = summary->run_id,
                                       .model_version = summary->model_version,
                                       .model_dir = summary->model_dir,
                                       .months = summary->months,
                                       .as_of = summary->as_of,
                                       .rows = &summary->rows_written,
                                       .snapshot = true};
  auto monitored = monitoring::AfterScoring(*w, world.config(), run, notifier);
  ASSERT_TRUE(monitored.ok()) << monitored.status().ToString();
  EXPECT_EQ(monitored->newest_month, "2026-03");
  EXPECT_NEAR(monitored->newest_expected, summary->newest_month_expected, 1e-6);
  EXPECT_EQ(monitored->backtest_rows, 0);
  EXPECT_GT(monitored->profile_rows, 0);
  // ALL plus one row per PLAN category, all of the one month.
  EXPECT_EQ(QueryRows(*w, "SELECT DISTINCT MONTH FROM PA_ATTRITION_FORECAST"),
            (std::vector<std::vector<std::string>>{{"T:2026-03"}}));
  EXPECT_EQ(CountRows(*w, "SELECT COUNT(*) FROM PA_ATTRITION_FORECAST"), 4);
  EXPECT_EQ(CountRows(*w,
                      "SELECT SUM(ACTIVE_COUNT) FROM PA_ATTRITION_FORECAST WHERE "
                      "SEGMENT_TYPE = 'ALL'"),
            summary->rows);
}

}  // namespace
}  // namespace attrition::score
