// `attrition load` end to end through the built binary.
#include <gtest/gtest.h>

#include <fstream>

#include "support/run_binary.h"
#include "support/temp_dir.h"

namespace attrition {
namespace {

using testing::AttritionBinary;
using testing::RunBinary;

TEST(LoadCommand, LoadsTheTelcoFileAndPrintsTheInferredTypes) {
  testing::TempDir dir;
  const std::string csv = ATTRITION_TELCO_CSV;
  const auto run = RunBinary(
      AttritionBinary(),
      {"--warehouse", "sqlite:w.db", "load", "--table", "TELCO_CHURN", "--csv", csv}, dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("Loaded 7,043 rows into TELCO_CHURN (sqlite:w.db)"), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("No bad lines."), std::string::npos);
  EXPECT_NE(run.out.find("TotalCharges      REAL            11"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("SeniorCitizen     INTEGER          0"), std::string::npos) << run.out;
}

TEST(LoadCommand, ReportsBadLinesWithTheirNumbersAndStillSucceeds) {
  testing::TempDir dir;
  std::ofstream(dir.File("in.csv")) << "a,b\n1,2\n3\n4,5\n";
  const auto run = RunBinary(
      AttritionBinary(), {"--warehouse", "sqlite:w.db", "load", "--table", "T", "--csv", "in.csv"},
      dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("Loaded 2 rows into T"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("Skipped 1 bad line:\n  line 3: expected 2 fields, got 1\n"),
            std::string::npos)
      << run.out;
}

TEST(LoadCommand, AMissingFileExitsWithOneClearMessage) {
  testing::TempDir dir;
  const auto run = RunBinary(
      AttritionBinary(),
      {"--warehouse", "sqlite:w.db", "load", "--table", "T", "--csv", "nope.csv"}, dir.path());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "attrition: error: cannot open nope.csv: No such file or directory\n");
}

TEST(LoadCommand, HelpTeachesTheTypeAndBadLineRules) {
  testing::TempDir dir;
  const auto run = RunBinary(AttritionBinary(), {"load", "--help"}, dir.path());
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.out.find("Empty or whitespace-only cells are NULL"), std::string::npos);
  EXPECT_NE(run.out.find("Bad lines do not stop the load"), std::string::npos);
}

}  // namespace
}  // namespace attrition
