// Rules of the notification sinks (SPEC 12).
#include <cstdlib>

#include "config/config_test_util.h"

namespace attrition::config {
namespace {

using testing::Lines;
using testing::LoadYaml;
using testing::OnlyError;

TEST(NotificationRules, ReadWebhookAndSmtpSinks) {
  ::setenv("ATTRITION_TEST_SMTP_PW", "m41l-s3cret", 1);
  const LoadReport r = LoadYaml(
      "notifications:\n"
      "  - type: log\n"
      "  - type: webhook\n    url: https://hooks.example.com/x\n"
      "    headers: {X-Team: retention}\n    retries: 5\n"
      "  - type: smtp\n    url: smtps://smtp.example.com:465\n    from: ml@example.com\n"
      "    to: [a@example.com, b@example.com]\n    username: ml\n"
      "    password: ${env:ATTRITION_TEST_SMTP_PW}\n");
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(Lines(r.errors));
  const auto& sinks = r.config->notifications;
  ASSERT_EQ(sinks.size(), 3u);
  EXPECT_EQ(sinks[0].type, SinkType::kLog);
  EXPECT_EQ(sinks[1].type, SinkType::kWebhook);
  EXPECT_EQ(sinks[1].url, "https://hooks.example.com/x");
  EXPECT_EQ(sinks[1].headers,
            (std::vector<std::pair<std::string, std::string>>{{"X-Team", "retention"}}));
  EXPECT_EQ(sinks[1].retries, 5);
  EXPECT_EQ(sinks[2].type, SinkType::kSmtp);
  EXPECT_EQ(sinks[2].from, "ml@example.com");
  EXPECT_EQ(sinks[2].to, (std::vector<std::string>{"a@example.com", "b@example.com"}));
  EXPECT_EQ(sinks[2].username, "ml");
  EXPECT_EQ(sinks[2].password.Reveal(), "m41l-s3cret");
  EXPECT_EQ(sinks[2].password.Masked(), "***");
  EXPECT_EQ(sinks[2].retries, 3);
}

TEST(NotificationRules, NotificationsMustBeAList) {
  EXPECT_EQ(OnlyError("notifications:\n  type: log\n"),
            "config.yaml:2:3: notifications: got a mapping, expected a list of sinks (- type: …)");
}

TEST(NotificationRules, TypeMustBeLogWebhookOrSmtp) {
  EXPECT_EQ(OnlyError("notifications:\n  - type: slack\n    url: https://x\n"),
            "config.yaml:2:11: notifications[0].type: got slack, expected one of log, webhook, "
            "smtp");
}

TEST(NotificationRules, AWebhookNeedsAnHttpUrl) {
  EXPECT_EQ(OnlyError("notifications:\n  - type: webhook\n    url: ftp://x\n"),
            "config.yaml:3:10: notifications[0].url: got ftp://x, expected an http:// or "
            "https:// URL");
  EXPECT_EQ(OnlyError("notifications:\n  - type: webhook\n"),
            "config.yaml:2:5: notifications[0].url: missing, expected an http:// or https:// URL");
}

TEST(NotificationRules, SmtpNeedsAMailAddressToSendFromAndTo) {
  EXPECT_EQ(Lines(LoadYaml("notifications:\n  - type: smtp\n    url: smtp://mail:25\n"
                           "    from: attrition\n    to: [ops@example.com, retention]\n")
                      .errors),
            (std::vector<std::string>{
                "config.yaml:4:11: notifications[0].from: got attrition, expected a mail address",
                "config.yaml:5:27: notifications[0].to[1]: got retention, expected a mail "
                "address"}));
}

TEST(NotificationRules, SmtpPasswordMustComeFromEnvOrFile) {
  EXPECT_EQ(OnlyError("notifications:\n  - type: smtp\n    url: smtp://mail:25\n"
                      "    from: a@example.com\n    to: b@example.com\n    password: hunter2\n"),
            "config.yaml:6:15: notifications[0].password: is a literal password; write it as "
            "${env:ATTRITION_SMTP_PASSWORD} or ${file:/run/secrets/smtp_password}");
}

TEST(NotificationRules, APasswordInAWebhookUrlMustComeFromEnvOrFile) {
  EXPECT_EQ(
      OnlyError("notifications:\n  - type: webhook\n    url: https://bot:pw@hooks.example.com/\n"),
      "config.yaml:3:10: notifications[0].url: contains a literal password; write it as "
      "${env:ATTRITION_WEBHOOK_PASSWORD} or ${file:/run/secrets/webhook_password}");
}

TEST(NotificationRules, AKeyOfAnotherSinkTypeIsAnError) {
  EXPECT_EQ(OnlyError("notifications:\n  - type: webhook\n    url: https://x\n"
                      "    from: a@example.com\n"),
            "config.yaml:4:5: notifications[0].from: is not a key of a webhook sink, expected "
            "one of type, url, headers, retries");
}

TEST(NotificationRules, RetriesMustBeFromZeroToTen) {
  EXPECT_EQ(OnlyError("notifications:\n  - type: webhook\n    url: https://x\n    retries: 11\n"),
            "config.yaml:4:14: notifications[0].retries: got 11, expected an integer from 0 to "
            "10");
}

}  // namespace
}  // namespace attrition::config
