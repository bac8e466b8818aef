// notifications: the sinks told when a pipeline stage succeeds or fails (SPEC 12).
#include <algorithm>

#include "config/field_reader.h"
#include "config/sections.h"

namespace attrition::config::internal {
namespace {

const std::vector<std::string_view> kSinkKeys = {"type", "url",      "headers",  "from",
                                                 "to",   "username", "password", "retries"};

// The keys each sink type reads; others are reported as not belonging to it.
std::vector<std::string_view> KeysOf(SinkType type) {
  switch (type) {
    case SinkType::kLog:
      return {"type"};
    case SinkType::kWebhook:
      return {"type", "url", "headers", "retries"};
    case SinkType::kSmtp:
      return {"type", "url", "from", "to", "username", "password", "retries"};
  }
  return {};
}

void RejectForeignKeys(const MapReader& m, const Node& node, SinkType type, Diagnostics* diags) {
  const std::vector<std::string_view> keys = KeysOf(type);
  for (const MapEntry& e : node.entries) {
    const bool known = std::find(kSinkKeys.begin(), kSinkKeys.end(), e.key) != kSinkKeys.end();
    if (!known || std::find(keys.begin(), keys.end(), e.key) != keys.end()) continue;
    diags->Error(e.key_where, m.PathOf(e.key),
                 "is not a key of a " + std::string(ToString(type)) + " sink, expected " +
                     MapReader::OneOf(keys));
  }
}

bool IsEmailAddress(std::string_view s) {
  const size_t at = s.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < s.size() &&
         s.find_first_of(" \t<>,") == std::string_view::npos;
}

void ReadUrl(const MapReader& m, std::vector<std::string_view> schemes, std::string_view expected,
             std::string_view env_hint, std::string_view file_hint, std::string* out) {
  if (!m.Text("url", expected, out, true)) return;
  const Node& node = *m.Get("url");
  bool scheme_ok = false;
  for (std::string_view s : schemes) scheme_ok = scheme_ok || out->starts_with(s);
  if (!scheme_ok) {
    m.diags()->Error(node.where, m.PathOf("url"),
                     "got " + RenderValue(node) + ", expected " + std::string(expected));
  }
  RejectLiteralPassword(node, m.PathOf("url"), env_hint, file_hint, m.diags());
}

void ReadHeaders(const MapReader& m, NotificationSink* sink) {
  const Node* n = m.Get("headers");
  if (n == nullptr) return;
  if (!n->is_map()) {
    m.diags()->Error(n->where, m.PathOf("headers"),
                     "got " + RenderValue(*n) + ", expected a mapping of header: value");
    return;
  }
  for (const MapEntry& e : n->entries) {
    auto value =
        ReadText(e.value, ChildPath(m.PathOf("headers"), e.key), "a header value", m.diags());
    if (value) sink->headers.emplace_back(e.key, std::move(*value));
  }
}

void ReadSmtp(const MapReader& m, NotificationSink* sink) {
  ReadUrl(m, {"smtp://", "smtps://"}, "smtp://HOST[:PORT] or smtps://HOST[:PORT]",
          "ATTRITION_SMTP_PASSWORD", "/run/secrets/smtp_password", &sink->url);
  constexpr std::string_view kAddress = "a mail address";
  if (m.Text("from", kAddress, &sink->from, true) && !IsEmailAddress(sink->from)) {
    m.diags()->Error(m.Get("from")->where, m.PathOf("from"),
                     "got " + RenderValue(*m.Get("from")) + ", expected " + std::string(kAddress));
  }
  if (const Node* to = m.Require("to", "a mail address or a list of them")) {
    std::optional<std::vector<std::string>> list;
    if (to->is_scalar()) {
      if (auto one = ReadText(*to, m.PathOf("to"), kAddress, m.diags())) list = {{*one}};
    } else {
      list = ReadTextList(*to, m.PathOf("to"), "mail address", false, m.diags());
    }
    for (size_t i = 0; list && i < list->size(); ++i) {
      if (IsEmailAddress((*list)[i])) continue;
      const Node& item = to->is_list() ? to->items[i] : *to;
      m.diags()->Error(item.where, to->is_list() ? ItemPath(m.PathOf("to"), i) : m.PathOf("to"),
                       "got " + RenderValue(item) + ", expected " + std::string(kAddress));
    }
    if (list) sink->to = std::move(*list);
  }
  m.Text("username", "a user name", &sink->username);
  if (const Node* pw = m.Get("password")) {
    if (!pw->failed && !pw->substituted) {
      m.diags()->Error(pw->where, m.PathOf("password"),
                       "is a literal password; write it as ${env:ATTRITION_SMTP_PASSWORD} or "
                       "${file:/run/secrets/smtp_password}");
    } else if (!pw->failed) {
      sink->password = Secret(pw->text);
    }
  }
}

void ReadSink(const Node& node, const std::string& path, std::vector<NotificationSink>* out,
              Diagnostics* diags) {
  const MapReader m(&node, path, kSinkKeys, diags, "a sink such as {type: webhook, url: …}");
  if (!m.present()) {
    if (node.is_null()) {
      diags->Error(node.where, path,
                   "got nothing, expected a sink such as {type: webhook, url: …}");
    }
    return;
  }
  NotificationSink sink;
  if (!m.Choice("type", {"log", "webhook", "smtp"},
                {SinkType::kLog, SinkType::kWebhook, SinkType::kSmtp}, &sink.type, true)) {
    return;
  }
  RejectForeignKeys(m, node, sink.type, diags);
  if (sink.type == SinkType::kWebhook) {
    ReadUrl(m, {"http://", "https://"}, "an http:// or https:// URL", "ATTRITION_WEBHOOK_PASSWORD",
            "/run/secrets/webhook_password", &sink.url);
    ReadHeaders(m, &sink);
  } else if (sink.type == SinkType::kSmtp) {
    ReadSmtp(m, &sink);
  }
  if (sink.type != SinkType::kLog) m.Int("retries", IntBounds{0, 10}, &sink.retries);
  out->push_back(std::move(sink));
}

}  // namespace

void ReadNotificationsSection(const Node* section, std::vector<NotificationSink>* out,
                              Diagnostics* diags) {
  if (section == nullptr || section->is_null() || section->failed) return;
  if (!section->is_list()) {
    diags->Error(section->where, "notifications",
                 "got " + RenderValue(*section) + ", expected a list of sinks (- type: …)");
    return;
  }
  std::vector<NotificationSink> sinks;
  for (size_t i = 0; i < section->items.size(); ++i) {
    ReadSink(section->items[i], ItemPath("notifications", i), &sinks, diags);
  }
  *out = std::move(sinks);
}

}  // namespace attrition::config::internal
