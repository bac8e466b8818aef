#include "serve/router.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "attrition/model_bundle.h"

namespace attrition::serve {
namespace {

std::string_view PathOf(std::string_view target) { return target.substr(0, target.find('?')); }

std::string ModelsJson(const SharedState& shared, const ServingModel* model) {
  nlohmann::ordered_json out;
  const ModelSource& source = shared.watcher->source();
  out["loaded"] = model != nullptr;
  if (source.model_dir.empty()) {
    out["reference"] = source.reference;
    std::error_code ec;
    out["artifacts_dir"] = std::filesystem::absolute(source.artifacts_dir, ec).string();
  }
  out["swaps"] = shared.watcher->swaps();
  const std::string error = shared.watcher->last_error();
  if (!error.empty()) out["last_load_error"] = error;
  if (model == nullptr) return out.dump(2) + "\n";
  const model::LoadedModel& loaded = model->model;
  out["model_version"] = model->version;
  out["model_dir"] = model->dir.string();
  out["loaded_at"] = model->loaded_at;
  out["threshold"] = loaded.bundle.metadata.threshold;
  out["odds_correction"] = loaded.bundle.metadata.odds_correction;
  out["num_trees"] = loaded.ensemble.num_trees();
  out["features"] = loaded.bundle.plan.feature_names();
  out["input_fields"] = model->input_columns;
  out["metadata"] = nlohmann::ordered_json::parse(model::MetadataToJson(loaded.bundle.metadata),
                                                  nullptr, /*allow_exceptions=*/false);
  return out.dump(2) + "\n";
}

}  // namespace

Route RouteOf(std::string_view target) {
  const std::string_view path = PathOf(target);
  if (path == "/invocations") return Route::kInvocations;
  if (path == "/ping") return Route::kPing;
  if (path == "/models") return Route::kModels;
  if (path == "/metrics") return Route::kMetrics;
  return Route::kOther;
}

Route HandleRequest(SharedState& shared, WorkerState& worker, const RequestView& request,
                    Reply& reply, size_t* rows_scored) {
  *rows_scored = 0;
  const Route route = RouteOf(request.target);
  const std::string_view expected = route == Route::kInvocations ? "POST" : "GET";
  if (route == Route::kOther) {
    reply.Error(404, fmt::format("no route {} {}; the routes are GET /ping, POST /invocations, "
                                 "GET /models and GET /metrics",
                                 request.method, PathOf(request.target).substr(0, 200)));
    return route;
  }
  if (request.method != expected) {
    reply.Error(405, fmt::format("{} {} is not allowed; use {}", request.method,
                                 RouteLabel(route), expected));
    reply.allow = expected;
    return route;
  }
  // Held by the worker's reader until this thread's next request.
  const std::shared_ptr<const ServingModel>& model = worker.model.Get();
  switch (route) {
    case Route::kPing:
      if (model) {
        reply.status = 200;
        reply.content_type = "text/plain";
      } else {
        reply.Error(503, "no model loaded: " + shared.watcher->last_error());
      }
      break;
    case Route::kInvocations:
      if (!model) {
        reply.Error(503, "no model loaded: " + shared.watcher->last_error());
        break;
      }
      *rows_scored = HandleInvocation(
          *model, {.content_type = request.content_type, .accept = request.accept, .body = request.body},
          worker.scratch, reply);
      break;
    case Route::kModels:
      reply.body = ModelsJson(shared, model.get());
      break;
    case Route::kMetrics: {
      const std::string& reference = shared.watcher->source().reference;
      reply.content_type = "text/plain; version=0.0.4; charset=utf-8";
      reply.body = shared.metrics.Render(
          {.model_version = model ? std::string_view(model->version) : std::string_view(),
           .model_reference = shared.watcher->source().model_dir.empty() ? std::string_view(reference)
                                                                         : std::string_view("dir"),
           .model_swaps = shared.watcher->swaps(),
           .model_load_failures = shared.watcher->load_failures(),
           .open_connections = shared.open_connections.load(std::memory_order_relaxed)});
      break;
    }
    case Route::kOther:
      break;
  }
  return route;
}

}  // namespace attrition::serve
