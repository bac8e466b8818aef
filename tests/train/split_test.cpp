#include "train/split.h"

#include <gtest/gtest.h>

#include <set>

#include "train/sampling.h"

namespace attrition::train {
namespace {

// 200 customers, each with rows for every month of 2021-01..2024-06.
struct Panel {
  std::vector<Month> months;
  std::vector<int32_t> customers;
  Panel() {
    for (int32_t c = 0; c < 200; ++c) {
      for (Month m = MonthFromYearMonth(2021, 1); m <= MonthFromYearMonth(2024, 6); ++m) {
        months.push_back(m);
        customers.push_back(c);
      }
    }
  }
  SplitInput Input() const { return {&months, &customers, 200}; }
};

SplitOptions LastMonths(int months) {
  SplitOptions o;
  o.split.mode = config::SplitMode::kLastNMonths;
  o.split.months = months;
  o.max_month = MonthFromYearMonth(2024, 6);
  return o;
}

TEST(SplitRows, LastNMonthsLeavesNoTrainingLabelWindowOverlappingATestMonth) {
  const Panel panel;
  for (int months : {1, 3, 6}) {
    auto split = SplitRows(panel.Input(), LastMonths(months));
    ASSERT_TRUE(split.ok()) << split.status().ToString();
    Month first_test = 1 << 30;
    for (size_t i = 0; i < panel.months.size(); ++i) {
      if (split->roles[i] == RowRole::kTest) first_test = std::min(first_test, panel.months[i]);
    }
    EXPECT_EQ(first_test, MonthFromYearMonth(2024, 6) - months + 1);
    for (size_t i = 0; i < panel.months.size(); ++i) {
      const RowRole role = split->roles[i];
      if (role == RowRole::kFit || role == RowRole::kValid) {
        // The label of month M looks at M+1..M+6: all before the first test month.
        ASSERT_LT(panel.months[i] + 6, first_test) << FormatMonth(panel.months[i]);
      }
    }
    // The gap months are excluded, not dropped silently into training.
    EXPECT_EQ(split->Count(RowRole::kExcluded), 200 * 6);
    EXPECT_EQ(split->Count(RowRole::kTest), 200 * months);
  }
}

TEST(SplitRows, RandomizedPutsEveryCustomerOnOneSideOnly) {
  const Panel panel;
  SplitOptions o;
  o.split.mode = config::SplitMode::kRandomized;
  o.split.perc_test = 0.25;
  auto split = SplitRows(panel.Input(), o);
  ASSERT_TRUE(split.ok()) << split.status().ToString();
  std::set<int32_t> test, train, valid;
  for (size_t i = 0; i < panel.customers.size(); ++i) {
    const RowRole role = split->roles[i];
    (role == RowRole::kTest ? test : role == RowRole::kValid ? valid : train)
        .insert(panel.customers[i]);
  }
  EXPECT_EQ(test.size(), 50u);
  EXPECT_EQ(valid.size(), 30u);  // 20% of the 150 training customers
  for (int32_t c : test) {
    EXPECT_FALSE(train.count(c) || valid.count(c)) << "customer " << c;
  }
  for (int32_t c : valid) EXPECT_FALSE(train.count(c)) << "customer " << c;
}

TEST(SplitRows, HoldsOutValidationCustomersWithAllTheirTrainingRows) {
  const Panel panel;
  auto split = SplitRows(panel.Input(), LastMonths(3));
  ASSERT_TRUE(split.ok());
  std::set<int32_t> fit, valid;
  for (size_t i = 0; i < panel.customers.size(); ++i) {
    if (split->roles[i] == RowRole::kFit) fit.insert(panel.customers[i]);
    if (split->roles[i] == RowRole::kValid) valid.insert(panel.customers[i]);
  }
  EXPECT_EQ(valid.size(), 40u);
  for (int32_t c : valid) EXPECT_FALSE(fit.count(c));
}

TEST(SplitRows, IsTheSameForTheSameSeedAndDiffersForAnother) {
  const Panel panel;
  SplitOptions o = LastMonths(3);
  auto a = SplitRows(panel.Input(), o), b = SplitRows(panel.Input(), o);
  o.seed = 7;
  auto c = SplitRows(panel.Input(), o);
  EXPECT_EQ(a->roles, b->roles);
  EXPECT_NE(a->roles, c->roles);
}

TEST(SplitRows, RejectsLastNMonthsWithoutAMonthColumn) {
  const std::vector<Month> no_months;
  const std::vector<int32_t> customers = {0, 1, 2};
  auto split = SplitRows({&no_months, &customers, 3}, LastMonths(3));
  ASSERT_FALSE(split.ok());
  EXPECT_EQ(split.status().message(),
            "train.split.mode: got last_n_months, but the dataset has no MONTH column; only "
            "randomized applies to it");
}

TEST(SplitRows, RejectsAWindowWithoutTrainingMonths) {
  Panel panel;
  SplitOptions o = LastMonths(40);
  auto split = SplitRows(panel.Input(), o);
  ASSERT_FALSE(split.ok());
  EXPECT_EQ(split.status().message(),
            "train.split: the split leaves no training rows (test 2021-03..2024-06, train "
            "..2020-08 (gap 6 months)); widen train.start_month..max_month");
}

std::vector<float> Labels(size_t n, size_t positives) {
  std::vector<float> labels(n, 0.0f);
  for (size_t i = 0; i < positives; ++i) labels[i * (n / positives)] = 1.0f;
  return labels;
}

std::vector<size_t> AllRows(size_t n) {
  std::vector<size_t> rows(n);
  for (size_t i = 0; i < n; ++i) rows[i] = i;
  return rows;
}

TEST(SampleFitRows, DownSamplingKeepsEveryMinorityRowAndBalancesTheClasses) {
  const std::vector<float> labels = Labels(1000, 100);
  auto rows = SampleFitRows(AllRows(1000), labels, {.mode = config::Sampling::kDown});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 200u);
  size_t positives = 0;
  for (size_t r : *rows) positives += labels[r] > 0.5f;
  EXPECT_EQ(positives, 100u);
  EXPECT_TRUE(std::is_sorted(rows->begin(), rows->end()));
  EXPECT_EQ(std::set<size_t>(rows->begin(), rows->end()).size(), 200u);
}

TEST(SampleFitRows, UpSamplingRepeatsMinorityRowsUntilTheClassesAreEven) {
  const std::vector<float> labels = Labels(1000, 100);
  auto rows = SampleFitRows(AllRows(1000), labels, {.mode = config::Sampling::kUp});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1800u);
  size_t positives = 0;
  for (size_t r : *rows) positives += labels[r] > 0.5f;
  EXPECT_EQ(positives, 900u);
}

TEST(SampleFitRows, RejectsFitRowsWithASingleClass) {
  const std::vector<float> labels(10, 0.0f);
  auto rows = SampleFitRows(AllRows(10), labels, {.mode = config::Sampling::kNone});
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().message(),
            "the training rows hold no positive labels (10 rows): the target needs both classes");
}

}  // namespace
}  // namespace attrition::train
