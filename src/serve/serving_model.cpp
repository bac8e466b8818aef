#include "serve/serving_model.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include "serve/json_text.h"

namespace attrition::serve {
namespace {

std::string NowIso8601() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

void SortUnique(std::vector<std::string>& names) {
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
}

bool Contains(const std::vector<std::string>& sorted, std::string_view name) {
  return std::binary_search(sorted.begin(), sorted.end(), name, std::less<>());
}

}  // namespace

bool ServingModel::IsInputColumn(std::string_view name) const { return Contains(input_columns, name); }
bool ServingModel::IsIgnoredField(std::string_view name) const { return Contains(ignored_fields, name); }

std::string JsonQuote(std::string_view text) {
  std::string out;
  AppendJsonString(text, out);
  return out;
}

Result<std::shared_ptr<const ServingModel>> LoadServingModel(const std::filesystem::path& dir,
                                                             std::string version) {
  Result<model::LoadedModel> loaded = model::LoadModel(dir);
  if (!loaded.ok()) {
    return loaded.status().WithContext("loading model " + version + " from " + dir.string());
  }
  auto serving = std::make_shared<ServingModel>(std::move(*loaded));
  serving->version = std::move(version);
  std::error_code ec;
  serving->dir = std::filesystem::absolute(dir, ec);
  serving->loaded_at = NowIso8601();

  const model::FeaturePlan& plan = serving->model.bundle.plan;
  for (const std::string& name : plan.feature_names()) {
    serving->json_feature_names.push_back(JsonQuote(name));
  }
  serving->input_columns = plan.InputColumns();
  SortUnique(serving->input_columns);
  const model::FeaturePlanSpec& spec = plan.spec();
  std::vector<std::string> known = spec.features;
  known.insert(known.end(), spec.drop.begin(), spec.drop.end());
  known.insert(known.end(), spec.dummy_cols.begin(), spec.dummy_cols.end());
  if (!spec.target.empty()) known.push_back(spec.target);
  for (const auto& [from, to] : spec.rename_cols) {
    known.push_back(from);
    known.push_back(to);
  }
  known.insert(known.end(), plan.feature_names().begin(), plan.feature_names().end());
  // The modeling dataset's own bookkeeping columns (SPEC 4), so that one of its rows can be
  // sent as it is; a model that reads one of them keeps it as an input below.
  for (const char* column : {"MRN", "INGESTED_DATE", "UPDATED_DATE", "STAGE"}) {
    known.push_back(column);
  }
  std::erase_if(known, [&](const std::string& name) { return serving->IsInputColumn(name); });
  SortUnique(known);
  serving->ignored_fields = std::move(known);
  return std::shared_ptr<const ServingModel>(std::move(serving));
}

}  // namespace attrition::serve
