// ScoreRun end to end on a real SQLite warehouse with a really trained model.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "attrition/model_bundle.h"
#include "attrition/model_raw_table_reader.h"
#include "attrition/model_xgboost.h"
#include "attrition/score.h"
#include "score/score_fixture.h"

namespace attrition::score {
namespace {

using testing::CountRows;
using testing::QueryRows;
using testing::ResultRows;
using testing::ScoringWorld;

constexpr char kKey[] = "CUSTOMER_ID || '|' || MONTH";

Result<ScoreSummary> Score(const ScoringWorld& world, ScoreOptions options = {}) {
  auto warehouse = world.Open();
  options.threads = 2;
  return ScoreRun(world.config(), *warehouse, options);
}

TEST(ScoreRun, ScoresTheImmatureMonthsNewestFirstWithTheSeedsColumns) {
  ScoringWorld world;
  auto summary = Score(world);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  auto warehouse = world.Open();
  EXPECT_EQ(summary->months.size(), 6u);
  EXPECT_TRUE(std::is_sorted(summary->months.rbegin(), summary->months.rend()));
  EXPECT_GT(summary->rows, 1000);
  // Exactly the unlabelled rows of the six months, less those of too short a history.
  const int64_t unlabelled = CountRows(
      *warehouse, fmt::format("SELECT COUNT(*) FROM PA_MODELING_DATASET WHERE MONTH >= '{}' AND "
                              "IS_ATTRITION_FLAG_C IS NULL",
                              summary->months.back()));
  EXPECT_EQ(summary->rows + summary->history_filtered, unlabelled);
  EXPECT_EQ(CountRows(*warehouse, "SELECT COUNT(*) FROM PA_INFERENCE_RESULTS"), summary->rows);

  auto schema = warehouse->DescribeTable("PA_INFERENCE_RESULTS");
  ASSERT_TRUE(schema.ok());
  std::vector<std::string> names;
  for (const auto& column : *schema) names.push_back(column.name);
  for (const char* name : {"CUSTOMER_ID", "MRN", "MONTH", "IS_PAYOR_TYPE", "NUM_AGE",
                           "PAYOR_TYPE_MEDICARE", "PROBS", "PREDICTION", "RISK_DECILE", "REASON_1",
                           "REASON_2", "REASON_3", "MODEL_VERSION", "RUN_ID", "INGESTED_DATE",
                           "UPDATED_DATE", "STAGE", "SHARD_KEY"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  }
  EXPECT_EQ(names[0], "CUSTOMER_ID");
  EXPECT_EQ(names[2], "MONTH");
  // Newest month first, then customer ids in byte order.
  auto keys = QueryRows(*warehouse, "SELECT MONTH, CUSTOMER_ID FROM PA_INFERENCE_RESULTS ORDER BY rowid");
  for (size_t i = 1; i < keys.size(); ++i) {
    ASSERT_TRUE(keys[i - 1][0] > keys[i][0] ||
                (keys[i - 1][0] == keys[i][0] && keys[i - 1][1] < keys[i][1]))
        << "row " << i;
  }
  EXPECT_EQ(CountRows(*warehouse, "SELECT COUNT(DISTINCT RUN_ID) FROM PA_INFERENCE_RESULTS"), 1);
  EXPECT_EQ(QueryRows(*warehouse, "SELECT DISTINCT MODEL_VERSION FROM PA_INFERENCE_RESULTS")[0][0],
            "T:" + summary->model_version);
}

// Reasons are XGBoost's: the top contributions of its own pred_contribs, on every row
// (the native TreeSHAP agrees to float rounding; near-ties are settled by XGBoost).
TEST(ScoreRun, ProbsEqualTheNativeModelsAndReasonsEqualXgboostsTopShapContributions) {
  ScoringWorld world;
  ASSERT_TRUE(Score(world).ok());
  auto model = model::LoadModel(world.ModelDir());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  const model::FeaturePlan& plan = model->bundle.plan;
  auto warehouse = world.Open();

  // The raw rows as the dataset holds them, encoded independently of the scorer.
  std::string columns = "d.CUSTOMER_ID, d.MONTH";
  for (const std::string& input : plan.InputColumns()) columns += ", d.\"" + input + "\"";
  const std::string sql =
      "SELECT " + columns + ", r.PROBS, r.PREDICTION, r.REASON_1, r.REASON_2, r.REASON_3 " +
      "FROM PA_INFERENCE_RESULTS r JOIN PA_MODELING_DATASET d ON d.CUSTOMER_ID = r.CUSTOMER_ID "
      "AND d.MONTH = r.MONTH ORDER BY r.rowid";
  auto schema = warehouse->DescribeTable("PA_MODELING_DATASET");
  ASSERT_TRUE(schema.ok());
  std::vector<std::string> names = {"CUSTOMER_ID", "MONTH"};
  for (const std::string& input : plan.InputColumns()) names.push_back(input);
  auto specs = model::RawColumnSpecsFor(*schema, names);
  ASSERT_TRUE(specs.ok());
  for (const char* extra : {"PROBS", "PREDICTION"}) {
    specs->push_back({extra, model::RawColumn::Kind::kNumeric});
  }
  for (const char* extra : {"REASON_1", "REASON_2", "REASON_3"}) {
    specs->push_back({extra, model::RawColumn::Kind::kText});
  }
  auto cursor = warehouse->Query(sql);
  ASSERT_TRUE(cursor.ok()) << cursor.status().ToString();
  auto table = model::ReadRawTable(**cursor, *specs);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  cursor->reset();
  ASSERT_GT(table->num_rows(), 1000u);
  auto x = plan.Encode(*table);
  ASSERT_TRUE(x.ok()) << x.status().ToString();
  const std::vector<float> expected = model->ensemble.PredictProbabilities(*x, {.threads = 1});
  auto booster = model::XgbBooster::LoadFromBuffer(model->bundle.model_json);
  ASSERT_TRUE(booster.ok()) << booster.status().ToString();
  auto dmatrix = model::XgbDMatrix::FromDense(*x);
  ASSERT_TRUE(dmatrix.ok()) << dmatrix.status().ToString();
  auto contributions = booster->Contributions(*dmatrix);
  ASSERT_TRUE(contributions.ok()) << contributions.status().ToString();
  const double threshold = model->bundle.metadata.threshold;
  size_t with_three = 0, with_fewer = 0;
  for (size_t row = 0; row < table->num_rows(); ++row) {
    SCOPED_TRACE("row " + std::to_string(row));
    const float probs = static_cast<float>(table->Find("PROBS")->Number(row));
    ASSERT_EQ(probs, expected[row]);
    ASSERT_EQ(table->Find("PREDICTION")->Number(row), expected[row] >= threshold ? 1.0 : 0.0);
    const std::vector<std::string> reasons = model::TopReasonNames(
        contributions->Row(row).first(plan.num_features()), plan.feature_names(), 3);
    for (size_t k = 0; k < 3; ++k) {
      const auto stored = table->Find("REASON_" + std::to_string(k + 1))->Text(row);
      if (k < reasons.size()) {
        ASSERT_TRUE(stored.has_value());
        ASSERT_EQ(*stored, reasons[k]);
      } else {
        ASSERT_FALSE(stored.has_value()) << *stored;
      }
    }
    (reasons.size() == 3 ? with_three : with_fewer)++;
  }
  EXPECT_GT(with_three, 0u);
}

TEST(ScoreRun, RiskDecilesRunFromOneToTenWithinEachMonthInOrderOfProbability) {
  ScoringWorld world;
  auto summary = Score(world);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  auto warehouse = world.Open();
  for (const std::string& month : summary->months) {
    SCOPED_TRACE(month);
    auto rows = QueryRows(*warehouse, "SELECT PROBS, RISK_DECILE FROM PA_INFERENCE_RESULTS WHERE "
                                      "MONTH = '" + month + "' ORDER BY PROBS, rowid");
    ASSERT_GE(rows.size(), 10u);
    std::map<int, int> per_decile;
    int previous = 1;
    for (size_t r = 0; r < rows.size(); ++r) {
      const int decile = std::stoi(rows[r][1].substr(2));
      EXPECT_EQ(decile, static_cast<int>(r * 10 / rows.size()) + 1);
      EXPECT_GE(decile, previous);
      previous = decile;
      ++per_decile[decile];
    }
    EXPECT_EQ(per_decile.size(), 10u);
  }
}

TEST(ScoreRun, RescoringAMonthReplacesItsRowsKeepsOtherMonthsAndArchivesTheOldRows) {
  ScoringWorld world;
  auto first = Score(world);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto warehouse = world.Open();
  const auto before = ResultRows(*warehouse);

  // The same run again: the same rows, not twice as many; the first run's rows in _HIST.
  auto second = Score(world);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(ResultRows(*warehouse), before);
  EXPECT_EQ(CountRows(*warehouse, "SELECT COUNT(*) FROM PA_INFERENCE_RESULTS_HIST"), first->rows);
  EXPECT_EQ(CountRows(*warehouse, "SELECT COUNT(*) FROM PA_INFERENCE_RESULTS_HIST WHERE RUN_ID = '" +
                                      first->run_id + "'"),
            first->rows);
  EXPECT_EQ(CountRows(*warehouse, fmt::format("SELECT COUNT(*) FROM (SELECT {} FROM "
                                              "PA_INFERENCE_RESULTS GROUP BY {} HAVING COUNT(*) > 1)",
                                              kKey, kKey)),
            0);

  // Only the newest month again: its rows change run, the five others stay the first run's.
  config::Config& cfg = world.mutable_config();
  cfg.inference.num_month_forecast = 1;
  auto third = Score(world);
  ASSERT_TRUE(third.ok()) << third.status().ToString();
  ASSERT_EQ(third->months, std::vector<std::string>{first->months.front()});
  EXPECT_EQ(CountRows(*warehouse, "SELECT COUNT(*) FROM PA_INFERENCE_RESULTS"), first->rows);
  EXPECT_EQ(CountRows(*warehouse, "SELECT COUNT(*) FROM PA_INFERENCE_RESULTS WHERE RUN_ID = '" +
                                      third->run_id + "'"),
            third->rows);
  EXPECT_EQ(CountRows(*warehouse, "SELECT COUNT(*) FROM PA_INFERENCE_RESULTS WHERE MONTH = '" +
                                      first->months.front() + "' AND RUN_ID <> '" +
                                      third->run_id + "'"),
            0);
  EXPECT_EQ(CountRows(*warehouse, "SELECT COUNT(*) FROM PA_INFERENCE_RESULTS WHERE RUN_ID = '" +
                                      second->run_id + "'"),
            first->rows - third->rows);
  EXPECT_EQ(CountRows(*warehouse, "SELECT COUNT(*) FROM PA_INFERENCE_RESULTS_HIST"),
            first->rows + third->rows);
}

TEST(ScoreRun, TwoShardsTogetherWriteExactlyTheUnshardedRows) {
  ScoringWorld unsharded, sharded;
  ASSERT_TRUE(Score(unsharded).ok());
  // A full run first, so the shards must replace exactly their own rows of it.
  ASSERT_TRUE(Score(sharded).ok());
  auto zero = Score(sharded, {.shard_index = 0, .shard_count = 2});
  ASSERT_TRUE(zero.ok()) << zero.status().ToString();
  auto one = Score(sharded, {.shard_index = 1, .shard_count = 2});
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_GT(zero->rows, 100);
  EXPECT_GT(one->rows, 100);
  EXPECT_EQ(zero->candidate_rows, one->candidate_rows);
  EXPECT_EQ(zero->rows + one->rows, zero->candidate_rows);

  auto a = unsharded.Open();
  auto b = sharded.Open();
  const auto expected = ResultRows(*a, "MONTH DESC, CUSTOMER_ID");
  EXPECT_EQ(ResultRows(*b, "MONTH DESC, CUSTOMER_ID"), expected);
  // Each shard's rows carry its run id.
  EXPECT_EQ(CountRows(*b, "SELECT COUNT(*) FROM PA_INFERENCE_RESULTS WHERE RUN_ID = '" +
                              zero->run_id + "'"),
            zero->rows);
  EXPECT_EQ(CountRows(*b, "SELECT COUNT(*) FROM PA_INFERENCE_RESULTS_HIST"),
            static_cast<int64_t>(expected.size()));
}

TEST(ScoreRun, MinHistoryMonthsDropsCustomersWithTooShortAHistory) {
  ScoringWorld world;
  world.mutable_config().inference.min_history_months = 0;
  auto all = Score(world);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(all->history_filtered, 0);
  world.mutable_config().inference.min_history_months = 6;
  auto six = Score(world);
  ASSERT_TRUE(six.ok()) << six.status().ToString();
  EXPECT_GT(six->history_filtered, 0);
  EXPECT_EQ(six->rows + six->history_filtered, all->rows);
  // Exactly the unlabelled rows with six or more spine months up to their month are kept.
  auto warehouse = world.Open();
  const std::string history =
      "(CAST(substr(d.MONTH, 1, 4) AS INTEGER) * 12 + CAST(substr(d.MONTH, 6, 2) AS INTEGER)) - "
      "(CAST(substr(s.F, 1, 4) AS INTEGER) * 12 + CAST(substr(s.F, 6, 2) AS INTEGER)) + 1";
  const std::string from =
      "FROM PA_MODELING_DATASET d JOIN (SELECT CUSTOMER_ID, MIN(MONTH) AS F FROM "
      "PA_SALES_INTERMEDIATE_FEATURES GROUP BY CUSTOMER_ID) s ON s.CUSTOMER_ID = d.CUSTOMER_ID "
      "WHERE d.IS_ATTRITION_FLAG_C IS NULL AND d.MONTH >= '" + six->months.back() + "'";
  EXPECT_EQ(CountRows(*warehouse, "SELECT COUNT(*) " + from + " AND " + history + " >= 6"),
            six->rows);
  EXPECT_EQ(CountRows(*warehouse, "SELECT COUNT(*) FROM PA_INFERENCE_RESULTS r WHERE r.CUSTOMER_ID || "
                                  "r.MONTH NOT IN (SELECT d.CUSTOMER_ID || d.MONTH " + from +
                                  " AND " + history + " >= 6)"),
            0);
}

// The spine is read for the as-of month the features run logged while the dataset's
// latest month is found; a log that names another month only costs a second read.
TEST(ScoreRun, AFeaturesLogNamingAnotherMonthGivesTheSameRows) {
  ScoringWorld logged, misled;
  for (ScoringWorld* world : {&logged, &misled}) {
    world->mutable_config().inference.min_history_months = 6;
  }
  {
    auto warehouse = misled.Open();
    ASSERT_GT(CountRows(*warehouse, "SELECT COUNT(*) FROM PA_FEATURE_RUN_LOG"), 0);
    auto cursor = warehouse->Query("UPDATE PA_FEATURE_RUN_LOG SET AS_OF = '2023-03'");
    ASSERT_TRUE(cursor.ok());
    ASSERT_FALSE(*(*cursor)->Next());
    EXPECT_EQ(CountRows(*warehouse, "SELECT COUNT(*) FROM PA_FEATURE_RUN_LOG WHERE AS_OF <> "
                                    "'2023-03'"),
              0);
  }
  auto expected = Score(logged);
  ASSERT_TRUE(expected.ok()) << expected.status().ToString();
  auto got = Score(misled);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_GT(got->history_filtered, 0);
  EXPECT_EQ(got->history_filtered, expected->history_filtered);
  EXPECT_EQ(got->as_of, expected->as_of);
  auto a = logged.Open();
  auto b = misled.Open();
  EXPECT_EQ(ResultRows(*b), ResultRows(*a));
}

TEST(ScoreRun, WithoutAProductionModelSaysToTrainAndPromote) {
  ScoringWorld world;
  world.mutable_config().artifacts.dir = (world.dir() / "empty-artifacts").string();
  auto summary = Score(world);
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), Status::Code::kNotFound);
  EXPECT_NE(summary.status().message().find("attrition train"), std::string::npos)
      << summary.status().message();
  EXPECT_NE(summary.status().message().find("attrition models promote"), std::string::npos);
}

TEST(ScoreRun, AnUnknownModelVersionIsNotFound) {
  ScoringWorld world;
  auto summary = Score(world, {.model = "v0099-20260101T000000Z"});
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), Status::Code::kNotFound);
  EXPECT_NE(summary.status().message().find("v0099-20260101T000000Z"), std::string::npos);
}

TEST(ScoreRun, AResultsTableFromAnotherFeatureSetIsRefusedByName) {
  ScoringWorld world;
  {
    auto warehouse = world.Open();
    auto transaction = warehouse->Begin();
    ASSERT_TRUE(transaction.ok());
    auto writer = (*transaction)->AppendRows(
        "PA_INFERENCE_RESULTS", {{"CUSTOMER_ID", warehouse::ColumnType::kText},
                                 {"MONTH", warehouse::ColumnType::kText}});
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Finish().ok());
    writer->reset();
    ASSERT_TRUE((*transaction)->Commit().ok());
  }
  auto summary = Score(world);
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(summary.status().message().find("lacks the columns MRN, IS_PAYOR_TYPE"),
            std::string::npos)
      << summary.status().message();
}

}  // namespace
}  // namespace attrition::score
