#include "cli/models_output.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace attrition::cli {
namespace {

using Json = nlohmann::ordered_json;
using registry::ModelVersion;

std::string OrDash(const std::string& text) { return text.empty() ? "-" : text; }

std::string Window(const std::string& start, const std::string& end) {
  if (start.empty() && end.empty()) return "-";
  return OrDash(start) + ".." + OrDash(end);
}

std::string Metric(const ModelVersion& version) {
  return fmt::format("{} {:.4f}", version.primary_metric, version.PrimaryMetricValue());
}

Json NullIfEmpty(const std::string& text) { return text.empty() ? Json() : Json(text); }

Json AliasArray(const AliasTargets& targets, const std::string& version) {
  Json out = Json::array();
  for (const auto& [alias, target] : targets) {
    if (target == version) out.push_back(alias);
  }
  return out;
}

// lineage.json's object with where the version is and which aliases point at it.
Json VersionObject(const ModelVersion& version, const AliasTargets& aliases) {
  Json object = Json::parse(registry::ToJson(version));
  object["dir"] = version.dir.string();
  object["aliases"] = AliasArray(aliases, version.id);
  return object;
}

Json EventObject(const registry::AliasEvent& event) {
  return {{"time", event.time},
          {"alias", std::string(registry::ToString(event.alias))},
          {"action", event.action},
          {"version", event.version},
          {"previous", NullIfEmpty(event.previous)},
          {"forced", event.forced},
          {"user", NullIfEmpty(event.user)}};
}

// Verify's answer for `version` as text: "ok" or the problem.
std::string IntegrityText(const Integrity& integrity, const std::string& version) {
  const auto it = integrity.find(version);
  return it == integrity.end() || it->second.ok() ? "ok" : it->second.message();
}

}  // namespace

std::string AliasesOf(const AliasTargets& targets, const std::string& version) {
  std::string out;
  for (const auto& [alias, target] : targets) {
    if (target != version) continue;
    if (!out.empty()) out += ", ";
    out += alias;
  }
  return out;
}

std::string FormatVersionTable(const std::vector<ModelVersion>& versions,
                               const AliasTargets& aliases, const Integrity& integrity,
                               const std::string& models_dir) {
  if (versions.empty()) {
    return "No model versions in " + models_dir + " yet; `attrition train` registers one.\n";
  }
  std::vector<std::vector<std::string>> rows = {
      {"VERSION", "CREATED", "METRIC", "TRAINING WINDOW", "ALIASES"}};
  for (const ModelVersion& version : versions) {
    rows.push_back({version.id, version.created, Metric(version),
                    Window(version.lineage.window.start_month, version.lineage.window.end_month),
                    AliasesOf(aliases, version.id)});
  }
  std::vector<size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      line += c + 1 == row.size() ? row[c] : fmt::format("{:<{}}  ", row[c], widths[c]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  for (const ModelVersion& version : versions) {
    const std::string problem = IntegrityText(integrity, version.id);
    if (problem != "ok") {
      out += "warning: " + problem + "; it is not promoted, scored with, explained or served\n";
    }
  }
  return out;
}

std::string VersionsJson(const std::vector<ModelVersion>& versions, const AliasTargets& aliases,
                         const Integrity& integrity) {
  Json list = Json::array();
  for (const ModelVersion& version : versions) {
    Json object = VersionObject(version, aliases);
    object["integrity"] = IntegrityText(integrity, version.id);
    list.push_back(std::move(object));
  }
  Json alias_object = Json::object();
  for (const char* name : {"production", "staging"}) {
    const auto it = aliases.find(name);
    alias_object[name] = it == aliases.end() ? Json() : Json(it->second);
  }
  return Json{{"aliases", std::move(alias_object)}, {"versions", std::move(list)}}.dump(2) + "\n";
}

std::string FormatVersionDetails(const ModelVersion& version, const AliasTargets& aliases,
                                 const Status& integrity) {
  const registry::Lineage& lineage = version.lineage;
  std::string out;
  const auto row = [&out](std::string_view label, const std::string& value) {
    out += fmt::format("  {:<18} {}\n", label, OrDash(value));
  };
  out += "Model version " + version.id + "\n";
  row("directory", version.dir.string());
  row("created", version.created);
  row("aliases", AliasesOf(aliases, version.id));
  out += "Metrics (primary: " + version.primary_metric + ", higher is better)\n";
  for (const auto& [name, value] : version.metrics) {
    out += fmt::format("  {:<18} {:.4f}\n", name, value);
  }
  out += "Lineage\n";
  row("dataset", lineage.dataset);
  row("training window", Window(lineage.window.start_month, lineage.window.end_month));
  row("test window", Window(lineage.window.test_start_month, lineage.window.test_end_month));
  row("training rows", lineage.training_rows > 0 ? std::to_string(lineage.training_rows) : "");
  row("test rows", lineage.test_rows > 0 ? std::to_string(lineage.test_rows) : "");
  row("config hash", lineage.config_hash);
  row("data fingerprint", lineage.data_fingerprint);
  std::string libraries;
  for (const auto& [name, value] : lineage.library_versions) {
    libraries += (libraries.empty() ? "" : ", ") + name + " " + value;
  }
  row("libraries", libraries);
  row("parent version", lineage.parent_version);
  row("production then", version.production_at_registration);
  row("run id", lineage.run_id);
  row("environment", lineage.environment);
  out += fmt::format("Files ({}; {})\n", version.files.size(),
                     integrity.ok() ? "all match their SHA-256" : integrity.message());
  for (const auto& file : version.files) {
    out += fmt::format("  {:<24} {:>12} bytes  sha256 {}\n", file.path, file.bytes,
                       file.sha256.substr(0, 16));
  }
  return out;
}

std::string VersionJson(const ModelVersion& version, const AliasTargets& aliases,
                        const Status& integrity) {
  Json object = VersionObject(version, aliases);
  object["integrity"] = integrity.ok() ? "ok" : integrity.message();
  return object.dump(2) + "\n";
}

std::string FormatAliasChange(const registry::AliasChange& change, const std::string& verb) {
  const std::string alias(registry::ToString(change.alias));
  if (!change.changed) return alias + " already points at " + change.version + "; nothing to do.\n";
  std::string out;
  if (change.forced) {
    out += "warning: promoted " + change.version + " to " + alias +
           " despite the gate (--force): " + change.gate_message + "\n";
  }
  out += alias + " " + verb + " " + change.version + " (was " +
         (change.previous.empty() ? "not set" : change.previous) + ").\n";
  return out;
}

std::string AliasChangeJson(const registry::AliasChange& change) {
  return Json{{"alias", std::string(registry::ToString(change.alias))},
              {"version", change.version},
              {"previous", NullIfEmpty(change.previous)},
              {"changed", change.changed},
              {"forced", change.forced},
              {"gate_message", NullIfEmpty(change.gate_message)}}
             .dump(2) +
         "\n";
}

std::string FormatHistory(const std::vector<registry::AliasEvent>& events) {
  if (events.empty()) return "No alias has been set yet.\n";
  std::string out;
  for (const auto& event : events) {
    out += fmt::format(
        "{}  {:<10} {:<8} {} (was {}){}{}\n", event.time, registry::ToString(event.alias),
        event.action, event.version, event.previous.empty() ? "not set" : event.previous,
        event.forced ? " forced" : "", event.user.empty() ? "" : " by " + event.user);
  }
  return out;
}

std::string HistoryJson(const std::vector<registry::AliasEvent>& events) {
  Json list = Json::array();
  for (const auto& event : events) list.push_back(EventObject(event));
  return list.dump(2) + "\n";
}

}  // namespace attrition::cli
