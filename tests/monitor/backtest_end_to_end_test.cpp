// The forecast interval against what happened, through the real binary: score every six
// months of generated data with a model retrained on the latest mature year, rebuild the
// features as time passes, and count the backtest months whose realised attritions fall
// inside the 90% interval.
#include <gtest/gtest.h>

#include <iostream>
#include <regex>
#include <string>

#include "monitor/end_to_end_fixture.h"

namespace attrition {
namespace {

// The default config with a randomized split: the model is fitted on every month of its
// window (last_n_months would hold out the last months and a 6-month gap, fitting on data
// 15 months older than the scored months).
std::string RandomizedSplitTrainSection(const std::filesystem::path& dir) {
  testing::RunResult defaults =
      testing::RunBinary(testing::AttritionBinary(), {"check-config", "--print-defaults"}, dir);
  const std::string& yaml = defaults.out;
  const size_t train = yaml.find("train:\n");
  const size_t end = yaml.find("\ninference:");
  std::string section = yaml.substr(train, end + 1 - train);
  section = std::regex_replace(section, std::regex("mode: 'last_n_months'[^\n]*\n\\s*months: 3"),
                               "mode: 'randomized'\n    perc_test: 0.2");
  return section;
}

TEST_F(MonitoringEndToEnd,
       RealisedAttritionsFallInsideTheNinetyPercentIntervalInMostBacktestMonths) {
  const std::string train_section = RandomizedSplitTrainSection(dir_.path());
  ASSERT_NE(train_section.find("mode: 'randomized'"), std::string::npos) << train_section;
  WriteConfig(train_section);
  Run({"generate", "--customers", "3000", "--seed", "9", "--threads", "2"});
  // Every six months: rebuild the features as of then, retrain on the latest year whose
  // labels are mature, score the six months whose labels are not. The last rebuild makes
  // the labels of 2023-01..2024-06 mature, and its score run backtests them.
  struct Step {
    const char* as_of;
    const char* start;
    const char* max;
  };
  for (const Step& step :
       {Step{"2023-06", "2022-01", "2022-12"}, Step{"2023-12", "2022-07", "2023-06"},
        Step{"2024-06", "2023-01", "2023-12"}, Step{"2024-12", "", ""}}) {
    Run({"features", "--threads", "2", "--as-of", step.as_of});
    if (*step.start != '\0') {
      TrainAndPromote({"--start-month", step.start, "--max-month", step.max}, /*trials=*/2);
    }
    Run({"score", "--threads", "2"});
  }
  const int64_t months = Count("SELECT COUNT(*) FROM PA_MODEL_MONITORING");
  const int64_t inside = Count("SELECT SUM(INSIDE_90) FROM PA_MODEL_MONITORING");
  std::cout << "forecast backtest: realised attritions inside the 90% interval in " << inside
            << " of " << months << " months\n";
  RecordProperty("inside_90", std::to_string(inside) + " of " + std::to_string(months));
  EXPECT_EQ(months, 18);
  EXPECT_GT(inside * 2, months);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM PA_MODEL_MONITORING WHERE AUC > 0.6"), months);
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "artifacts" / "reports" / "monitoring.html"));
}

}  // namespace
}  // namespace attrition
