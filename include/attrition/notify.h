// Notifications (SPEC 12): tell people that a pipeline stage succeeded or failed, or that
// monitoring raised an alert, through the sinks of the config's `notifications` list.
//
// The `log` sink always runs (one spdlog line per event); `webhook` POSTs a JSON body with
// the configured headers; `smtp` sends a mail through libcurl. Each sink is tried once
// plus its configured `retries`, with exponential backoff between tries; a sink that still
// fails is logged and reported in the NotifyResult. Nothing here throws, and a failed
// delivery never changes the caller's own result: callers report NotifyResult at most as
// a warning. Secrets (the SMTP password, substituted header values) never appear in logs
// or in NotifyResult texts.
//
// Thread safety: a Notifier is immutable after construction; Notify() may be called from
// several threads at once.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "attrition/config.h"

namespace attrition::notify {

// What happened. A job status event ("training stage for environment dev has succeeded.")
// or a monitoring alert ("Drift alert for environment dev: ...").
struct Event {
  enum class Kind { kJobStatus, kAlert };
  Kind kind = Kind::kJobStatus;
  std::string pipeline;   // "training", "scoring"
  bool succeeded = true;  // kJobStatus only
  std::string error;      // the failure's message; empty on success
  std::string run_id;     // the run the event belongs to; may be empty
  // kAlert: one line saying what crossed which threshold, e.g. "PSI above 0.2 in 2
  // features of run r-123".
  std::string summary;
  // Extra lines appended to the message body, e.g. one per drifted feature.
  std::vector<std::string> details;
};

// The seed's SNS subject line for a job status event:
//   "<pipeline> stage for environment <env> has <succeeded|failed>."
// For an alert: "<pipeline> alert for environment <env>: <summary>".
std::string Subject(const Event& event, std::string_view environment);

// The full message text: Subject(), then "Error: <error>" (when set), "Run id: <run id>"
// (when set) and each detail line, separated by newlines.
std::string MessageText(const Event& event, std::string_view environment);

// The outcome of one sink for one event.
struct SinkOutcome {
  config::SinkType type = config::SinkType::kLog;
  std::string target;  // the webhook URL or "smtp://host -> a@x, b@y", secrets masked
  bool delivered = false;
  int attempts = 0;
  std::string last_error;  // empty when delivered; secrets masked
};

struct NotifyResult {
  std::vector<SinkOutcome> sinks;  // in config order; the log sink first
  // True when every sink delivered.
  bool all_delivered() const;
  // Sinks that gave up after their retries.
  int failed_count() const;
};

struct NotifierOptions {
  // Pause before the first retry; doubled before each further retry.
  std::chrono::milliseconds initial_backoff{500};
  // Per-attempt limits handed to libcurl.
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds transfer_timeout{15000};
};

// Sends events to the sinks of one config. Copies what it needs from the config.
class Notifier {
 public:
  explicit Notifier(const config::Config& config, NotifierOptions options = {});
  // Only the log sink: for commands that run without a config and for tests.
  static Notifier LogOnly(std::string environment);

  // Delivers `event` to every sink in turn (log first), retrying failures. Blocks until
  // every sink has delivered or given up. Never throws.
  NotifyResult Notify(const Event& event) const;

  const std::string& environment() const { return environment_; }

 private:
  Notifier() = default;
  std::string environment_;
  std::vector<config::NotificationSink> sinks_;  // without the implicit log sink
  config::Secrets secrets_;
  NotifierOptions options_;
};

}  // namespace attrition::notify
