// `attrition generate` as a user runs it: the real binary, a real SQLite file.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "sources/generated_tables.h"
#include "support/temp_dir.h"

namespace attrition::sources {
namespace {

struct RunResult {
  int exit_code;
  std::string output;  // stdout and stderr
};

RunResult RunAttrition(const attrition::testing::TempDir& dir, const std::string& args) {
  const char* binary = std::getenv("ATTRITION_BINARY");
  EXPECT_NE(binary, nullptr) << "ATTRITION_BINARY is not set";
  const std::string out = dir.File("out.txt");
  const std::string command = "cd '" + dir.path().string() + "' && '" + std::string(binary) + "' " +
                              args + " > '" + out + "' 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream file(out);
  std::stringstream text;
  text << file.rdbuf();
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text.str()};
}

TEST(GenerateCommand, WritesTheSevenViewsIntoTheWarehouse) {
  attrition::testing::TempDir dir;
  const RunResult run =
      RunAttrition(dir, "--warehouse sqlite:gen.db generate --customers 300 --seed 3 --dirty 0.02");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("PA_SALES_HISTORY_VW="), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("realised monthly hazard"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("faults in PA_SALES_HISTORY_VW"), std::string::npos) << run.output;
  auto w = testing::OpenSqlite(dir.File("gen.db"));
  for (const std::string& view : SourceViewNames()) {
    auto exists = w->TableExists(view);
    ASSERT_TRUE(exists.ok());
    EXPECT_TRUE(*exists) << view;
  }
  EXPECT_EQ(testing::ReadTable(*w, "PA_PATIENT_DETAILS_VW").rows.size(), 294u);  // 300 - 6
}

TEST(GenerateCommand, RejectsADirtyRateOfOneHalfOrMoreWithAnExactMessage) {
  attrition::testing::TempDir dir;
  const RunResult run = RunAttrition(dir, "--warehouse sqlite:gen.db generate --dirty 0.7");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.output, "attrition: error: --dirty: got 0.7, expected a rate in [0, 0.5)\n");
}

TEST(GenerateCommand, RejectsAMalformedMonthWithAnExactMessage) {
  attrition::testing::TempDir dir;
  const RunResult run = RunAttrition(dir, "--warehouse sqlite:gen.db generate --start 2021-13");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.output, "attrition: error: --start: got '2021-13', expected a month YYYY-MM\n");
}

TEST(GenerateCommand, RejectsAnEndBeforeTheStart) {
  attrition::testing::TempDir dir;
  const RunResult run =
      RunAttrition(dir, "--warehouse sqlite:gen.db generate --start 2022-01 --end 2021-12");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.output,
            "attrition: error: --end: got 2021-12, expected a month from --start (2022-01) to "
            "2999-12\n");
}

TEST(GenerateCommand, HelpNamesEveryViewAndGivesAnExample) {
  attrition::testing::TempDir dir;
  const RunResult run = RunAttrition(dir, "generate --help");
  EXPECT_EQ(run.exit_code, 0);
  for (const std::string& view : SourceViewNames()) {
    EXPECT_NE(run.output.find(view), std::string::npos) << view;
  }
  EXPECT_NE(run.output.find("Example:"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("--id-style"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace attrition::sources
