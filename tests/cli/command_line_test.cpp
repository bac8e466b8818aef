// The command line's own mistakes (src/cli/main.cpp, src/cli/flag_checks.h): one
// "attrition: error:" line naming the flag, the value and what was expected, exit 2, and
// nothing done.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
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

// The subcommand names a help screen lists under "Subcommands:": lines "  name  summary",
// where a summary may go on over lines indented further; the list ends at a line that is
// not indented.
std::vector<std::string> SubcommandsOf(const std::string& help) {
  std::vector<std::string> names;
  std::istringstream lines(help);
  std::string line;
  bool in_list = false;
  while (std::getline(lines, line)) {
    if (line == "Subcommands:") {
      in_list = true;
    } else if (!in_list || line.rfind("  ", 0) != 0) {
      in_list = false;
    } else if (line.size() > 2 && line[2] != ' ') {
      names.push_back(line.substr(2, line.find(' ', 2) - 2));
    }
  }
  return names;
}

std::string Joined(const std::vector<std::string>& words) {
  std::string text = "attrition";
  for (const std::string& word : words) text += " " + word;
  return text;
}

// CLI11's type strings ("INT:INT in [1 - 64]") are for programmers, not users: every
// option carries an option_text ("N (1-64)") on every help screen of every command.
TEST_F(CommandLine, NoHelpScreenShowsCli11TypeStrings) {
  std::vector<std::vector<std::string>> commands = {{}};
  for (size_t i = 0; i < commands.size(); ++i) {
    std::vector<std::string> args = commands[i];
    args.push_back("--help");
    const RunResult r = Run(args);
    ASSERT_EQ(r.exit_code, 0) << Joined(args) << "\n" << r.err;
    // " in [" with its space: the usage line's "attrition train [OPTIONS]" is fine.
    for (const char* leak : {"INT:", "UINT:", "FLOAT:", "TEXT:", " in ["}) {
      EXPECT_EQ(r.out.find(leak), std::string::npos)
          << Joined(args) << " shows '" << leak << "':\n" << r.out;
    }
    for (const std::string& name : SubcommandsOf(r.out)) {
      std::vector<std::string> sub = commands[i];
      sub.push_back(name);
      commands.push_back(sub);
    }
  }
  // The root, its 11 commands and the 5 verbs of `models`: a parse that found none of
  // them would pass vacuously.
  EXPECT_GE(commands.size(), 17u);
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
