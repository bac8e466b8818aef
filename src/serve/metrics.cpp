#include "serve/metrics.h"

#include <fmt/format.h>

namespace attrition::serve {

std::string_view RouteLabel(Route route) {
  switch (route) {
    case Route::kPing: return "/ping";
    case Route::kInvocations: return "/invocations";
    case Route::kModels: return "/models";
    case Route::kMetrics: return "/metrics";
    case Route::kOther: return "other";
  }
  return "other";
}

Metrics::Metrics(size_t shards)
    : shards_(std::make_unique<Shard[]>(shards)), shard_count_(shards) {}

size_t Metrics::StatusIndex(int status) {
  for (size_t i = 0; i + 1 < kStatuses.size(); ++i) {
    if (kStatuses[i] == status) return i;
  }
  return kStatuses.size() - 1;
}

void Metrics::Record(size_t shard, Route route, int status, double seconds, size_t rows_scored) {
  Shard& s = shards_[shard % shard_count_];
  const size_t r = static_cast<size_t>(route);
  Add(s.requests[r][StatusIndex(status)], 1);
  size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  Add(s.buckets[r][bucket], 1);
  Add(s.nanoseconds[r], static_cast<uint64_t>(seconds * 1e9));
  if (rows_scored > 0) Add(s.rows_scored, rows_scored);
}

std::string Metrics::Render(const MetricsContext& context) const {
  const auto sum = [&](auto pick) {
    uint64_t total = 0;
    for (size_t i = 0; i < shard_count_; ++i) total += pick(shards_[i]).load(std::memory_order_relaxed);
    return total;
  };
  std::string out;
  out += "# HELP attrition_http_requests_total Requests answered, by route and status.\n"
         "# TYPE attrition_http_requests_total counter\n";
  for (size_t r = 0; r < kRouteCount; ++r) {
    for (size_t s = 0; s < kStatuses.size(); ++s) {
      const uint64_t n = sum([&](const Shard& shard) -> const Counter& { return shard.requests[r][s]; });
      if (n == 0) continue;
      out += fmt::format("attrition_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n",
                         RouteLabel(static_cast<Route>(r)),
                         kStatuses[s] == 0 ? std::string("other") : std::to_string(kStatuses[s]), n);
    }
  }
  out += "# HELP attrition_http_request_errors_total Requests answered with a 4xx or 5xx status.\n"
         "# TYPE attrition_http_request_errors_total counter\n";
  for (size_t r = 0; r < kRouteCount; ++r) {
    uint64_t errors = 0;
    for (size_t s = 0; s < kStatuses.size(); ++s) {
      if (kStatuses[s] >= 400 || kStatuses[s] == 0) {
        errors += sum([&](const Shard& shard) -> const Counter& { return shard.requests[r][s]; });
      }
    }
    out += fmt::format("attrition_http_request_errors_total{{route=\"{}\"}} {}\n",
                       RouteLabel(static_cast<Route>(r)), errors);
  }
  out += "# HELP attrition_http_request_duration_seconds Time from a request's arrival to its "
         "answer.\n# TYPE attrition_http_request_duration_seconds histogram\n";
  for (size_t r = 0; r < kRouteCount; ++r) {
    const std::string_view route = RouteLabel(static_cast<Route>(r));
    uint64_t cumulative = 0;
    for (size_t b = 0; b <= kBuckets.size(); ++b) {
      cumulative += sum([&](const Shard& shard) -> const Counter& { return shard.buckets[r][b]; });
      const std::string le = b < kBuckets.size() ? fmt::format("{}", kBuckets[b]) : "+Inf";
      out += fmt::format(
          "attrition_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", route,
          le, cumulative);
    }
    const double seconds =
        static_cast<double>(sum([&](const Shard& shard) -> const Counter& { return shard.nanoseconds[r]; })) * 1e-9;
    out += fmt::format("attrition_http_request_duration_seconds_sum{{route=\"{}\"}} {:.6f}\n",
                       route, seconds);
    out += fmt::format("attrition_http_request_duration_seconds_count{{route=\"{}\"}} {}\n",
                       route, cumulative);
  }
  out += fmt::format(
      "# HELP attrition_rows_scored_total Rows scored by /invocations.\n"
      "# TYPE attrition_rows_scored_total counter\nattrition_rows_scored_total {}\n",
      sum([](const Shard& shard) -> const Counter& { return shard.rows_scored; }));
  out += fmt::format(
      "# HELP attrition_open_connections Client connections open now.\n"
      "# TYPE attrition_open_connections gauge\nattrition_open_connections {}\n",
      context.open_connections);
  out += fmt::format(
      "# HELP attrition_model_swaps_total Times a new model version was swapped in.\n"
      "# TYPE attrition_model_swaps_total counter\nattrition_model_swaps_total {}\n"
      "# HELP attrition_model_load_failures_total Model loads that failed (the old model "
      "stayed).\n# TYPE attrition_model_load_failures_total counter\n"
      "attrition_model_load_failures_total {}\n",
      context.model_swaps, context.model_load_failures);
  out += "# HELP attrition_model_loaded 1 when a model is loaded.\n"
         "# TYPE attrition_model_loaded gauge\n";
  out += fmt::format("attrition_model_loaded {}\n", context.model_version.empty() ? 0 : 1);
  out += "# HELP attrition_model_info The model version being served.\n"
         "# TYPE attrition_model_info gauge\n";
  if (!context.model_version.empty()) {
    out += fmt::format("attrition_model_info{{version=\"{}\",reference=\"{}\"}} 1\n",
                       context.model_version, context.model_reference);
  }
  return out;
}

}  // namespace attrition::serve
