// Cron expressions for the scheduler.
#include "config/cron.h"

#include <gtest/gtest.h>

namespace attrition::config {
namespace {

TEST(ParseCron, ReadsTheSeedsDailyOnePmRun) {
  const Result<CronSchedule> c = ParseCron("0 13 * * *");
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->Matches(0, 13, 15, 6, 3));
  EXPECT_FALSE(c->Matches(1, 13, 15, 6, 3));
  EXPECT_FALSE(c->Matches(0, 12, 15, 6, 3));
}

TEST(ParseCron, ReadsListsRangesStepsAndNames) {
  const Result<CronSchedule> c = ParseCron("*/15 8-18/2 1,15 jan-MAR MON-FRI");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->minutes.count(), 4u);
  EXPECT_TRUE(c->hours[8] && c->hours[10] && c->hours[18] && !c->hours[9]);
  EXPECT_TRUE(c->months[1] && c->months[3] && !c->months[4]);
  // Both day fields restricted: either matches (Vixie cron).
  EXPECT_TRUE(c->Matches(30, 10, 1, 2, 0));   // the 1st, a Sunday
  EXPECT_TRUE(c->Matches(30, 10, 2, 2, 1));   // a Monday the 2nd
  EXPECT_FALSE(c->Matches(30, 10, 2, 2, 0));  // a Sunday the 2nd
}

TEST(ParseCron, ReadsSevenAsSundayAndMacros) {
  EXPECT_TRUE(ParseCron("0 0 * * 7")->days_of_week[0]);
  EXPECT_TRUE(ParseCron("@daily")->Matches(0, 0, 9, 9, 2));
  EXPECT_TRUE(ParseCron("@monthly")->Matches(0, 0, 1, 9, 2));
  EXPECT_FALSE(ParseCron("@monthly")->Matches(0, 0, 2, 9, 2));
}

TEST(ParseCron, NamesTheFirstBadField) {
  EXPECT_EQ(ParseCron("60 * * * *").status().message(), "minute 60 is out of range 0-59");
  EXPECT_EQ(ParseCron("0 0 * 13 *").status().message(), "month 13 is out of range 1-12");
  EXPECT_EQ(ParseCron("0 0 * * FUN").status().message(), "day-of-week 'FUN' is not a number");
  EXPECT_EQ(ParseCron("*/0 * * * *").status().message(), "minute step '0' is not a number >= 1");
  EXPECT_EQ(ParseCron("0 5-2 * * *").status().message(), "hour range 5-2 runs backwards");
  EXPECT_EQ(ParseCron("0 1,,2 * * *").status().message(), "hour '1,,2' has an empty list item");
  EXPECT_EQ(ParseCron("0 0 * *").status().message(), "has 4 fields");
  EXPECT_EQ(ParseCron("@often").status().message(),
            "unknown macro @often (known: @hourly, @daily, @weekly, @monthly, @yearly)");
}

}  // namespace
}  // namespace attrition::config
