#include "attrition/calendar.h"

#include <chrono>
#include <cstdio>

namespace attrition {

// Howard Hinnant's days_from_civil / civil_from_days: exact for the proleptic
// Gregorian calendar over the whole int32 range we use.
Day DayFromCivil(int year, int month, int day) {
  year -= month <= 2;
  const int era = (year >= 0 ? year : year - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

CivilDate CivilFromDay(Day z_in) {
  int z = z_in + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return CivilDate{y + (m <= 2), static_cast<int>(m), static_cast<int>(d)};
}

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

Month MonthFromYearMonth(int year, int month) { return (year - 1970) * 12 + (month - 1); }

Month MonthOfDay(Day day) {
  const CivilDate c = CivilFromDay(day);
  return MonthFromYearMonth(c.year, c.month);
}

namespace {
void YearMonthOf(Month month, int* year, int* mon) {
  int y = month >= 0 ? month / 12 : (month - 11) / 12;
  *year = 1970 + y;
  *mon = month - y * 12 + 1;
}
}  // namespace

Day FirstDayOfMonth(Month month) {
  int y, m;
  YearMonthOf(month, &y, &m);
  return DayFromCivil(y, m, 1);
}

Day LastDayOfMonth(Month month) { return FirstDayOfMonth(month + 1) - 1; }

int DaysInMonth(Month month) {
  int y, m;
  YearMonthOf(month, &y, &m);
  return DaysInMonth(y, m);
}

namespace {
bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}
}  // namespace

std::optional<Day> ParseIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int y, m, d;
  if (!Digits(s, 0, 4, &y) || !Digits(s, 5, 2, &m) || !Digits(s, 8, 2, &d)) return std::nullopt;
  if (m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return std::nullopt;
  return DayFromCivil(y, m, d);
}

std::optional<Month> ParseIsoMonth(std::string_view s) {
  if (s.size() != 7 || s[4] != '-') return std::nullopt;
  int y, m;
  if (!Digits(s, 0, 4, &y) || !Digits(s, 5, 2, &m)) return std::nullopt;
  if (m < 1 || m > 12) return std::nullopt;
  return MonthFromYearMonth(y, m);
}

std::string FormatDay(Day day) {
  const CivilDate c = CivilFromDay(day);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
  return buf;
}

void FormatMonthTo(Month month, char out[7]) {
  int y, m;
  YearMonthOf(month, &y, &m);
  out[0] = static_cast<char>('0' + y / 1000 % 10);
  out[1] = static_cast<char>('0' + y / 100 % 10);
  out[2] = static_cast<char>('0' + y / 10 % 10);
  out[3] = static_cast<char>('0' + y % 10);
  out[4] = '-';
  out[5] = static_cast<char>('0' + m / 10);
  out[6] = static_cast<char>('0' + m % 10);
}

std::string FormatMonth(Month month) {
  char buf[7];
  FormatMonthTo(month, buf);
  return std::string(buf, 7);
}

int WholeYearsBetween(Day from, Day to) {
  const CivilDate a = CivilFromDay(from);
  const CivilDate b = CivilFromDay(to);
  int years = b.year - a.year;
  if (b.month < a.month || (b.month == a.month && b.day < a.day)) --years;
  return years;
}

Day TodayUtc() {
  using namespace std::chrono;
  return static_cast<Day>(
      duration_cast<days>(system_clock::now().time_since_epoch()).count());
}

}  // namespace attrition
