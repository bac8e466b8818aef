// Rules that relate several keys of train (SPEC 6), and reporting every fault in one run.
#include "config/config_test_util.h"

namespace attrition::config {
namespace {

using testing::ErrorsOf;
using testing::Lines;
using testing::LoadYaml;
using testing::OnlyError;
using testing::SeedWith;

TEST(CrossFieldRules, AFeatureListedTwiceIsAnError) {
  EXPECT_EQ(OnlyError(SeedWith("'MRN', 'MONTH'", "'MRN', 'MRN'")),
            "config.yaml:20:35: train.features[2]: got MRN again (first at train.features[1]), "
            "expected each feature once");
}

TEST(CrossFieldRules, TwoRenamesToTheSameNameAreAnError) {
  EXPECT_EQ(OnlyError(SeedWith("PAYOR_TYPE_Medicare: 'PAYOR_TYPE_MEDICARE'",
                               "PAYOR_TYPE_Medicare: 'PAYOR_TYPE_COMMERCIAL'")),
            "config.yaml:14:26: train.rename_cols.PAYOR_TYPE_Medicare: renames to "
            "PAYOR_TYPE_COMMERCIAL like train.rename_cols.PAYOR_TYPE_Commercial does, expected "
            "each new name once");
}

TEST(CrossFieldRules, FeaturesListingTheTargetIsOnlyAWarningBecauseTheSeedDoesIt) {
  const LoadReport r = LoadYaml(testing::SeedText());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Lines(r.warnings)[0],
            "config.yaml:21:39: warning: train.features[6]: lists the target "
            "IS_ATTRITION_FLAG_C; it is split off and never a model feature");
}

TEST(CrossFieldRules, DroppingAColumnThatIsNotAFeatureIsOnlyAWarningBecauseTheSeedDoesIt) {
  const LoadReport r = LoadYaml(testing::SeedText());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Lines(r.warnings)[1],
            "config.yaml:31:38: warning: train.drop[3]: got STAGE, which is not in "
            "train.features, so it drops nothing");
}

TEST(CrossFieldRules, DummyColsMustNotListTheTarget) {
  EXPECT_EQ(OnlyError(SeedWith("'IS_DIAGNOSIS_TYPE']", "'IS_ATTRITION_FLAG_C']")),
            "config.yaml:32:32: train.dummy_cols[1]: got IS_ATTRITION_FLAG_C, which is "
            "train.target, expected columns to one-hot encode (never the target)");
}

TEST(CrossFieldRules, SomeFeatureMustRemainAfterDropAndTarget) {
  EXPECT_EQ(OnlyError("train:\n  start_month: 2021-01\n  max_month: 2022-06\n"
                      "  features: [CUSTOMER_ID, Y]\n  drop: [CUSTOMER_ID]\n  target: Y\n"),
            "config.yaml:4:13: train.features: leaves no model feature once train.drop and the "
            "target are taken out, expected at least one");
}

TEST(CrossFieldRules, StartMonthMustNotBeAfterMaxMonth) {
  EXPECT_EQ(OnlyError(SeedWith("start_month: '2020-05'", "start_month: '2021-03'")),
            "config.yaml:6:16: train.start_month: got 2021-03, expected a month <= "
            "train.max_month (2021-02)");
}

TEST(CrossFieldRules, StartAfterMaxIsReportedEvenWhenTheSplitIsWrong) {
  std::string text = SeedWith("months: 3", "months: 0");
  text.replace(text.find("'2020-05'"), 9, "'2021-05'");
  EXPECT_EQ(ErrorsOf(text),
            (std::vector<std::string>{
                "config.yaml:5:13: train.split.months: got 0, expected an integer >= 1",
                "config.yaml:6:16: train.start_month: got 2021-05, expected a month <= "
                "train.max_month (2021-02)"}));
}

TEST(CrossFieldRules, LastNMonthsMustLeaveATrainingMonthBeforeTheLabelGap) {
  // The seed's window 2020-05..2021-02 holds exactly 3 test months, the 6-month gap and
  // one training month.
  EXPECT_EQ(OnlyError(SeedWith("months: 3", "months: 4")),
            "config.yaml:5:13: train.split.months: got 4, expected at most 3 so that a training "
            "month of 2020-05..2021-02 remains before the 6-month label gap and the test months");
}

TEST(CrossFieldRules, AWindowTooShortForLastNMonthsSaysHowLongItMustBe) {
  EXPECT_EQ(OnlyError(SeedWith("start_month: '2020-05'", "start_month: '2020-10'")),
            "config.yaml:5:13: train.split.months: got 3, but the window 2020-10..2021-02 is too "
            "short for last_n_months: it needs at least 8 months (a training month, the 6-month "
            "label gap, a test month); widen it or use mode randomized");
}

TEST(CrossFieldRules, ARandomizedSplitNeedsNoRoomForALabelGap) {
  const LoadReport r = LoadYaml(
      "train:\n  split: {mode: randomized, perc_test: 0.2}\n  start_month: 2021-01\n"
      "  max_month: 2021-02\n  features: [A]\n  target: Y\n");
  EXPECT_TRUE(r.ok()) << ::testing::PrintToString(Lines(r.errors));
}

TEST(CrossFieldRules, ADefaultSplitIsCheckedAgainstTheWindowToo) {
  EXPECT_EQ(OnlyError("train:\n  start_month: 2021-01\n  max_month: 2021-06\n"
                      "  features: [A]\n  target: Y\n"),
            "config.yaml:2:3: train.split.months: got 3, but the window 2021-01..2021-06 is too "
            "short for last_n_months: it needs at least 8 months (a training month, the 6-month "
            "label gap, a test month); widen it or use mode randomized");
}

TEST(AllViolations, OfAFileAreReportedInOneRunInFileOrder) {
  std::string text = SeedWith("sampling: 'down'", "sampling: 'sideways'");
  for (auto [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"months: 3", "months: 0"},
           {"start_month: '2020-05'", "start_month: 'May 2020'"},
           {"optimize: 'auc'", "optimize: 'recall'"},
           {"num_month_forecast: 6", "num_month_forecast: 9"}}) {
    text.replace(text.find(from), from.size(), to);
  }
  EXPECT_EQ(ErrorsOf(text),
            (std::vector<std::string>{
                "config.yaml:2:13: train.sampling: got 'sideways', expected one of down, up, none",
                "config.yaml:5:13: train.split.months: got 0, expected an integer >= 1",
                "config.yaml:6:16: train.start_month: got 'May 2020', expected a month 'YYYY-MM'",
                "config.yaml:35:15: train.hyperparameters.optimize: got 'recall', expected one of "
                "auc, f1, accuracy",
                "config.yaml:57:23: inference.num_month_forecast: got 9, expected an integer from "
                "1 to 6"}));
}

TEST(AllViolations, IncludeTypeErrorsAndOperationsKeys) {
  const std::string text = testing::SeedText() +
                           "serving:\n  port: 'http'\n  threads: -1\n"
                           "schedule:\n  score: '0 25 * * *'\nenvironment: ''\n";
  EXPECT_EQ(ErrorsOf(text),
            (std::vector<std::string>{
                "config.yaml:60:9: serving.port: got 'http', expected an integer from 1 to 65535",
                "config.yaml:61:12: serving.threads: got -1, expected an integer from 0 to 1024",
                "config.yaml:63:10: schedule.score: got '0 25 * * *', expected a 5-field cron "
                "expression (minute hour day-of-month month day-of-week): hour 25 is out of range "
                "0-23",
                "config.yaml:64:14: environment: got '', expected a label such as dev or prod "
                "(letters, digits, _ . -)"}));
}

}  // namespace
}  // namespace attrition::config
