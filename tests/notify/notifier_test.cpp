// The Notifier against real loopback listeners: an HTTP server and an SMTP server started
// by the test (tests/notify/*.py), and a port nothing listens on.
#include <gtest/gtest.h>

#include <string>

#include "attrition/notify.h"
#include "notify/listeners.h"
#include "support/temp_dir.h"

namespace attrition::notify {
namespace {

using attrition::testing::Listener;
using attrition::testing::StartSmtpListener;
using attrition::testing::StartWebhookListener;
using attrition::testing::TempDir;
using attrition::testing::UnusedPort;

const NotifierOptions kFast{.initial_backoff = std::chrono::milliseconds(10)};

config::NotificationSink Webhook(int port, int retries = 3) {
  config::NotificationSink sink;
  sink.type = config::SinkType::kWebhook;
  sink.url = "http://127.0.0.1:" + std::to_string(port) + "/hook";
  sink.retries = retries;
  return sink;
}

config::NotificationSink Smtp(int port) {
  config::NotificationSink sink;
  sink.type = config::SinkType::kSmtp;
  sink.url = "smtp://127.0.0.1:" + std::to_string(port);
  sink.from = "attrition@example.com";
  sink.to = {"team@example.com", "oncall@example.com"};
  sink.retries = 1;
  return sink;
}

config::Config ConfigWith(std::vector<config::NotificationSink> sinks) {
  config::Config config;
  config.environment = "test";
  config.notifications = std::move(sinks);
  return config;
}

const Event kFailed{.pipeline = "training",
                    .succeeded = false,
                    .error = "not found: train.dataset: table PA_MODELING_DATASET does not exist",
                    .run_id = "v0007"};

TEST(Notifier, LogSinkAlwaysRunsFirst) {
  NotifyResult result = Notifier(ConfigWith({}), kFast).Notify(kFailed);
  ASSERT_EQ(result.sinks.size(), 1u);
  EXPECT_EQ(result.sinks[0].type, config::SinkType::kLog);
  EXPECT_TRUE(result.all_delivered());
}

TEST(Notifier, WebhookReceivesTheSeedMessageAsJsonWithConfiguredHeaders) {
  TempDir dir;
  auto listener = StartWebhookListener(dir.path());
  ASSERT_NE(listener->port(), 0) << "webhook listener did not start";
  config::NotificationSink sink = Webhook(listener->port());
  sink.headers = {{"Authorization", "Bearer t0ken"}, {"X-Team", "retention"}};
  NotifyResult result = Notifier(ConfigWith({sink}), kFast).Notify(kFailed);

  ASSERT_EQ(result.sinks.size(), 2u);
  EXPECT_TRUE(result.sinks[1].delivered) << result.sinks[1].last_error;
  EXPECT_EQ(result.sinks[1].attempts, 1);
  auto records = listener->Records();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["path"], "/hook");
  EXPECT_EQ(records[0]["headers"]["Authorization"], "Bearer t0ken");
  EXPECT_EQ(records[0]["headers"]["X-Team"], "retention");
  EXPECT_EQ(records[0]["headers"]["Content-Type"], "application/json");
  auto body = nlohmann::json::parse(records[0]["body"].get<std::string>());
  EXPECT_EQ(body["subject"], "training stage for environment test has failed.");
  EXPECT_EQ(body["text"],
            "training stage for environment test has failed.\n"
            "Error: not found: train.dataset: table PA_MODELING_DATASET does not exist\n"
            "Run id: v0007");
  EXPECT_EQ(body["status"], "failed");
  EXPECT_EQ(body["environment"], "test");
  EXPECT_EQ(body["run_id"], "v0007");
}

TEST(Notifier, WebhookAnswering500IsRetriedUntilItAccepts) {
  TempDir dir;
  auto listener = StartWebhookListener(dir.path(), /*fail_first=*/2);
  ASSERT_NE(listener->port(), 0);
  NotifyResult result = Notifier(ConfigWith({Webhook(listener->port(), 3)}), kFast).Notify(kFailed);
  EXPECT_TRUE(result.sinks[1].delivered);
  EXPECT_EQ(result.sinks[1].attempts, 3);
  auto records = listener->Records();
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0]["status"], 500);
  EXPECT_EQ(records[2]["status"], 200);
}

TEST(Notifier, SinkThatIsDownIsRetriedThenGivenUpWithoutThrowing) {
  TempDir dir;
  auto live = StartWebhookListener(dir.path());
  ASSERT_NE(live->port(), 0);
  const int down_port = UnusedPort();
  NotifyResult result =
      Notifier(ConfigWith({Webhook(down_port, 2), Webhook(live->port(), 0)}), kFast)
          .Notify(kFailed);
  ASSERT_EQ(result.sinks.size(), 3u);
  const SinkOutcome& down = result.sinks[1];
  EXPECT_FALSE(down.delivered);
  EXPECT_EQ(down.attempts, 3);  // the first try and 2 retries
  EXPECT_NE(down.last_error.find("onnect"), std::string::npos) << down.last_error;
  EXPECT_EQ(down.target, "webhook http://127.0.0.1:" + std::to_string(down_port) + "/hook");
  // The sink after the dead one still gets the event.
  EXPECT_TRUE(result.sinks[2].delivered);
  EXPECT_EQ(live->Records().size(), 1u);
  EXPECT_EQ(result.failed_count(), 1);
}

TEST(Notifier, SmtpSendsSubjectAndBodyToEveryRecipient) {
  TempDir dir;
  auto listener = StartSmtpListener(dir.path());
  ASSERT_NE(listener->port(), 0) << "smtp listener did not start (python3-aiosmtpd missing?)";
  NotifyResult result = Notifier(ConfigWith({Smtp(listener->port())}), kFast)
                            .Notify({.pipeline = "scoring", .succeeded = true, .run_id = "r-42"});
  ASSERT_EQ(result.sinks.size(), 2u);
  EXPECT_TRUE(result.sinks[1].delivered) << result.sinks[1].last_error;
  auto mails = listener->Records();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0]["from"], "attrition@example.com");
  EXPECT_EQ(mails[0]["to"], nlohmann::json::array({"team@example.com", "oncall@example.com"}));
  const std::string data = mails[0]["data"];
  EXPECT_NE(data.find("Subject: scoring stage for environment test has succeeded.\r\n"),
            std::string::npos)
      << data;
  EXPECT_NE(data.find("To: team@example.com, oncall@example.com\r\n"), std::string::npos);
  EXPECT_NE(data.find("\r\n\r\nscoring stage for environment test has succeeded.\r\nRun id: r-42"),
            std::string::npos)
      << data;
}

TEST(Notifier, SmtpLogsInAndThePasswordNeverAppearsInTheOutcome) {
  TempDir dir;
  auto listener = StartSmtpListener(dir.path(), "attrition", "pa55-w0rd");
  ASSERT_NE(listener->port(), 0);
  config::NotificationSink good = Smtp(listener->port());
  good.username = "attrition";
  good.password = config::Secret("pa55-w0rd");
  config::NotificationSink bad = good;
  bad.password = config::Secret("wr0ng-pa55");
  bad.retries = 0;
  config::Config config = ConfigWith({good, bad});
  config.secrets.Add("pa55-w0rd");
  config.secrets.Add("wr0ng-pa55");
  NotifyResult result = Notifier(config, kFast).Notify(kFailed);
  ASSERT_EQ(result.sinks.size(), 3u);
  EXPECT_TRUE(result.sinks[1].delivered) << result.sinks[1].last_error;
  EXPECT_FALSE(result.sinks[2].delivered);
  for (const SinkOutcome& sink : result.sinks) {
    EXPECT_EQ(sink.target.find("pa55"), std::string::npos) << sink.target;
    EXPECT_EQ(sink.last_error.find("pa55"), std::string::npos) << sink.last_error;
  }
  auto mails = listener->Records();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0]["login"], "attrition");
}

TEST(Notifier, SmtpServerThatIsDownIsGivenUpAfterItsRetries) {
  NotifyResult result = Notifier(ConfigWith({Smtp(UnusedPort())}), kFast).Notify(kFailed);
  ASSERT_EQ(result.sinks.size(), 2u);
  EXPECT_FALSE(result.sinks[1].delivered);
  EXPECT_EQ(result.sinks[1].attempts, 2);
  EXPECT_FALSE(result.sinks[1].last_error.empty());
}

}  // namespace
}  // namespace attrition::notify
