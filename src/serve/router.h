// Routes a parsed HTTP request to its handler and fills the Reply:
//   GET /ping, POST /invocations, GET /models, GET /metrics; 404 for other paths, 405
//   (with Allow) for a wrong method. Independent of the HTTP library: the connection
//   hands over the request's method, target, headers and body as views.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "serve/invocations.h"
#include "serve/metrics.h"
#include "serve/model_slot.h"
#include "serve/model_watcher.h"
#include "serve/reply.h"

namespace attrition::serve {

// State shared by every I/O thread.
struct SharedState {
  explicit SharedState(size_t threads) : metrics(threads) {}
  ModelSlot slot;
  Metrics metrics;
  ModelWatcher* watcher = nullptr;  // set before serving starts
  std::atomic<int64_t> open_connections{0};
};

// State of one I/O thread (a request is handled start to end on one thread).
struct WorkerState {
  WorkerState(size_t worker_index, const ModelSlot& slot) : index(worker_index), model(slot) {}
  size_t index;
  ModelSlot::Reader model;
  InvocationScratch scratch;
};

struct RequestView {
  std::string_view method;  // "GET"
  std::string_view target;  // "/invocations?x=1"
  std::string_view content_type;
  std::string_view accept;
  std::string_view body;
};

// Handles `request` into `reply` (Reset by the caller) and returns the route it took,
// for the metrics; *rows_scored gets the rows /invocations scored.
Route HandleRequest(SharedState& shared, WorkerState& worker, const RequestView& request,
                    Reply& reply, size_t* rows_scored);

// The route of a target path, for requests that fail before they reach HandleRequest.
Route RouteOf(std::string_view target);

}  // namespace attrition::serve
