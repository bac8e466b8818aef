// metadata.json (see docs/model_format.md).
#include <fmt/format.h>

#include "attrition/model_bundle.h"
#include "model/json_fields.h"

namespace attrition::model {
namespace {

using json_fields::Json;
constexpr std::string_view kDocument = "metadata.json";
constexpr int kFormatVersion = 1;

Status Corrupt(std::string message) {
  return Status::Corruption(fmt::format("{}: {}", kDocument, message));
}

// Optional members: absent keeps the default; present with another type is an error.
Status ReadString(const Json& object, std::string_view key, std::string& out) {
  if (!object.contains(key)) return Status::OK();
  ATTRITION_ASSIGN_OR_RETURN(out, json_fields::String(object, key, kDocument));
  return Status::OK();
}

template <typename Number>
Status ReadNumber(const Json& object, std::string_view key, Number& out) {
  if (!object.contains(key)) return Status::OK();
  ATTRITION_ASSIGN_OR_RETURN(double value, json_fields::Number(object, key, kDocument));
  out = static_cast<Number>(value);
  return Status::OK();
}

template <typename Value>
Status ReadMap(const Json& object, std::string_view key, std::map<std::string, Value>& out) {
  if (!object.contains(key)) return Status::OK();
  const Json& map = object.at(key);
  if (!map.is_object()) return Corrupt(fmt::format("{} must be an object", key));
  for (const auto& [name, value] : map.items()) {
    bool ok = std::is_same_v<Value, std::string> ? value.is_string() : value.is_number();
    if (!ok) return Corrupt(fmt::format("{}.{} has the wrong type", key, name));
    out[name] = value.template get<Value>();
  }
  return Status::OK();
}

Json LineageJson(const ModelLineage& lineage) {
  return Json{{"config_hash", lineage.config_hash},
              {"data_fingerprint", lineage.data_fingerprint},
              {"dataset", lineage.dataset},
              {"start_month", lineage.start_month},
              {"max_month", lineage.max_month},
              {"as_of_month", lineage.as_of_month},
              {"library_versions", lineage.library_versions}};
}

Status ReadLineage(const Json& object, ModelLineage& lineage) {
  if (!object.contains("lineage")) return Status::OK();
  const Json& json = object.at("lineage");
  if (!json.is_object()) return Corrupt("lineage must be an object");
  ATTRITION_RETURN_IF_ERROR(ReadString(json, "config_hash", lineage.config_hash));
  ATTRITION_RETURN_IF_ERROR(ReadString(json, "data_fingerprint", lineage.data_fingerprint));
  ATTRITION_RETURN_IF_ERROR(ReadString(json, "dataset", lineage.dataset));
  ATTRITION_RETURN_IF_ERROR(ReadString(json, "start_month", lineage.start_month));
  ATTRITION_RETURN_IF_ERROR(ReadString(json, "max_month", lineage.max_month));
  ATTRITION_RETURN_IF_ERROR(ReadString(json, "as_of_month", lineage.as_of_month));
  return ReadMap(json, "library_versions", lineage.library_versions);
}

Status ReadConfusion(const Json& object, ConfusionMatrix& matrix) {
  if (!object.contains("test_confusion")) return Status::OK();
  const Json& json = object.at("test_confusion");
  if (!json.is_object()) return Corrupt("test_confusion must be an object");
  ATTRITION_RETURN_IF_ERROR(ReadNumber(json, "tn", matrix.tn));
  ATTRITION_RETURN_IF_ERROR(ReadNumber(json, "fp", matrix.fp));
  ATTRITION_RETURN_IF_ERROR(ReadNumber(json, "fn", matrix.fn));
  return ReadNumber(json, "tp", matrix.tp);
}

}  // namespace

std::string MetadataToJson(const ModelMetadata& m) {
  const ConfusionMatrix& c = m.test_confusion;
  Json json = {{"format_version", kFormatVersion},
               {"model_version", m.model_version},
               {"created_at", m.created_at},
               {"threshold", m.threshold},
               {"odds_correction", m.odds_correction},
               {"best_iteration", m.best_iteration},
               {"metrics", m.metrics},
               {"hyperparameters", m.hyperparameters},
               {"test_confusion", {{"tn", c.tn}, {"fp", c.fp}, {"fn", c.fn}, {"tp", c.tp}}},
               {"lineage", LineageJson(m.lineage)}};
  return json.dump(1) + "\n";
}

Result<ModelMetadata> MetadataFromJson(std::string_view text) {
  ATTRITION_ASSIGN_OR_RETURN(Json json, json_fields::Parse(text, kDocument));
  if (!json.is_object()) return Corrupt("expected an object");
  ModelMetadata m;
  ATTRITION_RETURN_IF_ERROR(ReadString(json, "model_version", m.model_version));
  ATTRITION_RETURN_IF_ERROR(ReadString(json, "created_at", m.created_at));
  ATTRITION_RETURN_IF_ERROR(ReadNumber(json, "threshold", m.threshold));
  ATTRITION_RETURN_IF_ERROR(ReadNumber(json, "odds_correction", m.odds_correction));
  ATTRITION_RETURN_IF_ERROR(ReadNumber(json, "best_iteration", m.best_iteration));
  ATTRITION_RETURN_IF_ERROR(ReadMap(json, "metrics", m.metrics));
  ATTRITION_RETURN_IF_ERROR(ReadMap(json, "hyperparameters", m.hyperparameters));
  ATTRITION_RETURN_IF_ERROR(ReadConfusion(json, m.test_confusion));
  ATTRITION_RETURN_IF_ERROR(ReadLineage(json, m.lineage));
  if (!(m.threshold >= 0.0 && m.threshold <= 1.0)) {
    return Corrupt(fmt::format("threshold {} is outside [0, 1]", m.threshold));
  }
  return m;
}

}  // namespace attrition::model
