// AfterScoring on a synthetic PA_INFERENCE_RESULTS (the columns of docs/scoring.md) in a
// real SQLite file, with a model directory whose baseline comes from train's own binning
// and a real loopback webhook receiving the alerts.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "attrition/monitoring.h"
#include "notify/listeners.h"
#include "support/temp_dir.h"
#include "train/population_stats.h"

namespace attrition::monitoring {
namespace {

using testing::TempDir;
using warehouse::ColumnType;

constexpr const char* kPayorFeature = "PAYOR_TYPE_State Medicaid";

struct Population {
  double state_medicaid_share = 0.1;
  double age_mean = 40;
};

struct Row {
  std::string customer, month, payor, diagnosis;
  float age;
  float medicaid;
  double prob;
  int label;
};

// Draws `n` customer rows of `month`; the probability depends on age only and the label
// is drawn from it, so the model is calibrated by construction.
std::vector<Row> Draw(std::mt19937_64& rng, const std::string& month, int n, Population pop) {
  std::normal_distribution<double> age(pop.age_mean, 12);
  std::vector<Row> rows;
  for (int i = 0; i < n; ++i) {
    Row r;
    r.customer = std::to_string(100000 + i);
    r.month = month;
    r.medicaid = std::bernoulli_distribution(pop.state_medicaid_share)(rng) ? 1.0f : 0.0f;
    r.payor = r.medicaid == 1.0f ? "State Medicaid" : "Commercial";
    r.diagnosis = std::bernoulli_distribution(0.3)(rng) ? "TYPE 2" : "TYPE 1";
    r.age = static_cast<float>(age(rng));
    r.prob = 1.0 / (1.0 + std::exp(-(-3.0 + 0.04 * (r.age - 40))));
    r.label = std::bernoulli_distribution(r.prob)(rng) ? 1 : 0;
    rows.push_back(std::move(r));
  }
  return rows;
}

void WriteJson(const std::filesystem::path& path, const nlohmann::ordered_json& json) {
  std::ofstream(path) << json.dump(1);
}

// A model version directory: feature plan, metadata and train's baseline of `training`.
void WriteModelDir(const std::filesystem::path& dir, const std::vector<Row>& training) {
  std::filesystem::create_directories(dir);
  WriteJson(dir / "feature_plan.json", {{"version", 1},
                                        {"dummy_cols", {"IS_PAYOR_TYPE", "IS_DIAGNOSIS_TYPE"}},
                                        {"target", "IS_ATTRITION_FLAG_C"},
                                        {"model_features", {"NUM_AGE", kPayorFeature}}});
  WriteJson(dir / "metadata.json", {{"threshold", 0.06}, {"odds_correction", 1.0}});
  std::vector<float> age, medicaid, scores;
  for (const Row& r : training) {
    age.push_back(r.age);
    medicaid.push_back(r.medicaid);
    scores.push_back(static_cast<float>(r.prob));
  }
  auto bins = [](const train::DecileBins& b, bool nulls) {
    nlohmann::ordered_json j = {{"edges", b.edges}, {"proportions", b.proportions}};
    if (nulls) j["null_proportion"] = b.null_proportion;
    return j;
  };
  WriteJson(dir / "baseline.json",
            {{"features",
              {{"NUM_AGE", bins(train::ComputeDecileBins(age), true)},
               {kPayorFeature, bins(train::ComputeDecileBins(medicaid), true)}}},
             {"score", bins(train::ComputeDecileBins(scores), false)},
             {"rows", training.size()}});
  WriteJson(dir / "profile.json",
            {{"NUM_AGE", {{"mean", 40.0}}}, {kPayorFeature, {{"mean", 0.1}}}});
}

// Appends `rows` as one scoring run to PA_INFERENCE_RESULTS (replacing their months) and
// their customer-months to PA_MODELING_DATASET (label NULL unless `mature`).
void WriteRun(warehouse::Warehouse& wh, const std::vector<Row>& rows, const std::string& run_id,
              bool mature) {
  auto tx = wh.Begin();
  ASSERT_TRUE(tx.ok()) << tx.status().ToString();
  std::vector<std::string> months;
  for (const Row& r : rows) {
    if (months.empty() || months.back() != r.month) months.push_back(r.month);
  }
  ASSERT_TRUE((*tx)->ArchiveRows("PA_INFERENCE_RESULTS", "MONTH", months).ok());
  {
    const warehouse::Schema schema = {{"CUSTOMER_ID", ColumnType::kText},
                                      {"MRN", ColumnType::kText},
                                      {"MONTH", ColumnType::kText},
                                      {"IS_PAYOR_TYPE", ColumnType::kText},
                                      {"IS_DIAGNOSIS_TYPE", ColumnType::kText},
                                      {"NUM_AGE", ColumnType::kReal},
                                      {kPayorFeature, ColumnType::kReal},
                                      {"PROBS", ColumnType::kReal},
                                      {"PREDICTION", ColumnType::kInteger},
                                      {"RISK_DECILE", ColumnType::kInteger},
                                      {"REASON_1", ColumnType::kText},
                                      {"REASON_2", ColumnType::kText},
                                      {"REASON_3", ColumnType::kText},
                                      {"MODEL_VERSION", ColumnType::kText},
                                      {"RUN_ID", ColumnType::kText}};
    auto writer = (*tx)->AppendRows("PA_INFERENCE_RESULTS", schema);
    ASSERT_TRUE(writer.ok());
    for (const Row& r : rows) {
      (*writer)->SetText(0, r.customer);
      (*writer)->SetText(2, r.month);
      (*writer)->SetText(3, r.payor);
      (*writer)->SetText(4, r.diagnosis);
      (*writer)->SetReal(5, r.age);
      (*writer)->SetReal(6, r.medicaid);
      (*writer)->SetReal(7, r.prob);
      (*writer)->SetInteger(8, r.prob >= 0.06 ? 1 : 0);
      (*writer)->SetInteger(9, std::min(10, 1 + static_cast<int>(r.prob * 100)));
      (*writer)->SetText(13, "v0001");
      (*writer)->SetText(14, run_id);
      ASSERT_TRUE((*writer)->EndRow().ok());
    }
    ASSERT_TRUE((*writer)->Finish().ok());
  }
  {
    const warehouse::Schema schema = {{"CUSTOMER_ID", ColumnType::kText},
                                      {"MONTH", ColumnType::kText},
                                      {"IS_ATTRITION_FLAG_C", ColumnType::kInteger}};
    auto writer = (*tx)->AppendRows("PA_MODELING_DATASET", schema);
    ASSERT_TRUE(writer.ok());
    for (const Row& r : rows) {
      (*writer)->SetText(0, r.customer);
      (*writer)->SetText(1, r.month);
      if (mature) (*writer)->SetInteger(2, r.label);
      ASSERT_TRUE((*writer)->EndRow().ok());
    }
    ASSERT_TRUE((*writer)->Finish().ok());
  }
  ASSERT_TRUE((*tx)->Commit().ok());
}

int64_t CountRows(warehouse::Warehouse& wh, const std::string& sql) {
  auto cursor = wh.Query(sql);
  EXPECT_TRUE(cursor.ok()) << cursor.status().ToString();
  if (!cursor.ok()) return -1;
  EXPECT_TRUE(*(*cursor)->Next());
  return (*cursor)->Integer(0);
}

class AfterScoringTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = warehouse::Warehouse::Open("sqlite:" + dir_.File("wh.db"));
    ASSERT_TRUE(opened.ok());
    wh_ = std::move(*opened);
    std::mt19937_64 rng(11);
    WriteModelDir(dir_.path() / "model", Draw(rng, "2023-06", 8000, {}));
    config_.environment = "test";
    config_.artifacts.dir = dir_.File("artifacts");
    listener_ = testing::StartWebhookListener(dir_.path());
    ASSERT_NE(listener_->port(), 0);
    config::NotificationSink sink;
    sink.type = config::SinkType::kWebhook;
    sink.url = "http://127.0.0.1:" + std::to_string(listener_->port()) + "/alerts";
    config_.notifications = {sink};
  }

  // Scores months 2024-07..2024-12 of `pop` as run `run_id` and runs AfterScoring.
  Result<MonitoringSummary> ScoreAndMonitor(const std::string& run_id, Population pop) {
    std::mt19937_64 rng(run_id.size() * 31 + 5);
    std::vector<Row> rows;
    std::vector<std::string> months;
    for (int m = 12; m >= 7; --m) {
      const std::string month = "2024-" + std::string(m < 10 ? "0" : "") + std::to_string(m);
      months.push_back(month);
      std::vector<Row> drawn = Draw(rng, month, 1500, pop);
      rows.insert(rows.end(), drawn.begin(), drawn.end());
    }
    WriteRun(*wh_, rows, run_id, /*mature=*/false);
    notify::Notifier notifier(config_, {.initial_backoff = std::chrono::milliseconds(10)});
    return AfterScoring(*wh_, config_,
                        {run_id, "v0001", dir_.path() / "model", months, dir_.path() / "reports"},
                        notifier);
  }

  TempDir dir_;
  std::unique_ptr<warehouse::Warehouse> wh_;
  config::Config config_;
  std::unique_ptr<testing::Listener> listener_;
};

TEST_F(AfterScoringTest, ForecastHasEverySegmentAndAReRunReplacesItsMonths) {
  auto summary = ScoreAndMonitor("run-a", {});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  // 6 months x (ALL + 2 payors + 2 diagnosis types).
  EXPECT_EQ(summary->forecast_rows, 30);
  EXPECT_EQ(summary->newest_month, "2024-12");
  EXPECT_GT(summary->newest_expected, 1500 * 0.03);
  EXPECT_LT(summary->newest_lower_90, summary->newest_expected);
  EXPECT_GT(summary->newest_upper_90, summary->newest_expected);
  EXPECT_EQ(CountRows(*wh_,
                      "SELECT COUNT(*) FROM PA_ATTRITION_FORECAST WHERE SEGMENT_TYPE = "
                      "'ALL' AND ACTIVE_COUNT = 1500"),
            6);
  EXPECT_EQ(CountRows(*wh_,
                      "SELECT COUNT(DISTINCT SEGMENT_VALUE) FROM PA_ATTRITION_FORECAST "
                      "WHERE SEGMENT_TYPE = 'PAYOR_TYPE'"),
            2);
  // Segment counts add up to the month.
  EXPECT_EQ(CountRows(*wh_,
                      "SELECT SUM(ACTIVE_COUNT) FROM PA_ATTRITION_FORECAST WHERE "
                      "SEGMENT_TYPE = 'DIAGNOSIS_TYPE' AND MONTH = '2024-12'"),
            1500);

  auto again = ScoreAndMonitor("run-b", {});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(CountRows(*wh_, "SELECT COUNT(*) FROM PA_ATTRITION_FORECAST"), 30);
  EXPECT_EQ(CountRows(*wh_, "SELECT COUNT(*) FROM PA_ATTRITION_FORECAST WHERE RUN_ID = 'run-b'"),
            30);
  EXPECT_EQ(CountRows(*wh_, "SELECT COUNT(*) FROM PA_ATTRITION_FORECAST_HIST"), 30);
}

TEST_F(AfterScoringTest, UnshiftedPopulationSendsNoAlert) {
  auto summary = ScoreAndMonitor("run-a", {});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_LT(summary->max_psi, 0.05);
  EXPECT_LT(summary->score_psi, 0.05);
  EXPECT_TRUE(summary->drifted_features.empty());
  EXPECT_EQ(summary->alerts_sent, 0);
  EXPECT_TRUE(listener_->Records().empty());
  // One profile row per month and feature, plus the score.
  EXPECT_EQ(CountRows(*wh_, "SELECT COUNT(*) FROM PA_INFERENCE_PROFILE WHERE RUN_ID = 'run-a'"),
            6 * 3);
}

TEST_F(AfterScoringTest, ShiftedPayorMixSendsExactlyOneAlertNamingTheFeature) {
  auto summary = ScoreAndMonitor("run-shift", {.state_medicaid_share = 0.5});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->max_psi_feature, kPayorFeature);
  EXPECT_GT(summary->max_psi, 0.2);
  EXPECT_EQ(summary->drifted_features, std::vector<std::string>{kPayorFeature});
  EXPECT_EQ(summary->alerts_sent, 1);
  auto records = listener_->Records();
  ASSERT_EQ(records.size(), 1u);
  auto body = nlohmann::json::parse(records[0]["body"].get<std::string>());
  EXPECT_EQ(body["status"], "alert");
  EXPECT_EQ(body["run_id"], "run-shift");
  EXPECT_EQ(body["subject"],
            "scoring alert for environment test: PSI above 0.2 in 1 feature (model v0001)");
  ASSERT_EQ(body["details"].size(), 1u);
  EXPECT_EQ(body["details"][0].get<std::string>().rfind(std::string(kPayorFeature) + ": PSI ", 0),
            0u);
  EXPECT_EQ(CountRows(*wh_, "SELECT COUNT(*) FROM PA_INFERENCE_PROFILE WHERE PSI > 0.2"), 6);
  // The drift report names the feature.
  std::ifstream report(summary->drift_report);
  std::stringstream html;
  html << report.rdbuf();
  EXPECT_NE(html.str().find(kPayorFeature), std::string::npos);
  EXPECT_NE(html.str().find("<svg"), std::string::npos);
}

TEST_F(AfterScoringTest, MaturedEarlierRunIsBacktestedOnceWithItsCalibration) {
  // An earlier run scored 2024-01..2024-06 of 3000 customers each; their labels are now
  // mature (the dataset reaches 2024-12).
  std::mt19937_64 rng(3);
  std::vector<Row> old_rows;
  for (int m = 6; m >= 1; --m) {
    std::vector<Row> drawn = Draw(rng, "2024-0" + std::to_string(m), 3000, {});
    old_rows.insert(old_rows.end(), drawn.begin(), drawn.end());
  }
  WriteRun(*wh_, old_rows, "run-old", /*mature=*/true);
  auto summary = ScoreAndMonitor("run-new", {});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->backtest_rows, 6);
  EXPECT_EQ(CountRows(*wh_,
                      "SELECT COUNT(*) FROM PA_MODEL_MONITORING WHERE RUN_ID = 'run-old' "
                      "AND ROW_COUNT = 3000 AND UNMATCHED_COUNT = 0"),
            6);
  // A calibrated model: the realised count is inside the 90% interval in most months, and
  // age carries signal.
  EXPECT_GE(CountRows(*wh_, "SELECT SUM(INSIDE_90) FROM PA_MODEL_MONITORING"), 4);
  EXPECT_EQ(CountRows(*wh_,
                      "SELECT COUNT(*) FROM PA_MODEL_MONITORING WHERE AUC > 0.55 AND "
                      "AUC < 0.85 AND PRECISION > 0 AND RECALL > 0"),
            6);
  EXPECT_GT(CountRows(*wh_, "SELECT COUNT(*) FROM PA_MODEL_MONITORING_DECILES"), 6 * 5);

  // Running again adds nothing.
  auto again = ScoreAndMonitor("run-new", {});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->backtest_rows, 6);
  EXPECT_EQ(CountRows(*wh_, "SELECT COUNT(*) FROM PA_MODEL_MONITORING"), 6);
  std::ifstream report(again->monitoring_report);
  std::stringstream html;
  html << report.rdbuf();
  EXPECT_NE(html.str().find("AUC, precision and recall over time"), std::string::npos);
  EXPECT_NE(html.str().find("Calibration by risk decile"), std::string::npos);
}

TEST_F(AfterScoringTest, MissingFeatureColumnIsAnErrorNamingIt) {
  std::ofstream(dir_.path() / "model" / "feature_plan.json")
      << R"({"dummy_cols": ["IS_PAYOR_TYPE"], "model_features": ["NUM_AGE", "NUM_HEIGHT"]})";
  auto summary = ScoreAndMonitor("run-a", {});
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().message(),
            "PA_INFERENCE_RESULTS has no column NUM_HEIGHT (expected from the model's feature "
            "plan)");
}

TEST_F(AfterScoringTest, ModelDirWithoutFeaturePlanIsNotFound) {
  std::filesystem::remove(dir_.path() / "model" / "feature_plan.json");
  auto summary = ScoreAndMonitor("run-a", {});
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), Status::Code::kNotFound);
  EXPECT_NE(summary.status().message().find("feature_plan.json does not exist"), std::string::npos);
}

}  // namespace
}  // namespace attrition::monitoring
