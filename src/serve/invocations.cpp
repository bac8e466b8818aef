#include "serve/invocations.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <mutex>
#include <optional>

#include "attrition/model_reasons.h"
#include "attrition/model_tree_ensemble.h"
#include "serve/csv_rows.h"
#include "serve/instances.h"
#include "serve/json_rows.h"
#include "serve/json_text.h"
#include "serve/media_type.h"

namespace attrition::serve {
namespace {

enum class InputKind { kJsonRows, kJsonInstances, kCsvRows };

constexpr size_t kReasons = 3;

InputKind JsonKind(std::string_view body) {
  for (const char c : body) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    return c == '{' ? InputKind::kJsonInstances : InputKind::kJsonRows;
  }
  return InputKind::kJsonRows;
}

std::span<const MediaType> Offers(InputKind kind) {
  static constexpr std::array<MediaType, 2> kJsonFirst = {MediaType::kJson, MediaType::kCsv};
  static constexpr std::array<MediaType, 2> kCsvFirst = {MediaType::kCsv, MediaType::kJson};
  static constexpr std::array<MediaType, 1> kJsonOnly = {MediaType::kJson};
  switch (kind) {
    case InputKind::kJsonRows: return kJsonFirst;
    case InputKind::kCsvRows: return kCsvFirst;
    case InputKind::kJsonInstances: return kJsonOnly;
  }
  return kJsonFirst;
}

void WriteProbabilities(const ServingModel& model, const RowBatch& rows, InputKind kind,
                        MediaType accept, std::string& out) {
  const model::TreeEnsemble& ensemble = model.model.ensemble;
  if (accept == MediaType::kCsv) {
    for (size_t i = 0; i < rows.rows; ++i) {
      AppendJsonFloat(ensemble.PredictProbability(rows.Row(i)), out);
      out += '\n';
    }
    return;
  }
  // SageMaker's XGBoost container answers CSV requests accepting JSON in this shape.
  const bool scores = kind == InputKind::kCsvRows;
  out += scores ? "{\"predictions\":[" : "[";
  for (size_t i = 0; i < rows.rows; ++i) {
    if (i > 0) out += ',';
    if (scores) out += "{\"score\":";
    AppendJsonFloat(ensemble.PredictProbability(rows.Row(i)), out);
    if (scores) out += '}';
  }
  out += scores ? "]}" : "]";
}

// Replaces `contributions` (features + bias) by XGBoost's for `row` when its reasons sit
// on a near-tie; keeps them (and logs) should XGBoost fail.
void SettleNearTie(const ServingModel& model, std::span<const float> row,
                   std::vector<float>& contributions) {
  const size_t width = row.size();
  if (!model::ReasonsNearTie(std::span<const float>(contributions.data(), width), kReasons)) {
    return;
  }
  model::DenseMatrix x(1, width), c(1, width + 1);
  std::copy(row.begin(), row.end(), x.Row(0).begin());
  std::copy(contributions.begin(), contributions.end(), c.Row(0).begin());
  Status status;
  {
    std::lock_guard<std::mutex> lock(model.ties_mutex);
    status = model.ties.Resolve(x, c);
  }
  if (!status.ok()) {
    spdlog::warn("serve: reasons of a near-tie kept from the native SHAP: {}", status.ToString());
    return;
  }
  std::copy(c.Row(0).begin(), c.Row(0).end(), contributions.begin());
}

void WriteExplainedPredictions(const ServingModel& model, const RowBatch& rows,
                               InvocationScratch& scratch, std::string& out) {
  const model::TreeEnsemble& ensemble = model.model.ensemble;
  const double threshold = model.model.bundle.metadata.threshold;
  const size_t width = rows.width;
  scratch.contributions.resize(width + 1);
  std::array<int, kReasons> reasons{};
  out += "{\"predictions\":[";
  for (size_t i = 0; i < rows.rows; ++i) {
    const std::span<const float> row = rows.Row(i);
    const float probability = ensemble.PredictProbability(row);
    ensemble.Contributions(row, scratch.contributions);
    SettleNearTie(model, row, scratch.contributions);
    const size_t count = model::TopReasons(
        std::span<const float>(scratch.contributions.data(), width), reasons);
    if (i > 0) out += ',';
    out += "{\"probability\":";
    AppendJsonFloat(probability, out);
    out += static_cast<double>(probability) >= threshold ? ",\"prediction\":1" : ",\"prediction\":0";
    out += ",\"reasons\":[";
    for (size_t r = 0; r < count; ++r) {
      if (r > 0) out += ',';
      out += "{\"feature\":";
      out += model.json_feature_names[reasons[r]];
      out += ",\"contribution\":";
      AppendJsonFloat(scratch.contributions[reasons[r]], out);
      out += '}';
    }
    out += "]}";
  }
  out += "],\"model_version\":";
  AppendJsonString(model.version, out);
  out += '}';
}

}  // namespace

size_t HandleInvocation(const ServingModel& model, const InvocationRequest& request,
                        InvocationScratch& scratch, Reply& reply) {
  const std::optional<MediaType> content_type = ParseContentType(request.content_type);
  if (!content_type) {
    reply.Error(415, request.content_type.empty()
                         ? "missing Content-Type: expected application/json or text/csv"
                         : fmt::format("unsupported Content-Type \"{}\": expected "
                                       "application/json or text/csv",
                                       request.content_type.substr(0, 100)));
    return 0;
  }
  const InputKind kind =
      *content_type == MediaType::kCsv ? InputKind::kCsvRows : JsonKind(request.body);
  const std::optional<MediaType> accept = NegotiateAccept(request.accept, Offers(kind));
  if (!accept) {
    reply.Error(406, fmt::format("cannot answer with Accept \"{}\": this request can be answered "
                                 "as {}",
                                 request.accept.substr(0, 200),
                                 kind == InputKind::kJsonInstances
                                     ? "application/json"
                                     : "application/json or text/csv"));
    return 0;
  }
  const size_t width = model.num_features();
  Status parsed;
  switch (kind) {
    case InputKind::kJsonRows: parsed = ParseJsonRows(request.body, width, scratch.rows); break;
    case InputKind::kCsvRows: parsed = ParseCsvRows(request.body, width, scratch.rows); break;
    case InputKind::kJsonInstances:
      parsed = ParseInstances(request.body, model, scratch.rows);
      break;
  }
  if (!parsed.ok()) {
    reply.Error(400, parsed.message());
    return 0;
  }
  reply.status = 200;
  reply.content_type = ToString(*accept);
  reply.model_version = model.version;
  if (kind == InputKind::kJsonInstances) {
    WriteExplainedPredictions(model, scratch.rows, scratch, reply.body);
  } else {
    WriteProbabilities(model, scratch.rows, kind, *accept, reply.body);
  }
  return scratch.rows.rows;
}

}  // namespace attrition::serve
