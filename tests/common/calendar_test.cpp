#include "attrition/calendar.h"

#include <gtest/gtest.h>

namespace attrition {
namespace {

TEST(Calendar, DayAndCivilRoundTripOverFourCenturies) {
  for (Day d = DayFromCivil(1900, 1, 1); d <= DayFromCivil(2300, 12, 31); ++d) {
    const CivilDate c = CivilFromDay(d);
    ASSERT_EQ(DayFromCivil(c.year, c.month, c.day), d);
  }
  EXPECT_EQ(DayFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(FormatDay(DayFromCivil(2024, 2, 29)), "2024-02-29");
}

TEST(Calendar, ParseIsoDateAcceptsOnlyRealDatesInExactForm) {
  EXPECT_EQ(ParseIsoDate("2021-05-13"), DayFromCivil(2021, 5, 13));
  EXPECT_EQ(ParseIsoDate("2024-02-29"), DayFromCivil(2024, 2, 29));
  for (const char* bad : {"", "N/A", "13/05/2021", "20210513", "2021-02-30", "2021-13-01",
                          "2021-05-32", "2021-5-13", "2021-05-13 ", " 2021-05-13", "2023-02-29",
                          "2021-00-10", "2021-01-00", "abcd-01-01"}) {
    EXPECT_FALSE(ParseIsoDate(bad).has_value()) << bad;
  }
}

TEST(Calendar, MonthArithmeticIsIntegerArithmetic) {
  const Month m = *ParseIsoMonth("2021-01");
  EXPECT_EQ(FormatMonth(m - 1), "2020-12");
  EXPECT_EQ(FormatMonth(m + 13), "2022-02");
  EXPECT_EQ(MonthOfDay(DayFromCivil(2021, 1, 31)), m);
  EXPECT_EQ(LastDayOfMonth(m + 1), DayFromCivil(2021, 2, 28));
  EXPECT_EQ(DaysInMonth(*ParseIsoMonth("2024-02")), 29);
  EXPECT_FALSE(ParseIsoMonth("2021-13").has_value());
  EXPECT_FALSE(ParseIsoMonth("2021-1").has_value());
}

TEST(Calendar, WholeYearsFollowTheBirthdayRule) {
  const Day leap_birth = DayFromCivil(2000, 2, 29);
  EXPECT_EQ(WholeYearsBetween(leap_birth, DayFromCivil(2001, 2, 28)), 0);
  EXPECT_EQ(WholeYearsBetween(leap_birth, DayFromCivil(2001, 3, 1)), 1);
  EXPECT_EQ(WholeYearsBetween(leap_birth, DayFromCivil(2004, 2, 29)), 4);
  EXPECT_EQ(WholeYearsBetween(DayFromCivil(1980, 6, 15), DayFromCivil(2020, 6, 14)), 39);
  EXPECT_EQ(WholeYearsBetween(DayFromCivil(1980, 6, 15), DayFromCivil(2020, 6, 15)), 40);
}

}  // namespace
}  // namespace attrition
