// Request metrics in Prometheus' text format (GET /metrics): requests by route and
// status, errors by route, a latency histogram by route, rows scored, open connections,
// and the loaded model version as an info gauge.
//
// Thread safety: one shard per I/O thread, written only by that thread (plain relaxed
// stores, no locked instructions on the hot path) and read by any thread when rendering.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace attrition::serve {

enum class Route { kPing, kInvocations, kModels, kMetrics, kOther };
inline constexpr size_t kRouteCount = 5;
std::string_view RouteLabel(Route route);  // "/ping", ..., "other"

// What /metrics shows besides the request counters.
struct MetricsContext {
  std::string_view model_version;  // "" when no model is loaded
  std::string_view model_reference;
  uint64_t model_swaps = 0;
  uint64_t model_load_failures = 0;
  int64_t open_connections = 0;
};

class Metrics {
 public:
  explicit Metrics(size_t shards);

  // Records one answered request on `shard` (the I/O thread's index).
  void Record(size_t shard, Route route, int status, double seconds, size_t rows_scored);

  std::string Render(const MetricsContext& context) const;

 private:
  static constexpr std::array<int, 12> kStatuses = {200, 400, 404, 405, 406, 408,
                                                    413, 415, 431, 500, 503, 0};  // 0: other
  static constexpr std::array<double, 13> kBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.002,
                                                      0.005,  0.01,    0.025,  0.05,  0.1,
                                                      0.25,   1.0,     5.0};
  using Counter = std::atomic<uint64_t>;
  struct alignas(64) Shard {
    std::array<std::array<Counter, kStatuses.size()>, kRouteCount> requests{};
    std::array<std::array<Counter, kBuckets.size() + 1>, kRouteCount> buckets{};
    std::array<Counter, kRouteCount> nanoseconds{};
    Counter rows_scored{0};
  };

  static void Add(Counter& counter, uint64_t n) {
    counter.store(counter.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }
  static size_t StatusIndex(int status);

  std::unique_ptr<Shard[]> shards_;
  size_t shard_count_;
};

}  // namespace attrition::serve
