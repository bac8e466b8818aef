// FormatConfigSummary: the effective settings, secrets masked.
#include <cstdlib>

#include "config/config_test_util.h"

namespace attrition::config {
namespace {

TEST(FormatConfigSummary, MasksASubstitutedPasswordWholeEvenWithOdbcDelimitersInIt) {
  ::setenv("ATTRITION_TEST_SNOW_PW", "p@ss;w0rd-s3cret", 1);
  const LoadReport r = testing::LoadYaml(
      "warehouse:\n  url: 'odbc:Driver=Snowflake;UID=svc;PWD=${env:ATTRITION_TEST_SNOW_PW}'\n");
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(testing::Lines(r.errors));
  const std::string summary = FormatConfigSummary(*r.config);
  EXPECT_EQ(summary.find("w0rd"), std::string::npos) << summary;
  EXPECT_EQ(summary.find("p@ss"), std::string::npos) << summary;
  EXPECT_TRUE(summary.starts_with("  warehouse      odbc:Driver=Snowflake;UID=svc;PWD=***\n"))
      << summary;
}

TEST(FormatConfigSummary, ShowsARandomizedSplitAndAPinnedAsOfMonth) {
  const LoadReport r = testing::LoadYaml(
      "as_of: 2024-10\ntrain:\n  split: {mode: randomized, perc_test: 0.25}\n"
      "  start_month: 2022-01\n  max_month: 2024-04\n  features: [A, B]\n  target: Churn\n"
      "  positive_class: 'Yes'\n  dataset: TELCO\n");
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(testing::Lines(r.errors));
  const std::string summary = FormatConfigSummary(*r.config);
  EXPECT_NE(summary.find("  as-of month    2024-10 (pinned)\n"), std::string::npos) << summary;
  EXPECT_NE(summary.find("  training       TELCO 2022-01..2024-04, target Churn, test = 25% of "
                         "customers (randomized), sampling down, positive class Yes\n"),
            std::string::npos)
      << summary;
  EXPECT_NE(summary.find("  features       2 model features of 2 listed; 0 one-hot columns, 0 "
                         "renames\n"),
            std::string::npos)
      << summary;
}

}  // namespace
}  // namespace attrition::config
