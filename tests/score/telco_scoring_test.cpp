// The Telco example end to end through the real binary: load, train, promote and score a
// snapshot table through configuration alone (skipped when the CSV is absent).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "score/score_fixture.h"
#include "support/run_binary.h"
#include "support/temp_dir.h"

namespace attrition::score {
namespace {

using attrition::testing::AttritionBinary;
using attrition::testing::RunBinary;
using attrition::testing::RunResult;
using testing::CountRows;

TEST(TelcoScoring, ScoresTheCustomersWhoseChurnIsNotYesThroughConfigurationAlone) {
  const std::filesystem::path source(std::getenv("ATTRITION_SOURCE_DIR"));
  const std::filesystem::path csv = source / "../shared/data/telco_customer_churn.csv";
  if (!std::filesystem::exists(csv)) GTEST_SKIP() << "no " << csv;
  attrition::testing::TempDir dir;
  const std::string config = (source / "examples/telco/config.yaml").string();
  const auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--config", config});
    return RunBinary(AttritionBinary(), args, dir.path());
  };
  RunResult load = run({"load", "--table", "TELCO", "--csv", csv.string()});
  ASSERT_EQ(load.exit_code, 0) << load.out << load.err;
  RunResult train = run({"train", "--trials", "2"});
  ASSERT_EQ(train.exit_code, 0) << train.out << train.err;
  RunResult promote = run({"models", "promote", "v1"});
  ASSERT_EQ(promote.exit_code, 0) << promote.out << promote.err;

  RunResult score = run({"score", "--threads", "2"});
  ASSERT_EQ(score.exit_code, 0) << score.out << score.err;
  EXPECT_NE(score.out.find("attrition score: snapshot table without MONTH: scoring the 5174 "
                           "rows whose Churn is not Yes\n"),
            std::string::npos)
      << score.out;
  EXPECT_NE(score.out.find("  forecast "), std::string::npos) << score.out;
  EXPECT_NE(score.err.find("monitoring: backtests skipped: TELCO is a snapshot table without "
                           "MONTH"),
            std::string::npos)
      << score.err;
  auto w = warehouse::Warehouse::Open("sqlite:" + (dir.path() / "telco.db").string());
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ(CountRows(**w, "SELECT COUNT(*) FROM PA_INFERENCE_RESULTS"), 5174);
  EXPECT_EQ(CountRows(**w,
                      "SELECT COUNT(*) FROM PA_INFERENCE_RESULTS r JOIN TELCO t ON "
                      "t.customerID = r.customerID WHERE t.Churn = 'Yes'"),
            0);
}

}  // namespace
}  // namespace attrition::score
