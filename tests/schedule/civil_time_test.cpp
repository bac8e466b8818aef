// NextFireTime in real time zones (the system tz database), including daylight saving.
#include "schedule/civil_time.h"

#include <gtest/gtest.h>

#include <ctime>

namespace attrition::schedule {
namespace {

Clock::time_point Utc(int year, int month, int day, int hour, int minute) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  return Clock::from_time_t(::timegm(&tm));
}

config::CronSchedule Cron(const char* text) {
  auto parsed = config::ParseCron(text);
  EXPECT_TRUE(parsed.ok()) << parsed.status().message();
  return *parsed;
}

TEST(NextFireTime, DailyAtThirteenGmtIsTheSeedsScoringTime) {
  ASSERT_TRUE(UseTimeZone("GMT").ok());
  const auto daily = Cron("0 13 * * *");
  EXPECT_EQ(*NextFireTime(daily, Utc(2026, 11, 27, 12, 59)), Utc(2026, 11, 27, 13, 0));
  // Strictly after: at 13:00 itself the next one is tomorrow.
  EXPECT_EQ(*NextFireTime(daily, Utc(2026, 11, 27, 13, 0)), Utc(2026, 11, 28, 13, 0));
  EXPECT_EQ(*NextFireTime(daily, Utc(2026, 12, 31, 14, 0)), Utc(2027, 1, 1, 13, 0));
}

TEST(NextFireTime, FollowsTheZonesSummerTime) {
  ASSERT_TRUE(UseTimeZone("Europe/London").ok());
  const auto daily = Cron("0 13 * * *");
  // 13:00 in London is 13:00 UTC in winter and 12:00 UTC in summer.
  EXPECT_EQ(*NextFireTime(daily, Utc(2026, 1, 10, 0, 0)), Utc(2026, 1, 10, 13, 0));
  EXPECT_EQ(*NextFireTime(daily, Utc(2026, 7, 10, 0, 0)), Utc(2026, 7, 10, 12, 0));
  ASSERT_TRUE(UseTimeZone("UTC").ok());
}

TEST(NextFireTime, ASkippedCivilMinuteNeverFiresAndARepeatedOneFiresOnce) {
  ASSERT_TRUE(UseTimeZone("Europe/London").ok());
  // 2026-03-29: 01:00 GMT jumps to 02:00 BST, so 01:30 does not exist that day.
  const auto half_past_one = Cron("30 1 * * *");
  EXPECT_EQ(*NextFireTime(half_past_one, Utc(2026, 3, 28, 12, 0)), Utc(2026, 3, 30, 0, 30));
  // 2026-10-25: 02:00 BST falls back to 01:00 GMT, so 01:30 happens twice; fire once.
  const auto first = *NextFireTime(half_past_one, Utc(2026, 10, 24, 12, 0));
  EXPECT_EQ(first, Utc(2026, 10, 25, 0, 30));
  EXPECT_EQ(*NextFireTime(half_past_one, first), Utc(2026, 10, 26, 1, 30));
  ASSERT_TRUE(UseTimeZone("UTC").ok());
}

TEST(NextFireTime, AnExpressionThatNeverMatchesIsNotFound) {
  ASSERT_TRUE(UseTimeZone("UTC").ok());
  const auto never = NextFireTime(Cron("0 0 30 2 *"), Utc(2026, 1, 1, 0, 0));
  ASSERT_FALSE(never.ok());
  EXPECT_EQ(never.status().code(), Status::Code::kNotFound);
}

TEST(UseTimeZone, AnUnknownZoneIsRefusedWithItsName) {
  const Status bad = UseTimeZone("Mars/Olympus_Mons");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.message().find("'Mars/Olympus_Mons'"), std::string::npos) << bad.message();
  EXPECT_FALSE(UseTimeZone("../../etc/passwd").ok());
}

}  // namespace
}  // namespace attrition::schedule
