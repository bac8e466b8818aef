// How a command that cannot go on ends (src/cli/main.cpp): one closing error line, in the
// log's format; a --warehouse held to the config's rules for secrets; and no empty
// warehouse file left behind by a command that needed data.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/run_binary.h"
#include "support/temp_dir.h"

namespace attrition {
namespace {

using testing::AttritionBinary;
using testing::RunBinary;
using testing::RunResult;

class FailureOutput : public ::testing::Test {
 protected:
  void SetUp() override {
    if (AttritionBinary().empty()) GTEST_SKIP() << "ATTRITION_BINARY is not set (run via ctest)";
  }
  RunResult Run(const std::vector<std::string>& args) {
    return RunBinary(AttritionBinary(), args, dir_.path());
  }
  bool Exists(const std::string& name) const { return std::filesystem::exists(dir_.path() / name); }
  testing::TempDir dir_;
};

TEST_F(FailureOutput, ACommandThatNeedsDataNamesTheMissingFileAndCreatesNone) {
  for (const char* command : {"features", "train", "score", "explain"}) {
    const RunResult r = Run({command});
    EXPECT_EQ(r.exit_code, 2) << command << ": " << r.err;
    EXPECT_NE(r.err.find("sqlite:attrition.db does not exist. `attrition generate` writes "
                         "synthetic source views into it"),
              std::string::npos)
        << command << ": " << r.err;
    EXPECT_FALSE(Exists("attrition.db")) << command << " left an empty warehouse behind";
  }
}

TEST_F(FailureOutput, WithJsonLogsTheClosingErrorIsAJsonLineToo) {
  const RunResult r = Run({"--log-format", "json", "features"});
  EXPECT_EQ(r.exit_code, 2);
  std::istringstream lines(r.err);
  std::string line, last;
  while (std::getline(lines, line)) {
    EXPECT_TRUE(nlohmann::json::accept(line)) << "not a JSON line: " << line;
    last = line;
  }
  ASSERT_TRUE(nlohmann::json::accept(last)) << r.err;
  const nlohmann::json closing = nlohmann::json::parse(last);
  EXPECT_EQ(closing.at("level"), "error");
  EXPECT_TRUE(closing.at("msg").get<std::string>().starts_with(
      "attrition: error: sqlite:attrition.db does not exist"))
      << last;
}

TEST_F(FailureOutput, ALiteralPasswordInWarehouseIsRefusedWithoutBeingShown) {
  const RunResult r = Run({"--warehouse", "postgresql://ana:hunter2@127.0.0.1:1/db", "features"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("attrition: error: --warehouse: contains a literal password"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("hunter2"), std::string::npos) << r.err;
}

TEST_F(FailureOutput, WarehouseReferencesAreSubstitutedLikeTheConfigs) {
  ::setenv("ATTRITION_TEST_WAREHOUSE_FILE", "from_env.db", 1);
  const RunResult made = Run({"--warehouse", "sqlite:${env:ATTRITION_TEST_WAREHOUSE_FILE}",
                              "generate", "--customers", "20"});
  EXPECT_EQ(made.exit_code, 0) << made.err;
  EXPECT_TRUE(Exists("from_env.db")) << made.err;

  ::unsetenv("ATTRITION_TEST_WAREHOUSE_FILE");
  const RunResult unset =
      Run({"--warehouse", "sqlite:${env:ATTRITION_TEST_WAREHOUSE_FILE}", "features"});
  EXPECT_EQ(unset.exit_code, 2);
  EXPECT_EQ(unset.err,
            "attrition: error: --warehouse: environment variable ATTRITION_TEST_WAREHOUSE_FILE "
            "(from ${env:ATTRITION_TEST_WAREHOUSE_FILE}) is not set\n");
}

}  // namespace
}  // namespace attrition
