// Cron expressions for schedule.score / schedule.train (SPEC 12): parsing and matching.
#pragma once

#include <bitset>
#include <string>
#include <string_view>

#include "attrition/status.h"

namespace attrition::config {

// A parsed 5-field cron expression: minute hour day-of-month month day-of-week, each a
// set of allowed values. Fields take *, N, A-B, lists (A,B-C) and steps (*/N, A-B/N, A/N);
// months JAN-DEC and weekdays SUN-SAT by name; weekday 7 is Sunday. @hourly, @daily,
// @midnight, @weekly, @monthly, @yearly and @annually stand for their 5-field forms.
struct CronSchedule {
  std::bitset<60> minutes;
  std::bitset<24> hours;
  std::bitset<32> days_of_month;  // bits 1..31
  std::bitset<13> months;         // bits 1..12
  std::bitset<7> days_of_week;    // 0 = Sunday
  // As in Vixie cron: when both day fields are restricted (not *), a day matches when
  // either matches.
  bool day_of_month_restricted = false;
  bool day_of_week_restricted = false;

  // True when the civil minute matches. month 1..12, day_of_week 0 = Sunday.
  bool Matches(int minute, int hour, int day_of_month, int month, int day_of_week) const;
};

// Parses `text`; InvalidArgument names the first bad field: "hour 25 is out of range 0-23".
Result<CronSchedule> ParseCron(std::string_view text);

}  // namespace attrition::config
