// The checks a command runs with facts from the data or its own flags.
#include "config/config_test_util.h"

namespace attrition::config {
namespace {

Month M(std::string_view text) { return *ParseIsoMonth(text); }

TrainConfig Window(std::string_view start, std::string_view max, int test_months) {
  TrainConfig t;
  t.start_month = M(start);
  t.max_month = M(max);
  t.split.months = test_months;
  return t;
}

TEST(CheckTrainingWindowMature, AcceptsAMaxMonthExactlySixMonthsBeforeTheAsOfMonth) {
  EXPECT_TRUE(CheckTrainingWindowMature(Window("2021-07", "2024-06", 3), M("2024-12")).ok());
}

TEST(CheckTrainingWindowMature, RejectsAMaxMonthWhoseLabelsAreNotMature) {
  const Status s = CheckTrainingWindowMature(Window("2021-07", "2024-09", 3), M("2024-12"));
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "train.max_month: got 2024-09, expected at most 2024-06: the label of a month needs "
            "the 6 months after it, and the data ends at the as-of month 2024-12");
}

TEST(CheckTrainingWindow, AcceptsTheSeedsWindow) {
  EXPECT_TRUE(CheckTrainingWindow(Window("2020-05", "2021-02", 3)).ok());
}

TEST(CheckTrainingWindow, RejectsAStartAfterTheMaxMonth) {
  EXPECT_EQ(CheckTrainingWindow(Window("2023-01", "2022-12", 3)).message(),
            "train.start_month: got 2023-01, expected a month <= train.max_month (2022-12)");
}

TEST(CheckTrainingWindow, RejectsTestMonthsThatLeaveNoTrainingMonth) {
  EXPECT_EQ(CheckTrainingWindow(Window("2020-05", "2021-02", 4)).message(),
            "train.split.months: got 4, expected at most 3 so that a training month of "
            "2020-05..2021-02 remains before the 6-month label gap and the test months");
}

}  // namespace
}  // namespace attrition::config
