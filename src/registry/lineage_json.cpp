#include "registry/lineage_json.h"

#include <nlohmann/json.hpp>

namespace attrition::registry {
namespace {

using Json = nlohmann::ordered_json;

Json NullIfEmpty(const std::string& text) { return text.empty() ? Json() : Json(text); }

// The string at `key`, or "" when it is absent or null.
std::string OptionalString(const Json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return "";
  return it->get<std::string>();
}

int64_t OptionalInteger(const Json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return 0;
  return it->get<int64_t>();
}

Json LineageObject(const Lineage& lineage) {
  Json window = {{"start_month", NullIfEmpty(lineage.window.start_month)},
                 {"end_month", NullIfEmpty(lineage.window.end_month)},
                 {"test_start_month", NullIfEmpty(lineage.window.test_start_month)},
                 {"test_end_month", NullIfEmpty(lineage.window.test_end_month)}};
  Json libraries = Json::object();
  for (const auto& [name, version] : lineage.library_versions) libraries[name] = version;
  return {{"config_hash", NullIfEmpty(lineage.config_hash)},
          {"data_fingerprint", NullIfEmpty(lineage.data_fingerprint)},
          {"dataset", NullIfEmpty(lineage.dataset)},
          {"training_window", std::move(window)},
          {"training_rows", lineage.training_rows},
          {"test_rows", lineage.test_rows},
          {"library_versions", std::move(libraries)},
          {"parent_version", NullIfEmpty(lineage.parent_version)},
          {"run_id", NullIfEmpty(lineage.run_id)},
          {"environment", NullIfEmpty(lineage.environment)}};
}

Lineage ParseLineage(const Json& object) {
  Lineage lineage;
  lineage.config_hash = OptionalString(object, "config_hash");
  lineage.data_fingerprint = OptionalString(object, "data_fingerprint");
  lineage.dataset = OptionalString(object, "dataset");
  if (const auto window = object.find("training_window"); window != object.end()) {
    lineage.window.start_month = OptionalString(*window, "start_month");
    lineage.window.end_month = OptionalString(*window, "end_month");
    lineage.window.test_start_month = OptionalString(*window, "test_start_month");
    lineage.window.test_end_month = OptionalString(*window, "test_end_month");
  }
  lineage.training_rows = OptionalInteger(object, "training_rows");
  lineage.test_rows = OptionalInteger(object, "test_rows");
  if (const auto libraries = object.find("library_versions"); libraries != object.end()) {
    for (const auto& [name, version] : libraries->items()) {
      lineage.library_versions[name] = version.get<std::string>();
    }
  }
  lineage.parent_version = OptionalString(object, "parent_version");
  lineage.run_id = OptionalString(object, "run_id");
  lineage.environment = OptionalString(object, "environment");
  return lineage;
}

}  // namespace

std::string LineageToJson(const ModelVersion& version) {
  Json metrics = Json::object();
  for (const auto& [name, value] : version.metrics) metrics[name] = value;
  Json files = Json::array();
  for (const FileDigest& file : version.files) {
    files.push_back({{"path", file.path}, {"bytes", file.bytes}, {"sha256", file.sha256}});
  }
  const Json root = {
      {"format_version", kLineageFormatVersion},
      {"version", version.id},
      {"created", version.created},
      {"primary_metric", version.primary_metric},
      {"metrics", std::move(metrics)},
      {"lineage", LineageObject(version.lineage)},
      {"production_at_registration", NullIfEmpty(version.production_at_registration)},
      {"files", std::move(files)}};
  return root.dump(2) + "\n";
}

Result<ModelVersion> LineageFromJson(std::string_view text, const std::filesystem::path& file,
                                     const std::filesystem::path& dir) {
  try {
    const Json root = Json::parse(text);
    ModelVersion version;
    version.dir = dir;
    version.id = root.at("version").get<std::string>();
    version.created = root.at("created").get<std::string>();
    version.primary_metric = root.at("primary_metric").get<std::string>();
    for (const auto& [name, value] : root.at("metrics").items()) {
      version.metrics[name] = value.get<double>();
    }
    if (!version.metrics.contains(version.primary_metric)) {
      return Status::Corruption(file.string() + ": metrics lack the primary metric " +
                                version.primary_metric);
    }
    if (const auto lineage = root.find("lineage"); lineage != root.end()) {
      version.lineage = ParseLineage(*lineage);
    }
    version.production_at_registration = OptionalString(root, "production_at_registration");
    for (const Json& entry : root.at("files")) {
      version.files.push_back(FileDigest{entry.at("path").get<std::string>(),
                                         entry.at("bytes").get<int64_t>(),
                                         entry.at("sha256").get<std::string>()});
    }
    return version;
  } catch (const nlohmann::json::exception& error) {
    return Status::Corruption(file.string() + " is not a valid lineage file: " + error.what());
  }
}

std::string AliasEventToJson(const AliasEvent& event) {
  const Json line = {{"time", event.time},
                     {"alias", std::string(ToString(event.alias))},
                     {"action", event.action},
                     {"version", event.version},
                     {"previous", NullIfEmpty(event.previous)},
                     {"forced", event.forced},
                     {"user", NullIfEmpty(event.user)}};
  return line.dump();
}

Result<AliasEvent> AliasEventFromJson(std::string_view line, const std::filesystem::path& file,
                                      int line_number) {
  const std::string where = file.string() + " line " + std::to_string(line_number);
  try {
    const Json object = Json::parse(line);
    AliasEvent event;
    event.time = object.at("time").get<std::string>();
    const std::string alias = object.at("alias").get<std::string>();
    const std::optional<Alias> parsed = ParseAlias(alias);
    if (!parsed) return Status::Corruption(where + ": unknown alias \"" + alias + "\"");
    event.alias = *parsed;
    event.action = object.at("action").get<std::string>();
    if (event.action != "promote" && event.action != "rollback") {
      return Status::Corruption(where + ": unknown action \"" + event.action + "\"");
    }
    event.version = object.at("version").get<std::string>();
    event.previous = OptionalString(object, "previous");
    event.forced = object.value("forced", false);
    event.user = OptionalString(object, "user");
    return event;
  } catch (const nlohmann::json::exception& error) {
    return Status::Corruption(where + " is not a valid alias event: " + error.what());
  }
}

}  // namespace attrition::registry
