// Calendar arithmetic on civil dates and months, without time zones.
//
// Days are counted from 1970-01-01 (day 0); months are counted from 1970-01 (month 0),
// so month arithmetic is integer arithmetic: "M - 6" is `m - 6`. All functions are pure
// and thread-safe. Text forms are ISO: 'YYYY-MM-DD' and 'YYYY-MM'.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace attrition {

using Day = int32_t;    // days since 1970-01-01
using Month = int32_t;  // months since 1970-01

struct CivilDate {
  int year;
  int month;  // 1..12
  int day;    // 1..31
};

Day DayFromCivil(int year, int month, int day);
CivilDate CivilFromDay(Day day);

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);

Month MonthOfDay(Day day);
Month MonthFromYearMonth(int year, int month);
Day FirstDayOfMonth(Month month);
Day LastDayOfMonth(Month month);
int DaysInMonth(Month month);

// Strict ISO date: exactly 10 characters 'YYYY-MM-DD' naming a real calendar date
// (features.py I1). Anything else, including '2021-02-30' and '20210513', is nullopt.
std::optional<Day> ParseIsoDate(std::string_view text);

// Strict 'YYYY-MM' (a real month). Anything else is nullopt.
std::optional<Month> ParseIsoMonth(std::string_view text);

std::string FormatDay(Day day);      // 'YYYY-MM-DD'
std::string FormatMonth(Month month);  // 'YYYY-MM'

// Writes 'YYYY-MM' into out[0..6]; for hot loops that must not allocate.
void FormatMonthTo(Month month, char out[7]);

// Whole years from `from` to `to` by the birthday rule (29 Feb counts from 1 Mar in
// non-leap years); negative when `to` is before `from`.
int WholeYearsBetween(Day from, Day to);

// Today's date in UTC.
Day TodayUtc();

}  // namespace attrition
