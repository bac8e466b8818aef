// One test per rule of the train and inference sections (SPEC 6), each on the seed
// config with one value changed, checking the whole message: file, line, column, YAML
// path, the value found and what was expected.
#include "config/config_test_util.h"

namespace attrition::config {
namespace {

using testing::LoadYaml;
using testing::OnlyError;
using testing::SeedWith;

TEST(TrainRules, SamplingMustBeDownUpOrNone) {
  EXPECT_EQ(OnlyError(SeedWith("sampling: 'down'", "sampling: 'sideways'")),
            "config.yaml:2:13: train.sampling: got 'sideways', expected one of down, up, none");
}

TEST(TrainRules, ANearMissOfAChoiceGetsAHint) {
  EXPECT_EQ(OnlyError(SeedWith("sampling: 'down'", "sampling: dwon")),
            "config.yaml:2:13: train.sampling: got dwon, expected one of down, up, none; did "
            "you mean down?");
}

TEST(TrainRules, SamplingNoneIsAccepted) {
  const LoadReport r = LoadYaml(SeedWith("sampling: 'down'", "sampling: none"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.config->train.sampling, Sampling::kNone);
}

TEST(TrainRules, SplitModeMustBeLastNMonthsOrRandomized) {
  EXPECT_EQ(OnlyError(SeedWith("mode: 'last_n_months'", "mode: 'last_months'")),
            "config.yaml:4:11: train.split.mode: got 'last_months', expected one of "
            "last_n_months, randomized; did you mean last_n_months?");
}

TEST(TrainRules, SplitMonthsMustBeAtLeastOne) {
  EXPECT_EQ(OnlyError(SeedWith("months: 3", "months: 0")),
            "config.yaml:5:13: train.split.months: got 0, expected an integer >= 1");
}

TEST(TrainRules, SplitMonthsMustBeANumberNotText) {
  EXPECT_EQ(OnlyError(SeedWith("months: 3", "months: three")),
            "config.yaml:5:13: train.split.months: got three, expected an integer >= 1");
}

TEST(TrainRules, AQuotedNumberIsTextAndSaysSo) {
  EXPECT_EQ(OnlyError(SeedWith("months: 3", "months: '3'")),
            "config.yaml:5:13: train.split.months: got '3' (quoted, so text), expected an "
            "integer >= 1");
}

TEST(TrainRules, SplitMonthsMustBeAWholeNumber) {
  EXPECT_EQ(OnlyError(SeedWith("months: 3", "months: 2.5")),
            "config.yaml:5:13: train.split.months: got 2.5, expected an integer >= 1");
}

TEST(TrainRules, RandomizedSplitNeedsPercTestStrictlyBetweenZeroAndOne) {
  const std::string randomized =
      SeedWith("mode: 'last_n_months'\r\n    months: 3", "mode: randomized\r\n    perc_test: 1.5");
  EXPECT_EQ(OnlyError(randomized),
            "config.yaml:5:16: train.split.perc_test: got 1.5, expected a number > 0 and < 1");
  EXPECT_EQ(OnlyError(SeedWith("mode: 'last_n_months'\r\n    months: 3",
                               "mode: randomized\r\n    perc_test: 0")),
            "config.yaml:5:16: train.split.perc_test: got 0, expected a number > 0 and < 1");
}

TEST(TrainRules, RandomizedSplitReadsPercTest) {
  const LoadReport r = LoadYaml(SeedWith("mode: 'last_n_months'\r\n    months: 3",
                                         "mode: randomized\r\n    perc_test: 0.25"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.config->train.split.mode, SplitMode::kRandomized);
  EXPECT_EQ(r.config->train.split.perc_test, 0.25);
}

TEST(TrainRules, RandomizedSplitWithoutPercTestIsMissingIt) {
  EXPECT_EQ(OnlyError(SeedWith("mode: 'last_n_months'", "mode: randomized")),
            "config.yaml:4:5: train.split.perc_test: missing, expected a number > 0 and < 1");
}

TEST(TrainRules, MonthsBesideARandomizedSplitIsAWarning) {
  const LoadReport r =
      LoadYaml(SeedWith("mode: 'last_n_months'\r\n", "mode: randomized\r\n    perc_test: 0.2\r\n"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(testing::Lines(r.warnings)[0],
            "config.yaml:6:13: warning: train.split.months: is ignored with mode randomized, "
            "which reads perc_test");
}

TEST(TrainRules, StartMonthMustBeYearDashMonth) {
  EXPECT_EQ(OnlyError(SeedWith("start_month: '2020-05'", "start_month: '2020-5'")),
            "config.yaml:6:16: train.start_month: got '2020-5', expected a month 'YYYY-MM'");
}

TEST(TrainRules, MaxMonthMustBeARealMonth) {
  EXPECT_EQ(OnlyError(SeedWith("max_month: '2021-02'", "max_month: '2021-13'")),
            "config.yaml:7:14: train.max_month: got '2021-13', expected a month 'YYYY-MM'");
}

TEST(TrainRules, ProfilingMustBeTrueOrFalse) {
  EXPECT_EQ(OnlyError(SeedWith("profiling: true", "profiling: maybe")),
            "config.yaml:8:14: train.profiling: got maybe, expected true or false");
}

TEST(TrainRules, FeaturesMustBeAList) {
  EXPECT_EQ(OnlyError("train:\n  start_month: 2021-01\n  max_month: 2022-06\n"
                      "  features: NUM_AGE\n  target: Y\n"),
            "config.yaml:4:13: train.features: got NUM_AGE, expected a list of column names");
}

TEST(TrainRules, FeaturesMustNotBeEmpty) {
  EXPECT_EQ(OnlyError("train:\n  start_month: 2021-01\n  max_month: 2022-06\n"
                      "  features: []\n  target: Y\n"),
            "config.yaml:4:13: train.features: got an empty list, expected at least one "
            "column name");
}

TEST(TrainRules, EachFeatureMustBeAColumnName) {
  EXPECT_EQ(OnlyError(SeedWith("'NUM_AGE'", "{a: 1}")),
            "config.yaml:20:44: train.features[3]: got a mapping, expected a column name");
}

TEST(TrainRules, RenameColsMustBeAMapping) {
  EXPECT_EQ(OnlyError("train:\n  start_month: 2021-01\n  max_month: 2022-06\n"
                      "  features: [A]\n  target: Y\n  rename_cols: [A, B]\n"),
            "config.yaml:6:16: train.rename_cols: got a list, expected a mapping of old: new "
            "column names");
}

TEST(TrainRules, ARenameNeedsANewName) {
  EXPECT_EQ(OnlyError(SeedWith("PAYOR_TYPE_VA/Military: 'PAYOR_TYPE_VA_MILITARY'",
                               "PAYOR_TYPE_VA/Military: ''")),
            "config.yaml:17:29: train.rename_cols[\"PAYOR_TYPE_VA/Military\"]: got '', expected "
            "a new column name");
}

TEST(TrainRules, TargetIsRequired) {
  EXPECT_EQ(OnlyError(SeedWith("  target: 'IS_ATTRITION_FLAG_C'\r\n", "")),
            "config.yaml:2:3: train.target: missing, expected the target column name");
}

TEST(TrainRules, DatasetMustBeATableName) {
  EXPECT_EQ(OnlyError(SeedWith("  target: 'IS_ATTRITION_FLAG_C'",
                               "  target: 'IS_ATTRITION_FLAG_C'\r\n  dataset: 'churn; DROP'")),
            "config.yaml:34:12: train.dataset: got 'churn; DROP', expected a table name "
            "(letters, digits and _, optionally SCHEMA.TABLE)");
}

TEST(TrainRules, ExtensionKeysReadTheirValues) {
  const LoadReport r = LoadYaml(SeedWith(
      "  target: 'IS_ATTRITION_FLAG_C'",
      "  target: 'IS_ATTRITION_FLAG_C'\r\n  dataset: crm.TELCO_CHURN\r\n  id_column: customerID"
      "\r\n  positive_class: 'Yes'"));
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(testing::Lines(r.errors));
  EXPECT_EQ(r.config->train.dataset, "crm.TELCO_CHURN");
  EXPECT_EQ(r.config->train.id_column, "customerID");
  EXPECT_EQ(r.config->train.positive_class, "Yes");
}

TEST(HyperparameterRules, OptimizeMustBeAucF1OrAccuracy) {
  EXPECT_EQ(OnlyError(SeedWith("optimize: 'auc'", "optimize: 'logloss'")),
            "config.yaml:35:15: train.hyperparameters.optimize: got 'logloss', expected one of "
            "auc, f1, accuracy");
}

TEST(HyperparameterRules, NumTuningRoundsMustBeAtLeastOne) {
  EXPECT_EQ(OnlyError(SeedWith("num_tuning_rounds: 3", "num_tuning_rounds: 0")),
            "config.yaml:36:24: train.hyperparameters.num_tuning_rounds: got 0, expected an "
            "integer >= 1");
}

TEST(HyperparameterRules, EtaMinMustBeAnIntegerAtMostZero) {
  EXPECT_EQ(OnlyError(SeedWith("min: -3", "min: 1")),
            "config.yaml:38:12: train.hyperparameters.eta.min: got 1, expected an integer from "
            "-10 to 0");
  EXPECT_EQ(OnlyError(SeedWith("min: -3", "min: -0.5")),
            "config.yaml:38:12: train.hyperparameters.eta.min: got -0.5, expected an integer "
            "from -10 to 0");
}

TEST(HyperparameterRules, MaxDepthMustBeBetweenOneAndThirty) {
  EXPECT_EQ(OnlyError(SeedWith("max: 10", "max: 31")),
            "config.yaml:41:12: train.hyperparameters.max_depth.max: got 31, expected an "
            "integer from 1 to 30");
}

TEST(HyperparameterRules, MinMustNotExceedMax) {
  EXPECT_EQ(OnlyError(SeedWith("min: 3\r\n      max: 10", "min: 10\r\n      max: 3")),
            "config.yaml:40:12: train.hyperparameters.max_depth.min: got 10, expected an "
            "integer <= max (3)");
  EXPECT_EQ(OnlyError(SeedWith("min: 0.5\r\n      max: 1.0", "min: 0.9\r\n      max: 0.6")),
            "config.yaml:43:12: train.hyperparameters.subsample.min: got 0.9, expected a "
            "number <= max (0.6)");
}

TEST(HyperparameterRules, SubsampleMustBeAboveZeroAndAtMostOne) {
  EXPECT_EQ(OnlyError(SeedWith("max: 1.0", "max: 1.5")),
            "config.yaml:44:12: train.hyperparameters.subsample.max: got 1.5, expected a number "
            "> 0 and <= 1");
}

TEST(HyperparameterRules, GammaMinChildWeightAndRegAlphaMustNotBeNegative) {
  const std::string gamma = SeedWith("gamma:\r\n      min: 0", "gamma:\r\n      min: -1");
  EXPECT_EQ(OnlyError(gamma),
            "config.yaml:46:12: train.hyperparameters.gamma.min: got -1, expected a number >= 0");
  const std::string mcw =
      SeedWith("min_child_weight:\r\n      min: 0", "min_child_weight:\r\n      min: -2");
  EXPECT_EQ(OnlyError(mcw),
            "config.yaml:49:12: train.hyperparameters.min_child_weight.min: got -2, expected a "
            "number >= 0");
  const std::string alpha = SeedWith("reg_alpha:\r\n      min: 0", "reg_alpha:\r\n      min: -0.1");
  EXPECT_EQ(OnlyError(alpha),
            "config.yaml:52:12: train.hyperparameters.reg_alpha.min: got -0.1, expected a "
            "number >= 0");
}

TEST(HyperparameterRules, ARangeNeedsBothMinAndMax) {
  EXPECT_EQ(OnlyError(SeedWith("      min: 3\r\n      max: 10\r\n", "      min: 3\r\n")),
            "config.yaml:40:7: train.hyperparameters.max_depth.max: missing, expected an "
            "integer from 1 to 30");
}

TEST(HyperparameterRules, ARangeMustBeAMapping) {
  EXPECT_EQ(OnlyError(SeedWith("max_depth:\r\n      min: 3\r\n      max: 10", "max_depth: 5")),
            "config.yaml:39:16: train.hyperparameters.max_depth: got 5, expected a mapping with "
            "min and max");
}

TEST(InferenceRules, MinHistoryMonthsMustBeFromZeroToSix) {
  EXPECT_EQ(OnlyError(SeedWith("min_history_months: 6", "min_history_months: 7")),
            "config.yaml:56:23: inference.min_history_months: got 7, expected an integer from 0 "
            "to 6");
}

TEST(InferenceRules, NumMonthForecastMustBeFromOneToSix) {
  EXPECT_EQ(OnlyError(SeedWith("num_month_forecast: 6", "num_month_forecast: 0")),
            "config.yaml:57:23: inference.num_month_forecast: got 0, expected an integer from 1 "
            "to 6");
}

TEST(InferenceRules, ProfilingMustBeTrueOrFalse) {
  EXPECT_EQ(OnlyError(SeedWith("num_month_forecast: 6\r\n  profiling: true",
                               "num_month_forecast: 6\r\n  profiling: 'true'")),
            "config.yaml:58:14: inference.profiling: got 'true' (quoted, so text), expected "
            "true or false");
}

}  // namespace
}  // namespace attrition::config
