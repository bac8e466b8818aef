// The Notifier: the log sink, then each configured sink with retries and backoff.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <thread>

#include "attrition/notify.h"
#include "notify/sinks.h"

namespace attrition::notify {
namespace {

void LogEvent(const Event& event, const std::string& text) {
  // One line: the message's newlines become " | " so log shippers keep it together.
  std::string line = text;
  for (size_t at = line.find('\n'); at != std::string::npos; at = line.find('\n', at)) {
    line.replace(at, 1, " | ");
  }
  if (event.kind == Event::Kind::kAlert) {
    spdlog::warn("notification: {}", line);
  } else if (event.succeeded) {
    spdlog::info("notification: {}", line);
  } else {
    spdlog::error("notification: {}", line);
  }
}

}  // namespace

Notifier::Notifier(const config::Config& config, NotifierOptions options)
    : environment_(config.environment), secrets_(config.secrets), options_(options) {
  for (const config::NotificationSink& sink : config.notifications) {
    if (sink.type != config::SinkType::kLog) sinks_.push_back(sink);
  }
}

Notifier Notifier::LogOnly(std::string environment) {
  Notifier notifier;
  notifier.environment_ = std::move(environment);
  return notifier;
}

NotifyResult Notifier::Notify(const Event& event) const {
  NotifyResult result;
  try {
    const std::string text = MessageText(event, environment_);
    LogEvent(event, secrets_.Redact(text));
    result.sinks.push_back(
        {.type = config::SinkType::kLog, .target = "log", .delivered = true, .attempts = 1});
    const internal::CurlTimeouts timeouts{options_.connect_timeout, options_.transfer_timeout};
    for (const config::NotificationSink& sink : sinks_) {
      SinkOutcome outcome{.type = sink.type,
                          .target = secrets_.Redact(internal::DescribeSink(sink))};
      const std::string payload = sink.type == config::SinkType::kWebhook
                                      ? internal::WebhookBody(event, environment_)
                                      : internal::MailMessage(sink, event, environment_);
      std::chrono::milliseconds backoff = options_.initial_backoff;
      for (int attempt = 0; attempt <= sink.retries; ++attempt) {
        if (attempt > 0) {
          std::this_thread::sleep_for(backoff);
          backoff *= 2;
        }
        ++outcome.attempts;
        Status status = sink.type == config::SinkType::kWebhook
                            ? internal::PostWebhook(sink, payload, timeouts)
                            : internal::SendMail(sink, payload, timeouts);
        if (status.ok()) {
          outcome.delivered = true;
          outcome.last_error.clear();
          break;
        }
        outcome.last_error = secrets_.Redact(status.message());
        spdlog::debug("notification: {} attempt {} of {} failed: {}", outcome.target,
                      outcome.attempts, sink.retries + 1, outcome.last_error);
      }
      if (!outcome.delivered) {
        spdlog::error("notification: {} gave up after {} attempt(s): {}", outcome.target,
                      outcome.attempts, outcome.last_error);
      }
      result.sinks.push_back(std::move(outcome));
    }
  } catch (const std::exception& e) {
    // Never let a notification take down the job (e.g. bad_alloc building a payload).
    spdlog::error("notification: could not be sent: {}", e.what());
  }
  return result;
}

}  // namespace attrition::notify
