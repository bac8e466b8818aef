// The scheduler loop with real child processes (/bin/sh) on a sped-up clock: one
// simulated minute per real second or faster.
#include "schedule/scheduler.h"

#include <gtest/gtest.h>

#include <fstream>
#include <mutex>
#include <sstream>

#include "support/temp_dir.h"

namespace attrition::schedule {
namespace {

Job ShellJob(const std::string& name, const std::string& cron, const std::string& script) {
  auto parsed = config::ParseCron(cron);
  EXPECT_TRUE(parsed.ok());
  return Job{.name = name, .expression = cron, .schedule = *parsed,
             .argv = {"/bin/sh", "-c", script}};
}

Clock::time_point Utc(int hour, int minute, int second) {
  std::tm tm{};
  tm.tm_year = 126;
  tm.tm_mon = 10;
  tm.tm_mday = 27;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return Clock::from_time_t(::timegm(&tm));
}

int CountLines(const std::filesystem::path& file) {
  std::ifstream in(file);
  int lines = 0;
  for (std::string line; std::getline(in, line);) ++lines;
  return lines;
}

TEST(Scheduler, FiresAJobAtItsMinuteAndReportsSuccess) {
  ASSERT_TRUE(UseTimeZone("UTC").ok());
  attrition::testing::TempDir dir;
  const auto marker = dir.path() / "ran";
  std::vector<JobOutcome> outcomes;
  Scheduler scheduler({ShellJob("score", "0 13 * * *", "echo ran >> " + marker.string())},
                      {.start = Utc(12, 59, 58), .time_scale = 1, .max_runs = 1},
                      [&](const JobOutcome& o) { outcomes.push_back(o); });
  std::atomic<bool> stop{false};
  ASSERT_TRUE(scheduler.Run(stop).ok());
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_TRUE(outcomes[0].succeeded) << outcomes[0].description;
  EXPECT_EQ(outcomes[0].tick, Utc(13, 0, 0));
  EXPECT_EQ(CountLines(marker), 1);
}

TEST(Scheduler, AFailedRunIsReportedAndTheJobWaitsForItsNextTick) {
  ASSERT_TRUE(UseTimeZone("UTC").ok());
  std::vector<JobOutcome> outcomes;
  // Every minute, one simulated minute per 0.25 s: two failing runs in about half a second.
  Scheduler scheduler({ShellJob("score", "* * * * *", "exit 3")},
                      {.start = Utc(9, 0, 50), .time_scale = 240, .max_runs = 2},
                      [&](const JobOutcome& o) { outcomes.push_back(o); });
  std::atomic<bool> stop{false};
  ASSERT_TRUE(scheduler.Run(stop).ok());
  ASSERT_EQ(outcomes.size(), 2u);
  for (const JobOutcome& o : outcomes) {
    EXPECT_FALSE(o.succeeded);
    EXPECT_EQ(o.exit_code, 3);
    EXPECT_EQ(o.description, "exited with status 3");
  }
  EXPECT_LT(outcomes[0].tick, outcomes[1].tick);
}

TEST(Scheduler, NeverOverlapsAJobWithItself) {
  ASSERT_TRUE(UseTimeZone("UTC").ok());
  attrition::testing::TempDir dir;
  const auto log = dir.path() / "log";
  // A run takes 1.5 s of real time; ticks come every 0.25 s. Each run appends "start" and
  // "end"; an overlap would show two starts in a row.
  const std::string script = "echo start >> " + log.string() + "; sleep 1.5; echo end >> " +
                             log.string();
  std::vector<JobOutcome> outcomes;
  int skipped = 0;
  Scheduler scheduler({ShellJob("score", "* * * * *", script)},
                      {.start = Utc(9, 0, 50), .time_scale = 240, .max_runs = 2},
                      [&](const JobOutcome& o) { outcomes.push_back(o); },
                      [&](const std::string&, Clock::time_point) { ++skipped; });
  std::atomic<bool> stop{false};
  ASSERT_TRUE(scheduler.Run(stop).ok());
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_GE(skipped, 2) << "ticks during a run must be skipped, not queued";
  std::ifstream in(log);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  EXPECT_EQ(lines, (std::vector<std::string>{"start", "end", "start", "end"}));
}

TEST(Scheduler, AProgramThatCannotStartIsAFailedRunNotACrash) {
  ASSERT_TRUE(UseTimeZone("UTC").ok());
  auto parsed = config::ParseCron("* * * * *");
  std::vector<JobOutcome> outcomes;
  Scheduler scheduler({Job{.name = "score", .expression = "* * * * *", .schedule = *parsed,
                           .argv = {"/nonexistent/attrition", "score"}}},
                      {.start = Utc(9, 0, 55), .time_scale = 60, .max_runs = 1},
                      [&](const JobOutcome& o) { outcomes.push_back(o); });
  std::atomic<bool> stop{false};
  ASSERT_TRUE(scheduler.Run(stop).ok());
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_FALSE(outcomes[0].succeeded);
  // posix_spawn reports a failed exec either as an error or as exit status 127.
  EXPECT_TRUE(outcomes[0].description.find("/nonexistent/attrition") != std::string::npos ||
              outcomes[0].exit_code == 127)
      << outcomes[0].description;
}

TEST(Scheduler, StopEndsTheLoopAndTerminatesTheRunningJob) {
  ASSERT_TRUE(UseTimeZone("UTC").ok());
  std::vector<JobOutcome> outcomes;
  Scheduler scheduler({ShellJob("score", "* * * * *", "exec sleep 60")},
                      {.start = Utc(9, 0, 59), .time_scale = 1},
                      [&](const JobOutcome& o) { outcomes.push_back(o); });
  std::atomic<bool> stop{false};
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::seconds(3));
    stop.store(true);
  });
  const auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(scheduler.Run(stop).ok());
  stopper.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(30));
}

}  // namespace
}  // namespace attrition::schedule
