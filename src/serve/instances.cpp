#include "serve/instances.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "attrition/model_raw_table.h"

namespace attrition::serve {
namespace {

using Json = nlohmann::json;

constexpr int kMaxNesting = 32;
constexpr char kShape[] = "expected {\"instances\": [{field: value, ...}, ...]}";

// The deepest bracket nesting of `body` outside strings: refused before building a tree.
int NestingDepth(std::string_view body) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

std::string FieldList(const std::vector<std::string>& names) {
  std::string list;
  for (const std::string& name : names) {
    if (!list.empty()) list += ", ";
    list += name;
  }
  return list;
}

Status Bad(std::string message) { return Status::InvalidArgument(std::move(message)); }

}  // namespace

Status ParseInstances(std::string_view body, const ServingModel& model, RowBatch& out) {
  const size_t width = model.num_features();
  out.Reset(width);
  if (NestingDepth(body) > kMaxNesting) {
    return Bad(fmt::format("{}: nested deeper than {} levels", kShape, kMaxNesting));
  }
  Json document;
  try {
    document = Json::parse(body.begin(), body.end());
  } catch (const Json::parse_error& e) {
    std::string_view what = e.what();
    if (const size_t cut = what.find("] "); cut != std::string_view::npos) what.remove_prefix(cut + 2);
    return Bad(fmt::format("malformed JSON at byte {}: {}", e.byte > 0 ? e.byte - 1 : 0, what));
  } catch (const Json::out_of_range& e) {  // a number beyond double, e.g. 1e999
    std::string_view what = e.what();
    if (const size_t cut = what.find("] "); cut != std::string_view::npos) what.remove_prefix(cut + 2);
    return Bad(fmt::format("malformed JSON: {}", what));
  }
  if (!document.is_object()) return Bad(std::string(kShape) + ": the body is not an object");
  const auto instances = document.find("instances");
  if (instances == document.end()) return Bad(std::string(kShape) + ": no \"instances\" key");
  if (!instances->is_array() || instances->empty()) {
    return Bad(std::string(kShape) + ": \"instances\" must be a non-empty array");
  }

  const model::FeaturePlan& plan = model.model.bundle.plan;
  std::vector<model::RawField> fields;
  fields.reserve(model.input_columns.size());
  for (size_t i = 0; i < instances->size(); ++i) {
    const Json& instance = (*instances)[i];
    if (!instance.is_object()) {
      return Bad(fmt::format("instance {}: expected an object of named fields, got {}", i,
                             instance.type_name()));
    }
    fields.clear();
    for (const auto& [name, value] : instance.items()) {
      if (!model.IsInputColumn(name)) {
        if (model.IsIgnoredField(name)) continue;
        return Bad(fmt::format("instance {}: unknown field \"{}\" (the model reads: {})", i, name,
                               FieldList(model.input_columns)));
      }
      model::RawField field{.name = name, .value = std::monostate{}};
      if (value.is_number()) {
        field.value = value.get<double>();
      } else if (value.is_string()) {
        field.value = std::string_view(value.get_ref<const std::string&>());
      } else if (value.is_boolean()) {
        field.value = value.get<bool>() ? 1.0 : 0.0;
      } else if (!value.is_null()) {
        return Bad(fmt::format("instance {}: field \"{}\": expected a number, text or null, got {}",
                               i, name, value.type_name()));
      }
      fields.push_back(field);
    }
    if (fields.size() != model.input_columns.size()) {
      std::string missing;
      size_t count = 0;
      for (const std::string& column : model.input_columns) {
        if (instance.contains(column)) continue;
        missing += (count++ == 0 ? "\"" : ", \"") + column + "\"";
      }
      return Bad(fmt::format("instance {}: missing field{} {} (use null for a missing value)", i,
                             count == 1 ? "" : "s", missing));
    }
    out.values.resize((i + 1) * width);
    const Status applied = plan.Apply(fields, std::span<float>(out.values.data() + i * width, width));
    if (!applied.ok()) return Bad(fmt::format("instance {}: {}", i, applied.message()));
    out.rows = i + 1;
  }
  return Status::OK();
}

}  // namespace attrition::serve
