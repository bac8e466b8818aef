// What a score run hands to the monitoring after it: the run log, and its own rows, from
// which monitoring must compute exactly what it computes from reading them back.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "attrition/monitoring.h"
#include "attrition/notify.h"
#include "attrition/registry.h"
#include "attrition/score.h"
#include "attrition/train.h"
#include "monitor/model_files.h"
#include "score/score_fixture.h"

namespace attrition::score {
namespace {

using testing::CountRows;
using testing::QueryRows;
using testing::ScoringWorld;

TEST(ScoreRunLog, OneRowPerMonthCountingItsRows) {
  ScoringWorld world;
  auto warehouse = world.Open();
  auto summary = ScoreRun(world.config(), *warehouse, {.threads = 2});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  const auto log = QueryRows(*warehouse,
                             "SELECT RUN_ID, MONTH, MODEL_VERSION, SHARD, ROWS FROM PA_SCORE_RUN_LOG "
                             "ORDER BY rowid");
  ASSERT_EQ(log.size(), summary->months.size());
  for (size_t m = 0; m < log.size(); ++m) {
    EXPECT_EQ(log[m][0], "T:" + summary->run_id);
    EXPECT_EQ(log[m][1], "T:" + summary->months[m]);  // newest first, as written
    EXPECT_EQ(log[m][2], "T:" + summary->model_version);
    EXPECT_EQ(log[m][3], "T:0/1");
    EXPECT_EQ(log[m][4], "I:" + std::to_string(CountRows(
                                    *warehouse, "SELECT COUNT(*) FROM PA_INFERENCE_RESULTS WHERE "
                                                "MONTH = '" + summary->months[m] + "'")));
  }
  // A shard logs its own rows.
  auto shard = ScoreRun(world.config(), *warehouse, {.shard_index = 1, .shard_count = 2, .threads = 2});
  ASSERT_TRUE(shard.ok()) << shard.status().ToString();
  EXPECT_EQ(CountRows(*warehouse, "SELECT SUM(ROWS) FROM PA_SCORE_RUN_LOG WHERE RUN_ID = '" +
                                      shard->run_id + "' AND SHARD = '1/2'"),
            shard->rows);
}

// Every row of `table` for `run_id`, without the columns that hold the time of writing.
std::vector<std::vector<std::string>> Snapshot(warehouse::Warehouse& warehouse,
                                               const std::string& table,
                                               const std::string& columns,
                                               const std::string& run_id) {
  return QueryRows(warehouse, "SELECT " + columns + " FROM " + table + " WHERE RUN_ID = '" +
                                  run_id + "' ORDER BY rowid");
}

TEST(ScoreRunRows, MonitoringFromTheRunsOwnRowsEqualsMonitoringFromReadingThemBack) {
  ScoringWorld world;
  auto warehouse = world.Open();
  auto summary = ScoreRun(world.config(), *warehouse, {.threads = 2, .keep_rows = true});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  ASSERT_EQ(summary->rows_written.months.size(), summary->months.size());
  size_t kept = 0;
  for (const ScoredMonth& month : summary->rows_written.months) kept += month.size();
  EXPECT_EQ(static_cast<int64_t>(kept), summary->rows);

  const std::string forecast_columns =
      "MONTH, SEGMENT_TYPE, SEGMENT_VALUE, ACTIVE_COUNT, EXPECTED_ATTRITIONS, EXPECTED_RATE, "
      "LOWER_90, UPPER_90";
  const std::string profile_columns =
      "MONTH, FEATURE, ROW_COUNT, NULL_COUNT, MEAN, STD, MIN, P05, P25, P50, P75, P95, MAX, "
      "TRAIN_MEAN, PSI";
  notify::Notifier notifier = notify::Notifier::LogOnly("test");
  monitoring::ScoringRunInfo run{.run_id = summary->run_id,
                                 .model_version = summary->model_version,
                                 .model_dir = summary->model_dir,
                                 .months = summary->months,
                                 .report_dir = world.dir() / "reports",
                                 .as_of = summary->as_of,
                                 .rows = &summary->rows_written};
  auto from_memory = monitoring::AfterScoring(*warehouse, world.config(), run, notifier);
  ASSERT_TRUE(from_memory.ok()) << from_memory.status().ToString();
  const auto forecast = Snapshot(*warehouse, "PA_ATTRITION_FORECAST", forecast_columns, run.run_id);
  const auto profile = Snapshot(*warehouse, "PA_INFERENCE_PROFILE", profile_columns, run.run_id);
  ASSERT_EQ(forecast.size(), 6u * CountRows(*warehouse, "SELECT COUNT(*) FROM (SELECT DISTINCT "
                                                         "SEGMENT_TYPE, SEGMENT_VALUE FROM "
                                                         "PA_ATTRITION_FORECAST)"));
  ASSERT_FALSE(profile.empty());

  run.rows = nullptr;  // read back from PA_INFERENCE_RESULTS
  run.as_of.clear();   // and the as-of month from the dataset
  auto read_back = monitoring::AfterScoring(*warehouse, world.config(), run, notifier);
  ASSERT_TRUE(read_back.ok()) << read_back.status().ToString();
  EXPECT_EQ(Snapshot(*warehouse, "PA_ATTRITION_FORECAST", forecast_columns, run.run_id), forecast);
  EXPECT_EQ(Snapshot(*warehouse, "PA_INFERENCE_PROFILE", profile_columns, run.run_id), profile);
  EXPECT_EQ(read_back->max_psi, from_memory->max_psi);
  EXPECT_EQ(read_back->score_psi, from_memory->score_psi);
  EXPECT_EQ(read_back->newest_expected, from_memory->newest_expected);
  EXPECT_EQ(read_back->drifted_features, from_memory->drifted_features);
}

// A promote between the shards of a month: shard 0 re-scored with v2, shard 1 still
// holds v1's rows. Each row's expected attrition uses its own version's odds correction.
TEST(ScoreRunRows, AMonthScoredByTwoVersionsCorrectsEachRowWithItsOwnVersion) {
  ScoringWorld world;
  auto warehouse = world.Open();
  ASSERT_TRUE(ScoreRun(world.config(), *warehouse, {.threads = 2}).ok());
  config::Config unsampled = world.config();  // another odds correction than v1's
  unsampled.train.sampling = config::Sampling::kNone;
  auto second = train::TrainModel(unsampled, *warehouse, {.threads = 2});
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  auto registry = registry::Registry::Open(world.config().artifacts.dir);
  ASSERT_TRUE(registry.ok());
  ASSERT_TRUE(registry->Promote(second->version, {.force = true}).ok());
  auto shard = ScoreRun(world.config(), *warehouse,
                        {.shard_index = 0, .shard_count = 2, .threads = 2});
  ASSERT_TRUE(shard.ok()) << shard.status().ToString();

  notify::Notifier notifier = notify::Notifier::LogOnly("test");
  auto monitored = monitoring::AfterScoring(
      *warehouse, world.config(),
      {.run_id = shard->run_id, .model_version = shard->model_version,
       .model_dir = shard->model_dir, .months = shard->months,
       .report_dir = world.dir() / "reports", .as_of = shard->as_of},
      notifier);
  ASSERT_TRUE(monitored.ok()) << monitored.status().ToString();

  std::map<std::string, double> corrections;
  const auto versions = registry->List();
  ASSERT_TRUE(versions.ok()) << versions.status().ToString();
  for (const registry::ModelVersion& version : *versions) {
    auto files = monitoring::internal::ReadModelFiles(version.dir);
    ASSERT_TRUE(files.ok());
    corrections[version.id] = files->odds_correction;
  }
  ASSERT_NE(corrections.begin()->second, corrections.rbegin()->second);
  double expected = 0;
  std::map<std::string, int> rows_per_version;
  for (const auto& row : QueryRows(*warehouse, "SELECT MODEL_VERSION, PROBS FROM "
                                               "PA_INFERENCE_RESULTS WHERE MONTH = '" +
                                                   shard->months.front() + "' ORDER BY rowid")) {
    const std::string version = row[0].substr(2);  // "t:..."
    ++rows_per_version[version];
    expected += monitoring::internal::CorrectProbability(std::stod(row[1].substr(2)),
                                                         corrections.at(version));
  }
  EXPECT_EQ(rows_per_version.size(), 2u) << "both versions hold rows of the month";
  EXPECT_NEAR(monitored->newest_expected, expected, 1e-6 * expected);
}

}  // namespace
}  // namespace attrition::score
