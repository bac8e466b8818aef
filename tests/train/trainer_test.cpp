// End-to-end tests of TrainModel on real SQLite files (tests/train/synthetic_dataset.h).
#include "attrition/train.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "attrition/registry.h"
#include "support/temp_dir.h"
#include "synthetic_dataset.h"

namespace attrition::train {
namespace {

using testing::SyntheticConfig;
using testing::SyntheticOptions;
using testing::TempDir;
using testing::WriteSyntheticDataset;

std::unique_ptr<warehouse::Warehouse> OpenWarehouse(const TempDir& dir) {
  auto wh = warehouse::Warehouse::Open("sqlite:" + dir.File("w.db"));
  EXPECT_TRUE(wh.ok()) << wh.status().ToString();
  return std::move(wh).value();
}

nlohmann::json ReadJson(const std::filesystem::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

TEST(TrainModel, RegistersAVersionWithEveryFileOfTheLayout) {
  TempDir dir;
  auto wh = OpenWarehouse(dir);
  ASSERT_TRUE(WriteSyntheticDataset(*wh, {}).ok());
  auto summary = TrainModel(SyntheticConfig(dir.File("artifacts")), *wh, {});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->version.rfind("v0001-", 0), 0u) << summary->version;
  for (const char* file : {"attrition.model", "feature_plan.json", "metadata.json", "metrics.json",
                           "trials.json", "profile.json", "baseline.json", "report.html",
                           "lineage.json"}) {
    EXPECT_TRUE(std::filesystem::exists(summary->version_dir / file)) << file;
  }
  auto registry = registry::Registry::Open(dir.File("artifacts"));
  ASSERT_TRUE(registry.ok());
  auto version = registry->Get(summary->version);
  ASSERT_TRUE(version.ok()) << version.status().ToString();
  EXPECT_DOUBLE_EQ(version->metrics.at("test_auc"), summary->test_auc);

  const nlohmann::json metrics = ReadJson(summary->version_dir / "metrics.json");
  EXPECT_EQ(metrics["rows"]["test"].get<int64_t>(), 400 * 3);
  EXPECT_EQ(metrics["threshold"].get<double>(), summary->threshold);
  EXPECT_EQ(metrics["dataset"], "MODEL_DATA");
  EXPECT_EQ(metrics["start_month"], "2021-01");
  EXPECT_EQ(metrics["max_month"], "2022-06");
  EXPECT_EQ(metrics["split"], "test 2022-04..2022-06, train ..2021-09 (gap 6 months)");
  const nlohmann::json metadata = ReadJson(summary->version_dir / "metadata.json");
  EXPECT_EQ(metadata["threshold"].get<double>(), summary->threshold);
  EXPECT_EQ(metadata["model_version"], summary->version);
  EXPECT_EQ(ReadJson(summary->version_dir / "trials.json").size(), 2u);
  const nlohmann::json baseline = ReadJson(summary->version_dir / "baseline.json");
  EXPECT_TRUE(baseline["features"].contains("X1"));
  EXPECT_GT(baseline["features"]["X2"]["null_proportion"].get<double>(), 0.05);
  // The planted signal is found.
  EXPECT_GT(summary->test_auc, 0.75);
  EXPECT_EQ(summary->top_drivers.front().first, "X1");
  // The summary lists only features the model uses.
  for (const auto& [feature, shap] : summary->top_drivers) EXPECT_GT(shap, 0.0) << feature;
  EXPECT_GT(summary->num_features, 0);
  EXPECT_LT(summary->unused_features, summary->num_features);
  // No staging directory is left behind.
  for (const auto& entry : std::filesystem::directory_iterator(dir.File("artifacts"))) {
    EXPECT_NE(entry.path().filename().string().rfind(".train-", 0), 0u) << entry.path();
  }
}

// What `attrition models show` prints comes from lineage.json: the training and test
// windows of the configured split and the id of the training run.
TEST(TrainModel, RecordsTheTestWindowAndTheRunIdInTheLineage) {
  TempDir dir;
  auto wh = OpenWarehouse(dir);
  ASSERT_TRUE(WriteSyntheticDataset(*wh, {.customers = 200}).ok());
  auto first = TrainModel(SyntheticConfig(dir.File("artifacts"), 1), *wh, {});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto second = TrainModel(SyntheticConfig(dir.File("artifacts"), 1), *wh, {});
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->version.rfind("v0002-", 0), 0u) << second->version;

  auto registry = registry::Registry::Open(dir.File("artifacts"));
  ASSERT_TRUE(registry.ok());
  auto one = registry->Get(first->version);
  auto two = registry->Get(second->version);
  ASSERT_TRUE(one.ok() && two.ok());
  const registry::TrainingWindow& window = one->lineage.window;
  EXPECT_EQ(window.start_month, "2021-01");
  EXPECT_EQ(window.end_month, "2022-06");
  EXPECT_EQ(window.test_start_month, "2022-04");  // the last 3 months up to max_month
  EXPECT_EQ(window.test_end_month, "2022-06");
  // "20261127T152747Z-3fa2c1": the UTC start of the run and 6 random hex digits.
  const std::string& run_id = one->lineage.run_id;
  ASSERT_EQ(run_id.size(), 23u) << run_id;
  EXPECT_EQ(run_id[8], 'T') << run_id;
  EXPECT_EQ(run_id.substr(15, 2), "Z-") << run_id;
  EXPECT_NE(run_id, two->lineage.run_id);
  EXPECT_EQ(ReadJson(one->dir / "metrics.json")["run_id"], run_id);
}

TEST(TrainModel, RecordsNoTestWindowForARandomizedSplit) {
  TempDir dir;
  auto wh = OpenWarehouse(dir);
  ASSERT_TRUE(WriteSyntheticDataset(*wh, {.customers = 300}).ok());
  config::Config cfg = SyntheticConfig(dir.File("artifacts"), 1);
  cfg.train.split = {.mode = config::SplitMode::kRandomized, .perc_test = 0.25};
  auto summary = TrainModel(cfg, *wh, {});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  auto registry = registry::Registry::Open(dir.File("artifacts"));
  ASSERT_TRUE(registry.ok());
  auto version = registry->Get(summary->version);
  ASSERT_TRUE(version.ok()) << version.status().ToString();
  EXPECT_EQ(version->lineage.window.start_month, "2021-01");
  EXPECT_EQ(version->lineage.window.end_month, "2022-06");
  EXPECT_EQ(version->lineage.window.test_start_month, "");
  EXPECT_EQ(version->lineage.window.test_end_month, "");
  EXPECT_FALSE(version->lineage.run_id.empty());
}

TEST(TrainModel, WritesAModelThatPythonXgboostLoads) {
  if (!std::filesystem::exists("/usr/bin/python3")) GTEST_SKIP() << "no /usr/bin/python3";
  TempDir dir;
  auto wh = OpenWarehouse(dir);
  ASSERT_TRUE(WriteSyntheticDataset(*wh, {}).ok());
  auto summary = TrainModel(SyntheticConfig(dir.File("artifacts"), 1), *wh,
                            {.register_version = false, .output_dir = dir.path() / "out"});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  const std::string model = (dir.path() / "out" / "attrition.model").string();
  const std::string command =
      "/usr/bin/python3 -c \"import xgboost, sys; b = xgboost.Booster(); b.load_model(sys.argv[1]);"
      " assert b.feature_names[0] == 'X1', b.feature_names\" '" + model + "' 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
}

TEST(TrainModel, GivesATestAucNearOneHalfWhenTheLabelsAreShuffled) {
  TempDir dir;
  auto wh = OpenWarehouse(dir);
  ASSERT_TRUE(WriteSyntheticDataset(*wh, {.customers = 800, .shuffle_labels = true}).ok());
  auto summary = TrainModel(SyntheticConfig(dir.File("artifacts")), *wh, {});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  // 2,400 test rows: a chance AUC stays within a few hundredths of 0.5.
  EXPECT_NEAR(summary->test_auc, 0.5, 0.05);
}

TEST(TrainModel, TrainsATableWithoutMonthOnARandomizedSplit) {
  TempDir dir;
  auto wh = OpenWarehouse(dir);
  ASSERT_TRUE(WriteSyntheticDataset(*wh, {.customers = 2000,
                                          .last = MonthFromYearMonth(2021, 1),
                                          .with_month = false})
                  .ok());
  config::Config cfg = SyntheticConfig(dir.File("artifacts"));
  cfg.train.features = {"X1", "X2", "NOISE", "PAYOR_Commercial", "PAYOR_Medicare"};
  cfg.train.drop = {};
  cfg.train.split = {.mode = config::SplitMode::kRandomized, .perc_test = 0.25};
  auto summary = TrainModel(cfg, *wh, {});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->test_rows, 500);
  EXPECT_GT(summary->test_auc, 0.75);
}

TEST(TrainModel, RefusesLabelsThatAreNotMatureYet) {
  TempDir dir;
  auto wh = OpenWarehouse(dir);
  ASSERT_TRUE(WriteSyntheticDataset(*wh, {.customers = 20}).ok());
  config::Config cfg = SyntheticConfig(dir.File("artifacts"));
  cfg.train.max_month = MonthFromYearMonth(2022, 9);
  auto summary = TrainModel(cfg, *wh, {});
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().message(),
            "train.max_month: got 2022-09, expected at most 2022-06: the label of a month needs "
            "the 6 months after it, and the data ends at the as-of month 2022-12");
}

TEST(TrainModel, RefusesLastNMonthsOnATableWithoutMonth) {
  TempDir dir;
  auto wh = OpenWarehouse(dir);
  ASSERT_TRUE(WriteSyntheticDataset(*wh, {.customers = 20, .with_month = false}).ok());
  auto summary = TrainModel(SyntheticConfig(dir.File("artifacts")), *wh, {});
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().message(),
            "train.split.mode: got last_n_months, but MODEL_DATA has no MONTH column; use "
            "randomized");
}

TEST(TrainModel, NamesAMissingDataset) {
  TempDir dir;
  auto wh = OpenWarehouse(dir);
  config::Config cfg = SyntheticConfig(dir.File("artifacts"));
  cfg.train.dataset = "PA_MODELING_DATASET";
  auto summary = TrainModel(cfg, *wh, {});
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().message(),
            "train.dataset: table PA_MODELING_DATASET does not exist in sqlite:" +
                dir.File("w.db") + " (run `attrition features` first)");
}

TEST(TrainModel, NamesAMissingTargetColumn) {
  TempDir dir;
  auto wh = OpenWarehouse(dir);
  ASSERT_TRUE(WriteSyntheticDataset(*wh, {.customers = 20}).ok());
  config::Config cfg = SyntheticConfig(dir.File("artifacts"));
  cfg.train.target = "CHURNED";
  auto summary = TrainModel(cfg, *wh, {});
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().message(), "train.target: CHURNED is not a column of MODEL_DATA");
}

}  // namespace
}  // namespace attrition::train
