// The command line's own mistakes (src/cli/main.cpp, src/cli/flag_checks.h): one
// "attrition: error:" line naming the flag, the value and what was expected, exit 2, and
// nothing done.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "support/run_binary.h"
#include "support/temp_dir.h"

namespace attrition {
namespace {

using testing::AttritionBinary;
using testing::RunBinary;
using testing::RunResult;

class CommandLine : public ::testing::Test {
 protected:
  void SetUp() override {
    if (AttritionBinary().empty()) GTEST_SKIP() << "ATTRITION_BINARY is not set (run via ctest)";
  }
  RunResult Run(const std::vector<std::string>& args) {
    return RunBinary(AttritionBinary(), args, dir_.path());
  }
  // The run refused the command line: exit 2, the expected line, no warehouse created.
  void ExpectRefused(const std::vector<std::string>& args, const std::string& line) {
    const RunResult r = Run(args);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("attrition: error: " + line), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir_.path() / "attrition.db"));
  }
  testing::TempDir dir_;
};

TEST_F(CommandLine, ANegativeSeedIsRefusedNotWrappedRound) {
  ExpectRefused({"generate", "--customers", "10", "--seed", "-1"},
                "--seed: got '-1', expected an integer >= 0");
  ExpectRefused({"train", "--seed", "-1"}, "--seed: got '-1', expected an integer >= 0");
  ExpectRefused({"demo", "--seed", "x"}, "--seed: got 'x', expected an integer >= 0");
}

TEST_F(CommandLine, ZeroTrialsIsRefusedRatherThanIgnored) {
  ExpectRefused({"train", "--trials", "0"}, "--trials: got '0', expected an integer from 1 to");
}

TEST_F(CommandLine, RangeErrorsSayWhatWasExpected) {
  ExpectRefused({"explain", "--shap-rows", "0"}, "--shap-rows: got '0', expected an integer >= 1");
  ExpectRefused({"load", "--table", "T", "--csv", "x.csv", "--show-bad-lines", "-1"},
                "--show-bad-lines: got '-1', expected an integer >= 0");
  // The demo trains, so it needs more customers than `generate`; at most as many.
  ExpectRefused({"demo", "--customers", "99"},
                "--customers: got '99', expected an integer from 100 to 20000000");
  ExpectRefused({"demo", "--customers", "20000001"},
                "--customers: got '20000001', expected an integer from 100 to 20000000");
}

// A typo in a flag is not a failed pipeline: it must not reach the notification sinks.
TEST_F(CommandLine, ScoreFlagMistakesAreRefusedBeforeAnyNotification) {
  const RunResult r = Run({"score", "--threads", "-1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("attrition: error: --threads: got '-1', expected an integer >= 0"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("notification"), std::string::npos) << r.err;
  ExpectRefused({"score", "--batch-rows", "0"}, "--batch-rows: got '0', expected an integer >= 1");
}

TEST_F(CommandLine, AnUnknownCommandIsNamedWithTheCommandsThereAre) {
  ExpectRefused({"frobnicate"}, "unknown command 'frobnicate'; the commands are demo, generate");
  ExpectRefused({"--config", "c.yaml"}, "no command given; the commands are demo");
}

TEST_F(CommandLine, VersionAndHelpExitZero) {
  const RunResult version = Run({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.out.find('.'), std::string::npos) << version.out;
  const RunResult help = Run({"train", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--trials"), std::string::npos);
}

}  // namespace
}  // namespace attrition
