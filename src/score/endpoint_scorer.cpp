#include "score/endpoint_scorer.h"

#include <curl/curl.h>

#include <cmath>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace attrition::score {
namespace {

using nlohmann::json;

size_t AppendBody(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

// One instance of named raw fields (the plan's input columns) from row `row`.
json Instance(const model::RawTable& chunk, const std::vector<int>& columns, size_t row) {
  json instance = json::object();
  for (int c : columns) {
    const model::RawColumn& column = chunk.column(c);
    if (column.kind() == model::RawColumn::Kind::kNumeric) {
      const double value = column.Number(row);
      instance[column.name()] = std::isnan(value) ? json(nullptr) : json(value);
    } else if (auto text = column.Text(row)) {
      instance[column.name()] = std::string(*text);
    } else {
      instance[column.name()] = nullptr;
    }
  }
  return instance;
}

}  // namespace

struct EndpointScorer::Impl {
  std::string url;  // <base>/invocations
  std::string model_version;
  bool warned_unversioned = false;
  CURL* curl = nullptr;
  int batch_rows = 1000;
  std::vector<std::string> input_columns;
  std::unordered_map<std::string, int16_t> feature_index;

  ~Impl() {
    if (curl != nullptr) curl_easy_cleanup(curl);
  }

  Result<json> Post(const std::string& body) {
    std::string response;
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, AppendBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 300000L);
    const CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    if (rc != CURLE_OK) {
      return Status::Unavailable(
          fmt::format("--endpoint: POST {} failed: {}", url, curl_easy_strerror(rc)));
    }
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    if (status != 200) {
      return Status::InvalidArgument(fmt::format("--endpoint: POST {} answered {}: {}", url,
                                                 status, response.substr(0, 500)));
    }
    json parsed = json::parse(response, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) {
      return Status::Corruption(fmt::format("--endpoint: POST {} answered with malformed JSON: {}",
                                            url, response.substr(0, 200)));
    }
    return parsed;
  }

  // The answer's "model_version" must be the run's; an endpoint that does not say is
  // trusted, with one warning.
  Status CheckModelVersion(const json& response) {
    const auto version = response.is_object() ? response.find("model_version") : response.end();
    if (version == response.end() || !version->is_string()) {
      if (!warned_unversioned) {
        spdlog::warn("score: {} does not say which model version it serves; the rows are "
                     "recorded as {}",
                     url, model_version);
        warned_unversioned = true;
      }
      return Status::OK();
    }
    if (version->get_ref<const std::string&>() == model_version) return Status::OK();
    return Status::FailedPrecondition(fmt::format(
        "--endpoint: {} serves model {}, but this run scores with {}: its rows would carry one "
        "version's name, threshold and forecast correction with the other's probabilities. "
        "Serve the same version (`attrition serve --model {}`) or score with --model {}",
        url, version->get_ref<const std::string&>(), model_version, model_version,
        version->get_ref<const std::string&>()));
  }

  // Reads one prediction object: {"probability": p, "reasons": [name | {"feature": name}]}.
  Status ReadPrediction(const json& item, float* probability, ReasonIndices* reasons) const {
    if (!item.is_object() || !item.contains("probability") || !item["probability"].is_number()) {
      return Status::Corruption(fmt::format(
          "--endpoint: expected predictions with a numeric \"probability\", got {}",
          item.dump().substr(0, 200)));
    }
    *probability = item["probability"].get<float>();
    reasons->fill(-1);
    if (!item.contains("reasons")) return Status::OK();
    const json& list = item["reasons"];
    if (!list.is_array()) return Status::Corruption("--endpoint: \"reasons\" is not an array");
    for (size_t k = 0; k < list.size() && k < reasons->size(); ++k) {
      const json& reason = list[k];
      std::string name;
      if (reason.is_string()) {
        name = reason.get<std::string>();
      } else if (reason.is_object() && reason.contains("feature") &&
                 reason["feature"].is_string()) {
        name = reason["feature"].get<std::string>();
      } else {
        return Status::Corruption("--endpoint: a reason is neither a feature name nor "
                                  "{\"feature\": name}: " + reason.dump());
      }
      auto it = feature_index.find(name);
      if (it == feature_index.end()) {
        return Status::Corruption("--endpoint: reason \"" + name +
                                  "\" is not a feature of the model being scored; is the "
                                  "endpoint serving another model?");
      }
      (*reasons)[k] = it->second;
    }
    return Status::OK();
  }
};

EndpointScorer::EndpointScorer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EndpointScorer::~EndpointScorer() = default;

Result<std::unique_ptr<EndpointScorer>> EndpointScorer::Create(const std::string& base_url,
                                                               const model::FeaturePlan& plan,
                                                               std::string model_version,
                                                               int batch_rows) {
  if (!base_url.starts_with("http://") && !base_url.starts_with("https://")) {
    return Status::InvalidArgument("--endpoint: got '" + base_url +
                                   "', expected http://host:port of a running `attrition serve`");
  }
  auto impl = std::make_unique<Impl>();
  std::string base = base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  if (base.ends_with("/invocations")) base.resize(base.size() - std::string("/invocations").size());
  impl->url = base + "/invocations";
  impl->model_version = std::move(model_version);
  impl->batch_rows = batch_rows;
  impl->input_columns = plan.InputColumns();
  for (size_t f = 0; f < plan.num_features(); ++f) {
    impl->feature_index[plan.feature_names()[f]] = static_cast<int16_t>(f);
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  impl->curl = curl_easy_init();
  if (impl->curl == nullptr) return Status::Internal("--endpoint: curl_easy_init failed");
  return std::unique_ptr<EndpointScorer>(new EndpointScorer(std::move(impl)));
}

Status EndpointScorer::Score(const model::RawTable& chunk, std::vector<float>* probabilities,
                             std::vector<ReasonIndices>* reasons) {
  std::vector<int> columns;
  for (const std::string& name : impl_->input_columns) {
    for (size_t c = 0; c < chunk.num_columns(); ++c) {
      if (chunk.column(c).name() == name) columns.push_back(static_cast<int>(c));
    }
  }
  probabilities->resize(chunk.num_rows());
  reasons->resize(chunk.num_rows());
  const size_t batch = static_cast<size_t>(impl_->batch_rows);
  for (size_t begin = 0; begin < chunk.num_rows(); begin += batch) {
    const size_t end = std::min(chunk.num_rows(), begin + batch);
    json body = {{"instances", json::array()}};
    for (size_t row = begin; row < end; ++row) {
      body["instances"].push_back(Instance(chunk, columns, row));
    }
    ATTRITION_ASSIGN_OR_RETURN(json response, impl_->Post(body.dump()));
    ATTRITION_RETURN_IF_ERROR(impl_->CheckModelVersion(response));
    const json* list = &response;
    if (response.is_object() && response.contains("predictions")) list = &response["predictions"];
    if (!list->is_array() || list->size() != end - begin) {
      return Status::Corruption(fmt::format(
          "--endpoint: expected {} predictions (an array, or {{\"predictions\": [...]}}), got {}",
          end - begin, response.dump().substr(0, 200)));
    }
    for (size_t i = 0; i < end - begin; ++i) {
      ATTRITION_RETURN_IF_ERROR(impl_->ReadPrediction((*list)[i], &(*probabilities)[begin + i],
                                                      &(*reasons)[begin + i]));
    }
  }
  return Status::OK();
}

}  // namespace attrition::score
