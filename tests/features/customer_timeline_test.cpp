// The monthly feature arithmetic of SPEC 4 / I6-I17 on one hand-built customer.
#include "features/customer_timeline.h"
#include "features/source_values.h"

#include <gtest/gtest.h>

#include <vector>

namespace attrition::features {
namespace {

Month M(int year, int month) { return MonthFromYearMonth(year, month); }
Day D(int year, int month, int day) { return DayFromCivil(year, month, day); }

SalesEvent Order(Month m, double supply_days = 0) { return {supply_days, m, false, true}; }
SalesEvent Return(Month m) { return {0, m, true, false}; }

template <typename T>
ByCustomer<T> One(const std::vector<T>& items) {
  return ByCustomer<T>::Build(1, items.size(), [](size_t) { return 0; },
                              [&](size_t i) { return items[i]; });
}

struct Customer {
  std::vector<SalesEvent> sales;
  std::vector<Month> enrolments, touchpoints;
  std::vector<ComplaintLine> complaints;
  std::vector<WarrantySpan> warranties;
  Day birth = kBadDay, insulin = kBadDay;

  // Months first sale .. as_of.
  std::vector<MonthFeatures> Timeline(Month as_of) const {
    CustomerEvents e{One(sales), One(enrolments), One(touchpoints), One(complaints),
                     One(warranties)};
    const CustomerFirsts firsts = FirstsOf(e, 0);
    std::vector<MonthFeatures> out(as_of - firsts.sale + 1);
    TimelineBuilder().Build(e, 0, firsts, as_of, birth, insulin, out.data());
    return out;
  }
};

TEST(CustomerTimeline, SupplyCarriesOverLessTheDaysOfEachMonthAndIsCappedAt180) {
  Customer c;
  c.sales = {Order(M(2023, 1), 100), Order(M(2023, 3), 200)};
  const auto t = c.Timeline(M(2023, 4));
  EXPECT_EQ(t[0].supply_days, 100);  // 0 - 31 -> 0, + 100
  EXPECT_EQ(t[1].supply_days, 72);   // 100 - 28
  EXPECT_EQ(t[2].supply_days, 180);  // 72 - 31 + 200 = 241, capped
  EXPECT_EQ(t[3].supply_days, 150);  // 180 - 30
}

TEST(CustomerTimeline, LabelIsNullForTheLastSixMonthsAndOneOnlyWhenNoOrderFollowsWithinSix) {
  Customer c;
  c.sales = {Order(M(2023, 1)), Order(M(2023, 8))};
  const auto t = c.Timeline(M(2023, 12));
  ASSERT_EQ(t.size(), 12u);
  EXPECT_EQ(t[0].label, 1);  // next order 7 months later
  EXPECT_EQ(t[1].label, 0);  // Aug is within Mar..Aug
  EXPECT_EQ(t[5].label, 0);  // Jun: M+6 = Dec = A, still mature
  for (int i = 6; i < 12; ++i) EXPECT_EQ(t[i].label, -1) << i;
}

TEST(CustomerTimeline, ActiveMeansAnOrderInTheLastSixMonthsAndCountsFollowTheOrders) {
  Customer c;
  c.sales = {Order(M(2023, 1)), Return(M(2023, 2)), Order(M(2023, 8))};
  const auto t = c.Timeline(M(2023, 9));
  EXPECT_EQ(t[5].active, 1);  // Jun: Jan is 5 months back
  EXPECT_EQ(t[6].active, 0);  // Jul
  EXPECT_EQ(t[6].months_since_order, 6);
  EXPECT_EQ(t[7].months_since_order, 0);
  EXPECT_EQ(t[7].cum_active_months, 2);
  EXPECT_EQ(t[1].cum_active_months, 1);  // a returned line is not an order
}

TEST(CustomerTimeline, MonthsSinceOrderIsNullBeforeTheFirstConsumableOrder) {
  Customer c;
  c.sales = {{0, M(2023, 1), false, false}, Order(M(2023, 3))};  // a pump first
  const auto t = c.Timeline(M(2023, 3));
  EXPECT_EQ(t[0].months_since_order, kNullInt32);
  EXPECT_EQ(t[0].active, 0);
  EXPECT_EQ(t[2].months_since_order, 0);
}

TEST(CustomerTimeline, WeightedScoresAreTheExactIntegerSumOverTheLookback) {
  Customer c;
  c.sales = {Order(M(2023, 1)), Return(M(2023, 1)), Return(M(2023, 1)), Return(M(2023, 3))};
  c.touchpoints = {M(2022, 11)};  // before the spine: still counts (I9)
  const auto t = c.Timeline(M(2023, 8));
  EXPECT_EQ(t[2].returned_x6, 6 * 1 + 4 * 2);
  EXPECT_EQ(t[6].returned_x6, 2);  // Jul: Jan has left the 6-month window, Mar weighs 6 - 4
  EXPECT_EQ(t[7].returned_x6, 1);
  EXPECT_EQ(t[0].notes_x12, 10);   // two months back: weight 12 - 2
  EXPECT_EQ(t[7].notes_x12, 3);    // Aug 2023 is 9 months after Nov 2022: weight 12 - 9
}

TEST(CustomerTimeline, ALateZ101LineMovesAnSvnFromRegularToHarmKeepingItsWeight) {
  Customer c;
  c.sales = {Order(M(2023, 1))};
  c.complaints = {{M(2023, 1), 7, false}, {M(2023, 3), 7, true}, {M(2022, 6), 9, false}};
  const auto t = c.Timeline(M(2023, 4));
  EXPECT_EQ(t[0].regular_x18, 18 + 11);  // SVN 7 in its first month, SVN 9 seven months on
  EXPECT_EQ(t[0].harm_x18, 0);
  EXPECT_EQ(t[1].regular_x18, 17 + 10);
  EXPECT_EQ(t[2].regular_x18, 9);
  EXPECT_EQ(t[2].harm_x18, 16);  // weight of m0 = Jan, two months on
  EXPECT_EQ(t[3].harm_x18, 15);
}

TEST(CustomerTimeline, WarrantiesGiveCoverageMeanLengthAndMonthsToTheLatestEnd) {
  Customer c;
  c.sales = {Order(M(2023, 1))};
  c.warranties = {{M(2023, 2), M(2023, 4), 2}, {M(2023, 3), M(2024, 3), 12}};
  const auto t = c.Timeline(M(2024, 6));
  EXPECT_EQ(t[0].covering_warranties, 0);
  EXPECT_EQ(t[0].months_to_warranty_end, kNullInt32);  // none started yet
  EXPECT_EQ(t[1].covering_warranties, 1);
  EXPECT_EQ(t[1].months_to_warranty_end, 2);
  EXPECT_EQ(t[2].covering_warranties, 2);
  EXPECT_EQ(t[2].warranty_length_sum, 14);
  EXPECT_EQ(t[2].months_to_warranty_end, 12);
  EXPECT_EQ(t[17].covering_warranties, 0);
  EXPECT_EQ(t[17].months_to_warranty_end, -3);  // expired three months ago
}

TEST(CustomerTimeline, WholeMonthsOfAWarrantyCountOnlyCompletedMonths) {
  EXPECT_EQ(WholeMonthsBetween(D(2020, 1, 31), D(2020, 2, 29)), 0);
  EXPECT_EQ(WholeMonthsBetween(D(2020, 1, 15), D(2024, 1, 15)), 48);
  EXPECT_EQ(WholeMonthsBetween(D(2020, 1, 15), D(2024, 1, 14)), 47);
}

TEST(CustomerTimeline, AgesUseTheBirthdayRuleAtTheEndOfTheMonth) {
  Customer c;
  c.sales = {Order(M(2023, 2)), Order(M(2023, 8)), Order(M(2024, 2))};
  c.birth = D(2000, 2, 29);
  c.insulin = D(2023, 3, 15);
  const auto t = c.Timeline(M(2024, 2));
  EXPECT_EQ(t[0].age, 22);  // 2023-02-28: 29 Feb counts from 1 Mar
  EXPECT_EQ(t[1].age, 23);
  EXPECT_EQ(t[12].age, 24);  // 2024-02-29
  EXPECT_EQ(t[0].years_on_insulin, kNullInt16);  // starts after the end of the month
  EXPECT_EQ(t[1].years_on_insulin, 0);
}

}  // namespace
}  // namespace attrition::features
