// The seed's notification text, and the NotifyResult helpers.
#include <algorithm>
#include <string>

#include "attrition/notify.h"

namespace attrition::notify {

std::string Subject(const Event& event, std::string_view environment) {
  if (event.kind == Event::Kind::kAlert) {
    return event.pipeline + " alert for environment " + std::string(environment) + ": " +
           event.summary;
  }
  return event.pipeline + " stage for environment " + std::string(environment) + " has " +
         (event.succeeded ? "succeeded." : "failed.");
}

std::string MessageText(const Event& event, std::string_view environment) {
  std::string text = Subject(event, environment);
  if (!event.error.empty()) text += "\nError: " + event.error;
  if (!event.run_id.empty()) text += "\nRun id: " + event.run_id;
  for (const std::string& line : event.details) text += "\n" + line;
  return text;
}

bool NotifyResult::all_delivered() const {
  return std::all_of(sinks.begin(), sinks.end(),
                     [](const SinkOutcome& sink) { return sink.delivered; });
}

int NotifyResult::failed_count() const {
  return static_cast<int>(std::count_if(sinks.begin(), sinks.end(),
                                        [](const SinkOutcome& sink) { return !sink.delivered; }));
}

}  // namespace attrition::notify
