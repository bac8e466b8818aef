// The webhook sink: one JSON POST per event.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <string>

#include "notify/sinks.h"

namespace attrition::notify::internal {
namespace {

size_t DiscardResponse(char* /*data*/, size_t size, size_t count, void* /*user*/) {
  return size * count;
}

std::string_view StatusWord(const Event& event) {
  if (event.kind == Event::Kind::kAlert) return "alert";
  return event.succeeded ? "succeeded" : "failed";
}

}  // namespace

std::string WebhookBody(const Event& event, std::string_view environment) {
  nlohmann::ordered_json body;
  body["text"] = MessageText(event, environment);
  body["subject"] = Subject(event, environment);
  body["pipeline"] = event.pipeline;
  body["environment"] = environment;
  body["status"] = StatusWord(event);
  body["error"] = event.error;
  body["run_id"] = event.run_id;
  body["details"] = event.details;
  // Invalid UTF-8 in an error text (a driver message) must not make the body unsendable.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Status PostWebhook(const config::NotificationSink& sink, const std::string& body,
                   const CurlTimeouts& timeouts) {
  CurlSession session(timeouts);
  CURL* curl = session.handle();
  if (curl == nullptr) return session.Perform();
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  for (const auto& [name, value] : sink.headers) {
    headers = curl_slist_append(headers, (name + ": " + value).c_str());
  }
  curl_easy_setopt(curl, CURLOPT_URL, sink.url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, DiscardResponse);
  Status status = session.Perform();
  long code = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
  curl_slist_free_all(headers);
  if (!status.ok()) return status;
  if (code < 200 || code >= 300) {
    return Status::Unavailable(fmt::format("HTTP {}, expected 2xx", code));
  }
  return Status::OK();
}

std::string DescribeSink(const config::NotificationSink& sink) {
  std::string text = std::string(config::ToString(sink.type)) + " " + config::MaskSecrets(sink.url);
  if (sink.type == config::SinkType::kSmtp) {
    text += " ->";
    for (size_t i = 0; i < sink.to.size(); ++i) text += (i == 0 ? " " : ", ") + sink.to[i];
  }
  return text;
}

}  // namespace attrition::notify::internal
