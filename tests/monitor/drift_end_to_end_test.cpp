// Scoring through the real binary writes the forecast and profile tables, and a population
// whose payor mix was shifted (generate --payor-shift) sends exactly one drift alert naming
// the payor feature to a real loopback webhook.
#include <gtest/gtest.h>

#include <iostream>

#include "monitor/end_to_end_fixture.h"

namespace attrition {
namespace {

TEST_F(MonitoringEndToEnd, ScoringWritesForecastAndProfileAndAShiftedPayorMixAlertsOnce) {
  Run({"generate", "--customers", "2500", "--seed", "5", "--threads", "2"});
  Run({"features", "--threads", "2"});
  TrainAndPromote({});
  RunResult scored = Run({"score", "--threads", "2", "--run-id", "quiet"});
  // Training notified its success before (SPEC 7 step 8).
  int trained = 0;
  for (const auto& record : listener_->Records()) {
    auto body = nlohmann::json::parse(record["body"].get<std::string>());
    trained += body["subject"] == "training stage for environment e2e has succeeded.";
  }
  EXPECT_EQ(trained, 1);
  EXPECT_NE(scored.out.find("forecast 2024-12:"), std::string::npos) << scored.out;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM PA_ATTRITION_FORECAST WHERE SEGMENT_TYPE = 'ALL'"), 6);
  EXPECT_GT(Count("SELECT COUNT(*) FROM PA_ATTRITION_FORECAST WHERE SEGMENT_TYPE = "
                  "'PAYOR_TYPE'"),
            6);
  EXPECT_EQ(Count("SELECT COUNT(DISTINCT MONTH) FROM PA_INFERENCE_PROFILE"), 6);
  // The payor mix is the training one. (Time counters such as NUM_CUM_ACTIVE_MONTH do
  // drift by construction between the training window and the scored months, so this run
  // may alert on them: docs/monitoring.md.)
  EXPECT_EQ(Count("SELECT COUNT(*) FROM PA_INFERENCE_PROFILE WHERE RUN_ID = 'quiet' AND "
                  "FEATURE = 'PAYOR_TYPE_STATE_MEDICAID' AND PSI < 0.05"),
            6);
  const std::vector<nlohmann::json> quiet = Alerts("quiet");
  ASSERT_LE(quiet.size(), 1u);
  if (!quiet.empty()) {
    EXPECT_FALSE(Names(quiet[0], "PAYOR_TYPE_STATE_MEDICAID")) << quiet[0].dump();
    std::cout << "unshifted population alert: " << quiet[0]["text"].get<std::string>() << "\n";
  }

  // The same customers with 60% recorded as State Medicaid, scored by the same model.
  Run({"generate", "--customers", "2500", "--seed", "5", "--threads", "2", "--payor-shift", "0.6"});
  Run({"features", "--threads", "2"});
  RunResult shifted = Run({"score", "--threads", "2", "--run-id", "shifted"});
  EXPECT_NE(shifted.out.find("ALERT sent"), std::string::npos) << shifted.out;
  const std::vector<nlohmann::json> alerts = Alerts("shifted");
  ASSERT_EQ(alerts.size(), 1u);  // exactly one alert for the run
  EXPECT_TRUE(Names(alerts[0], "PAYOR_TYPE_STATE_MEDICAID: PSI ")) << alerts[0].dump();
  EXPECT_EQ(Count("SELECT COUNT(*) FROM PA_INFERENCE_PROFILE WHERE RUN_ID = 'shifted' AND "
                  "FEATURE = 'PAYOR_TYPE_STATE_MEDICAID' AND PSI > 0.2"),
            6);
  EXPECT_TRUE(
      std::filesystem::exists(dir_.path() / "artifacts" / "reports" / "drift-shifted.html"));
}

}  // namespace
}  // namespace attrition
