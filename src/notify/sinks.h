// One delivery attempt per sink type. Internal to the notify library; the Notifier adds
// retries and logging. Errors are Unavailable with a message that holds no secret values
// (the caller still passes it through Secrets::Redact).
#pragma once

#include <string>

#include "attrition/config.h"
#include "attrition/notify.h"
#include "attrition/status.h"
#include "notify/curl_session.h"

namespace attrition::notify::internal {

// The JSON body a webhook receives: {"text", "subject", "pipeline", "environment",
// "status" ("succeeded" | "failed" | "alert"), "error", "run_id", "details"}. "text" is
// the full message, so Slack / Teams style incoming webhooks show it as is.
std::string WebhookBody(const Event& event, std::string_view environment);

// POSTs `body` as application/json with the sink's headers. A non-2xx answer fails with
// "HTTP <code>".
Status PostWebhook(const config::NotificationSink& sink, const std::string& body,
                   const CurlTimeouts& timeouts);

// The RFC 5322 message (CRLF line ends) for `event`: Date, From, To, Subject, a plain
// UTF-8 body.
std::string MailMessage(const config::NotificationSink& sink, const Event& event,
                        std::string_view environment);

// Sends `message` from sink.from to every sink.to through sink.url, logging in with
// username / password when a username is set.
Status SendMail(const config::NotificationSink& sink, const std::string& message,
                const CurlTimeouts& timeouts);

// "webhook https://host/path" or "smtp smtp://host:25 -> a@x, b@y", password masked.
std::string DescribeSink(const config::NotificationSink& sink);

}  // namespace attrition::notify::internal
