// `attrition train` through the real binary: configuration alone trains another
// company's churn table, and errors reach the user as one clear line.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "support/temp_dir.h"
#include "synthetic_dataset.h"

namespace attrition::train {
namespace {

using testing::TempDir;

struct CommandRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

// Runs `attrition ARGS` in `dir`.
CommandRun Attrition(const std::filesystem::path& dir, const std::string& args) {
  const std::string command = "cd '" + dir.string() + "' && '" +
                              std::string(std::getenv("ATTRITION_BINARY")) + "' " + args +
                              " 2>&1";
  CommandRun run;
  FILE* pipe = popen(command.c_str(), "r");
  std::array<char, 4096> buffer;
  while (size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) run.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

double TestAuc(const std::string& output) {
  std::smatch m;
  if (!std::regex_search(output, m, std::regex("test AUC ([0-9.]+)"))) return -1;
  return std::stod(m[1]);
}

TEST(TrainCommand, TrainsTheTelcoChurnTableThroughConfigurationAlone) {
  const std::filesystem::path source(std::getenv("ATTRITION_SOURCE_DIR"));
  const std::filesystem::path csv = source / "../shared/data/telco_customer_churn.csv";
  if (!std::filesystem::exists(csv)) GTEST_SKIP() << "no " << csv;
  TempDir dir;
  const std::string config = "--config '" + (source / "examples/telco/config.yaml").string() + "'";
  CommandRun load = Attrition(dir.path(), config + " load --table TELCO --csv '" + csv.string() + "'");
  ASSERT_EQ(load.exit_code, 0) << load.output;
  CommandRun train = Attrition(dir.path(), config + " train --trials 6");
  ASSERT_EQ(train.exit_code, 0) << train.output;
  // Published logistic-regression baselines are about 0.84.
  EXPECT_GT(TestAuc(train.output), 0.82) << train.output;
  EXPECT_NE(train.output.find("top drivers (mean |SHAP|): "), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "telco_artifacts/models"));
}

// The synthetic table of synthetic_dataset.h, as a config file would describe it.
constexpr char kSyntheticConfig[] = R"(train:
  dataset: 'MODEL_DATA'
  target: 'LABEL'
  sampling: 'none'
  split: {mode: 'last_n_months', months: 3}
  start_month: '2021-01'
  max_month: '2022-06'
  dummy_cols: ['PAYOR']
  features: ['CUSTOMER_ID', 'MONTH', 'X1', 'X2', 'NOISE', 'PAYOR_Commercial', 'PAYOR_Medicare']
  drop: ['CUSTOMER_ID', 'MONTH']
  hyperparameters:
    optimize: 'f1'
    num_tuning_rounds: 2
    eta: {min: -1}
    max_depth: {min: 2, max: 4}
    subsample: {min: 0.5, max: 1.0}
    gamma: {min: 0, max: 5}
    min_child_weight: {min: 0, max: 5}
    reg_alpha: {min: 0, max: 5}
warehouse:
  url: 'sqlite:w.db'
)";

class TrainCommandOnSyntheticData : public ::testing::Test {
 protected:
  void SetUp() override {
    auto wh = warehouse::Warehouse::Open("sqlite:" + dir_.File("w.db"));
    ASSERT_TRUE(wh.ok());
    ASSERT_TRUE(testing::WriteSyntheticDataset(**wh, {.customers = 300}).ok());
    std::ofstream(dir_.File("config.yaml")) << kSyntheticConfig;
  }
  TempDir dir_;
};

TEST_F(TrainCommandOnSyntheticData, RegistersAVersionAndPrintsWhereTheReportIs) {
  CommandRun run = Attrition(dir_.path(), "train");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("attrition train: version v0001-"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("report: artifacts/models/v0001-"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("train: trial 2/2"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find(" test rows, 2 trials, "), std::string::npos) << run.output;
  EXPECT_GT(TestAuc(run.output), 0.75);
  // Only drivers the model uses, and the commands to run next, verbatim.
  EXPECT_EQ(run.output.find("(0.000)"), std::string::npos) << run.output;
  std::smatch id;
  ASSERT_TRUE(std::regex_search(run.output, id, std::regex("version (v0001-[0-9TZ]+)")));
  EXPECT_NE(run.output.find("next:\n  attrition models show " + id[1].str() + " "),
            std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("\n  attrition models promote " + id[1].str() + " "),
            std::string::npos)
      << run.output;
  CommandRun promote = Attrition(dir_.path(), "models promote " + id[1].str());
  EXPECT_EQ(promote.exit_code, 0) << promote.output;
}

TEST_F(TrainCommandOnSyntheticData, ModelsShowPrintsTheTestWindowAndTheRunId) {
  CommandRun train = Attrition(dir_.path(), "train --trials 1");
  ASSERT_EQ(train.exit_code, 0) << train.output;
  EXPECT_NE(train.output.find(" test rows, 1 trial, "), std::string::npos) << train.output;
  std::smatch id;
  ASSERT_TRUE(std::regex_search(train.output, id, std::regex("version (v0001-[0-9TZ]+)")))
      << train.output;
  CommandRun show = Attrition(dir_.path(), "models show " + id[1].str());
  ASSERT_EQ(show.exit_code, 0) << show.output;
  EXPECT_TRUE(std::regex_search(show.output, std::regex("training window +2021-01\\.\\.2022-06\n")))
      << show.output;
  EXPECT_TRUE(std::regex_search(show.output, std::regex("test window +2022-04\\.\\.2022-06\n")))
      << show.output;
  EXPECT_TRUE(std::regex_search(show.output,
                                std::regex("run id +[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}\n")))
      << show.output;
}

TEST_F(TrainCommandOnSyntheticData, RefusesAMaxMonthWhoseLabelsAreNotMature) {
  CommandRun run = Attrition(dir_.path(), "train --max-month 2022-08");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("attrition: error: train.max_month: got 2022-08, expected at most "
                            "2022-06"),
            std::string::npos)
      << run.output;
}

TEST_F(TrainCommandOnSyntheticData, ATestSetWithOneOutcomeIsRefusedSayingWhy) {
  {
    auto wh = warehouse::Warehouse::Open("sqlite:" + dir_.File("w.db"));
    ASSERT_TRUE(wh.ok());
    auto update = (*wh)->Query("UPDATE MODEL_DATA SET LABEL = 0 WHERE MONTH >= '2022-04'");
    ASSERT_TRUE(update.ok()) << update.status().ToString();
    ASSERT_TRUE((*update)->Next().ok());
  }
  CommandRun run = Attrition(dir_.path(), "train --trials 1");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(std::regex_search(
      run.output, std::regex("attrition: error: the test set's [0-9]+ rows have only one "
                             "outcome \\(0 of them positive\\), so its AUC")))
      << run.output;
}

TEST_F(TrainCommandOnSyntheticData, RefusesABadMonthFlag) {
  CommandRun run = Attrition(dir_.path(), "train --start-month 2021-13");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("attrition: error: --start-month: got '2021-13', expected a month "
                            "YYYY-MM"),
            std::string::npos)
      << run.output;
}

TEST_F(TrainCommandOnSyntheticData, NeedsAnOutputDirectoryWhenNotRegistering) {
  CommandRun run = Attrition(dir_.path(), "train --no-register");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("attrition: error: --no-register needs --out DIR"), std::string::npos)
      << run.output;
}

}  // namespace
}  // namespace attrition::train
