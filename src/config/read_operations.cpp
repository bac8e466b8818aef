// The operations sections: warehouse, artifacts, registry, serving, schedule, environment
// and as_of.
#include <cstdlib>
#include <filesystem>

#include "config/cron.h"
#include "config/field_reader.h"
#include "config/secret_url.h"
#include "config/sections.h"

namespace attrition::config::internal {
namespace {

bool IsLabel(std::string_view s, size_t max_size) {
  if (s.empty() || s.size() > max_size) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!(alnum || (i > 0 && (c == '_' || c == '.' || c == '-')))) return false;
  }
  return true;
}

void ReportBadValue(const MapReader& m, std::string_view key, std::string_view expected) {
  const Node* n = m.Get(key);
  m.diags()->Error(n->where, m.PathOf(key),
                   "got " + RenderValue(*n) + ", expected " + std::string(expected));
}

bool IsWarehouseUrl(std::string_view url) {
  auto after = [&](std::string_view prefix) {
    return url.starts_with(prefix) && url.size() > prefix.size();
  };
  return after("sqlite:") || after("postgresql://") || after("postgres://") || after("odbc:");
}

void ReadWarehouse(const Node& root, WarehouseConfig* out, Diagnostics* diags) {
  const MapReader m(root.Find("warehouse"), "warehouse", {"url"}, diags);
  constexpr std::string_view kExpected = "sqlite:PATH, postgresql://… or odbc:…";
  std::string url;
  if (!m.Text("url", kExpected, &url)) return;
  const Node& node = *m.Get("url");
  if (!IsWarehouseUrl(url)) {
    ReportBadValue(m, "url", kExpected);
    return;
  }
  const size_t errors = diags->error_count();
  RejectLiteralPassword(node, m.PathOf("url"), "ATTRITION_DB_PASSWORD", "/run/secrets/db_password",
                        diags);
  if (diags->error_count() == errors) out->url = url;
}

void ReadServing(const Node& root, ServingConfig* out, Diagnostics* diags) {
  const MapReader m(root.Find("serving"), "serving",
                    {"host", "port", "threads", "max_payload_mb", "model"}, diags);
  m.Text("host", "a host name or address to listen on", &out->host);
  m.Int("port", IntBounds{1, 65535}, &out->port);
  m.Int("threads", IntBounds{0, 1024}, &out->threads);
  m.Number("max_payload_mb", RealBounds{0, true, 1024, false}, &out->max_payload_mb);
  constexpr std::string_view kModel = "a registry alias (production, staging) or a version";
  std::string model;
  if (m.Text("model", kModel, &model)) {
    if (IsLabel(model, 128)) {
      out->model = model;
    } else {
      ReportBadValue(m, "model", kModel);
    }
  }
}

bool IsTimeZone(std::string_view name) {
  if (name == "UTC" || name == "GMT") return true;
  if (name.empty() || name.starts_with('/') || name.find("..") != std::string_view::npos) {
    return false;
  }
  std::vector<std::filesystem::path> dirs;
  if (const char* tzdir = std::getenv("TZDIR")) dirs.emplace_back(tzdir);
  dirs.emplace_back("/usr/share/zoneinfo");
  for (const auto& dir : dirs) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) continue;
    return std::filesystem::is_regular_file(dir / std::string(name), ec);
  }
  // No time zone database here to ask: accept what looks like Area/Location.
  return name.find('/') != std::string_view::npos;
}

void ReadCron(const MapReader& m, std::string_view key, std::string* out) {
  constexpr std::string_view kExpected =
      "a 5-field cron expression (minute hour day-of-month month day-of-week)";
  std::string text;
  if (!m.Text(key, kExpected, &text)) return;
  const Result<CronSchedule> cron = ParseCron(text);
  if (!cron.ok()) {
    // The parser's detail quotes the field, which would show a substituted value.
    const bool secret = m.Get(key)->substituted;
    ReportBadValue(m, key,
                   secret ? kExpected : std::string(kExpected) + ": " + cron.status().message());
    return;
  }
  *out = text;
}

void ReadSchedule(const Node& root, ScheduleConfig* out, Diagnostics* diags) {
  const MapReader m(root.Find("schedule"), "schedule", {"timezone", "score", "train"}, diags);
  constexpr std::string_view kZone = "UTC, GMT or a time zone name such as Europe/Paris";
  std::string zone;
  if (m.Text("timezone", kZone, &zone)) {
    if (IsTimeZone(zone)) {
      out->timezone = zone;
    } else {
      ReportBadValue(m, "timezone", kZone);
    }
  }
  ReadCron(m, "score", &out->score);
  std::string train;
  ReadCron(m, "train", &train);
  if (!train.empty()) out->train = train;
}

void ReadEnvironment(const Node& root, std::string* out, Diagnostics* diags) {
  const Node* n = root.Find("environment");
  if (n == nullptr || n->is_null()) return;
  constexpr std::string_view kExpected = "a label such as dev or prod (letters, digits, _ . -)";
  auto label = ReadText(*n, "environment", kExpected, diags);
  if (!label) return;
  if (!IsLabel(*label, 64)) {
    diags->Error(n->where, "environment",
                 "got " + RenderValue(*n) + ", expected " + std::string(kExpected));
    return;
  }
  *out = *label;
}

}  // namespace

void RejectLiteralPassword(const Node& node, const std::string& path, std::string_view env_hint,
                           std::string_view file_hint, Diagnostics* diags) {
  if (node.failed || !node.is_scalar() || !HasLiteralPassword(node.raw)) return;
  diags->Error(node.where, path,
               "contains a literal password; write it as ${env:" + std::string(env_hint) +
                   "} or ${file:" + std::string(file_hint) + "}");
}

void ReadOperationsSections(const Node& root, Config* out, Diagnostics* diags) {
  ReadWarehouse(root, &out->warehouse, diags);
  MapReader(root.Find("artifacts"), "artifacts", {"dir"}, diags)
      .Text("dir", "a directory for model versions and reports", &out->artifacts.dir);
  MapReader(root.Find("registry"), "registry", {"promote_tolerance"}, diags)
      .Number("promote_tolerance", RealBounds{0, false, 1, false},
              &out->registry.promote_tolerance);
  ReadServing(root, &out->serving, diags);
  ReadSchedule(root, &out->schedule, diags);
  ReadEnvironment(root, &out->environment, diags);
  if (const Node* n = root.Find("as_of"); n != nullptr && !n->is_null()) {
    if (auto month = ReadMonth(*n, "as_of", diags)) out->as_of = *month;
  }
}

}  // namespace attrition::config::internal
