#include <gtest/gtest.h>

#include "attrition/notify.h"

namespace attrition::notify {
namespace {

TEST(NotifyMessage, SuccessSubjectIsTheSeedsSentence) {
  Event event{.pipeline = "training", .succeeded = true, .run_id = "v0001"};
  EXPECT_EQ(Subject(event, "prod"), "training stage for environment prod has succeeded.");
  EXPECT_EQ(MessageText(event, "prod"),
            "training stage for environment prod has succeeded.\nRun id: v0001");
}

TEST(NotifyMessage, FailureCarriesTheErrorAndRunId) {
  Event event{.pipeline = "scoring",
              .succeeded = false,
              .error = "not found: no model",
              .run_id = "20261127T130000Z-abcdef"};
  EXPECT_EQ(MessageText(event, "dev"),
            "scoring stage for environment dev has failed.\n"
            "Error: not found: no model\n"
            "Run id: 20261127T130000Z-abcdef");
}

TEST(NotifyMessage, AlertListsItsDetails) {
  Event event{.kind = Event::Kind::kAlert,
              .pipeline = "scoring",
              .run_id = "r1",
              .summary = "PSI above 0.2 in 1 feature",
              .details = {"PAYOR_TYPE_State Medicaid: PSI 1.160 (2024-12)"}};
  EXPECT_EQ(Subject(event, "dev"), "scoring alert for environment dev: PSI above 0.2 in 1 feature");
  EXPECT_EQ(MessageText(event, "dev"),
            "scoring alert for environment dev: PSI above 0.2 in 1 feature\nRun id: r1\n"
            "PAYOR_TYPE_State Medicaid: PSI 1.160 (2024-12)");
}

TEST(NotifyResult, CountsSinksThatGaveUp) {
  NotifyResult result;
  result.sinks = {{.delivered = true}, {.delivered = false}, {.delivered = false}};
  EXPECT_FALSE(result.all_delivered());
  EXPECT_EQ(result.failed_count(), 2);
  result.sinks.resize(1);
  EXPECT_TRUE(result.all_delivered());
}

}  // namespace
}  // namespace attrition::notify
