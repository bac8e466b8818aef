// feature_plan.json: the plan in plan.py's layout (see docs/model_format.md).
#include <fmt/format.h>

#include "attrition/model_feature_plan.h"
#include "model/json_fields.h"

namespace attrition::model {
namespace {

using json_fields::Json;
constexpr std::string_view kDocument = "feature_plan.json";
constexpr int kVersion = 1;

Status Corrupt(std::string message) {
  return Status::Corruption(fmt::format("{}: {}", kDocument, message));
}

Json SourceJson(const FeatureSource& source) {
  if (source.category) return Json{{"dummy", Json::array({source.column, *source.category})}};
  return Json{{"column", source.column}};
}

Result<FeatureSource> ParseSource(const Json& sources, const std::string& feature) {
  auto it = sources.find(feature);
  if (it == sources.end() || !it->is_object()) {
    return Corrupt(fmt::format("sources has no entry for model feature {}", feature));
  }
  if (auto column = it->find("column"); column != it->end() && column->is_string()) {
    return FeatureSource{column->get<std::string>(), std::nullopt};
  }
  auto dummy = it->find("dummy");
  if (dummy != it->end() && dummy->is_array() && dummy->size() == 2 && (*dummy)[0].is_string() &&
      (*dummy)[1].is_string()) {
    return FeatureSource{(*dummy)[0].get<std::string>(), (*dummy)[1].get<std::string>()};
  }
  return Corrupt(fmt::format(
      "sources.{} must be {{\"column\": name}} or {{\"dummy\": [column, value]}}", feature));
}

Result<std::vector<std::pair<std::string, std::string>>> ParseRenames(const Json& plan) {
  std::vector<std::pair<std::string, std::string>> renames;
  auto it = plan.find("rename_cols");
  if (it == plan.end() || it->is_null()) return renames;
  if (!it->is_object()) return Corrupt("rename_cols must be an object");
  for (const auto& [from, to] : it->items()) {
    if (!to.is_string()) return Corrupt(fmt::format("rename_cols.{} must be a string", from));
    renames.emplace_back(from, to.get<std::string>());
  }
  return renames;
}

Result<FeaturePlanSpec> ParseSpec(const Json& plan) {
  FeaturePlanSpec spec;
  ATTRITION_ASSIGN_OR_RETURN(spec.dummy_cols,
                             json_fields::StringList(plan, "dummy_cols", kDocument));
  ATTRITION_ASSIGN_OR_RETURN(spec.rename_cols, ParseRenames(plan));
  ATTRITION_ASSIGN_OR_RETURN(spec.features, json_fields::StringList(plan, "features", kDocument));
  ATTRITION_ASSIGN_OR_RETURN(spec.drop, json_fields::StringList(plan, "drop", kDocument));
  ATTRITION_ASSIGN_OR_RETURN(spec.target, json_fields::String(plan, "target", kDocument));
  if (plan.contains("positive_class") && !plan["positive_class"].is_null()) {
    ATTRITION_ASSIGN_OR_RETURN(spec.positive_class,
                               json_fields::String(plan, "positive_class", kDocument));
  }
  return spec;
}

}  // namespace

std::string FeaturePlan::ToJson() const {
  Json renames = Json::object();
  for (const auto& [from, to] : spec_.rename_cols) renames[from] = to;
  Json sources = Json::object();
  for (size_t i = 0; i < num_features(); ++i) sources[feature_names_[i]] = SourceJson(sources_[i]);
  Json plan = {{"version", kVersion},
               {"dummy_cols", spec_.dummy_cols},
               {"rename_cols", renames},
               {"features", spec_.features},
               {"drop", spec_.drop},
               {"target", spec_.target},
               {"model_features", feature_names_},
               {"sources", sources}};
  if (spec_.positive_class) plan["positive_class"] = *spec_.positive_class;
  return plan.dump(1) + "\n";
}

Result<FeaturePlan> FeaturePlan::FromJson(std::string_view text) {
  ATTRITION_ASSIGN_OR_RETURN(Json plan, json_fields::Parse(text, kDocument));
  ATTRITION_ASSIGN_OR_RETURN(double version, json_fields::Number(plan, "version", kDocument));
  if (version != kVersion) {
    return Corrupt(fmt::format("version {} is not supported (expected {})", version, kVersion));
  }
  ATTRITION_ASSIGN_OR_RETURN(FeaturePlanSpec spec, ParseSpec(plan));
  ATTRITION_ASSIGN_OR_RETURN(std::vector<std::string> names,
                             json_fields::StringList(plan, "model_features", kDocument));
  ATTRITION_ASSIGN_OR_RETURN(const Json* sources, json_fields::Member(plan, "sources", kDocument));
  std::vector<FeatureSource> parsed;
  for (const std::string& name : names) {
    ATTRITION_ASSIGN_OR_RETURN(FeatureSource source, ParseSource(*sources, name));
    parsed.push_back(std::move(source));
  }
  Result<FeaturePlan> result = Create(std::move(spec), std::move(names), std::move(parsed));
  if (!result.ok()) return Corrupt(result.status().message());
  return result;
}

Result<FeaturePlan> FeaturePlan::LoadFile(const std::filesystem::path& path) {
  ATTRITION_ASSIGN_OR_RETURN(std::string text, json_fields::ReadFile(path.string()));
  Result<FeaturePlan> plan = FromJson(text);
  if (!plan.ok()) return plan.status().WithContext(path.string());
  return plan;
}

Status FeaturePlan::SaveFile(const std::filesystem::path& path) const {
  return json_fields::WriteFileAtomically(path.string(), ToJson());
}

}  // namespace attrition::model
