// `attrition run` end to end: the real binary, a real config, real child runs.
#include <gtest/gtest.h>

#include <fstream>

#include "support/run_binary.h"
#include "support/temp_dir.h"

namespace attrition {
namespace {

using attrition::testing::AttritionBinary;
using attrition::testing::RunBinary;

void WriteConfig(const std::filesystem::path& file, const std::string& schedule) {
  std::ofstream out(file);
  out << "warehouse:\n  url: 'sqlite:empty.db'\nschedule:\n" << schedule;
}

TEST(RunCommand, DryRunListsTheNextTimesInTheConfiguredZone) {
  attrition::testing::TempDir dir;
  WriteConfig(dir.path() / "config.yaml",
              "  timezone: 'GMT'\n  score: '0 13 * * *'\n  train: '0 6 * * MON'\n");
  const auto result = RunBinary(AttritionBinary(),
                                {"--config", "config.yaml", "run", "--dry-run", "--clock-start",
                                 "2026-11-27T12:00:00Z"},
                                dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("score  '0 13 * * *'\n  2026-11-27 13:00 GMT\n  2026-11-28 13:00 GMT"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("train  '0 6 * * MON'\n  2026-11-30 06:00 GMT"), std::string::npos)
      << result.out;
}

TEST(RunCommand, ABadZoneOrCronIsOneClearError) {
  attrition::testing::TempDir dir;
  WriteConfig(dir.path() / "config.yaml", "  timezone: 'Mars/Base'\n");
  auto result = RunBinary(AttritionBinary(), {"--config", "config.yaml", "run", "--dry-run"}, dir.path());
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("Mars/Base"), std::string::npos) << result.err;
}

TEST(RunCommand, AFailedScheduledScoreIsLoggedAndTheDaemonCarriesOn) {
  attrition::testing::TempDir dir;
  // No model is registered, so each scheduled `attrition score` fails; the daemon must log
  // both failures and exit cleanly after --max-runs.
  WriteConfig(dir.path() / "config.yaml", "  timezone: 'UTC'\n  score: '* * * * *'\n");
  const auto result = RunBinary(AttritionBinary(),
                                {"--config", "config.yaml", "run", "--clock-start",
                                 "2026-11-27T12:59:50Z", "--clock-speed", "30", "--max-runs", "2"},
                                dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  size_t failures = 0;
  for (size_t at = result.err.find("failed: exited with status"); at != std::string::npos;
       at = result.err.find("failed: exited with status", at + 1)) {
    ++failures;
  }
  EXPECT_EQ(failures, 2u) << result.err;
  EXPECT_NE(result.err.find("run: starting score for the 2026-11-27 13:00 UTC tick"),
            std::string::npos)
      << result.err;
}

}  // namespace
}  // namespace attrition
