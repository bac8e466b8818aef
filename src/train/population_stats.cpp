#include "train/population_stats.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <bit>
#include <thread>

#include "train/ranked_scores.h"

namespace attrition::train {
namespace {

struct Column {
  std::vector<double> sorted;  // non-missing values, ascending
  size_t total = 0;            // including missing
};

// The non-missing values of one column, sorted with a radix sort on the float bits.
Column SortedColumn(std::span<const float> values) {
  std::vector<uint64_t> keys, scratch;
  keys.reserve(values.size());
  for (float v : values) {
    if (!std::isnan(v)) keys.push_back(OrderedFloatBits(v));
  }
  RadixSortLowBits(keys, scratch, 32);
  Column column;
  column.total = values.size();
  column.sorted.reserve(keys.size());
  for (uint64_t key : keys) {
    const uint32_t bits = static_cast<uint32_t>(key);
    const uint32_t raw = (bits & 0x80000000u) ? (bits ^ 0x80000000u) : ~bits;
    column.sorted.push_back(std::bit_cast<float>(raw));
  }
  return column;
}

std::vector<float> Gather(const model::DenseMatrix& x, std::span<const size_t> rows, size_t col) {
  std::vector<float> out(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) out[i] = x.at(rows[i], col);
  return out;
}

DecileBins BinsOfSorted(const Column& column) {
  DecileBins bins;
  if (column.total == 0) return bins;
  bins.null_proportion =
      static_cast<double>(column.total - column.sorted.size()) / static_cast<double>(column.total);
  if (column.sorted.empty()) {
    bins.proportions = {0.0};
    bins.null_proportion = 1.0;
    return bins;
  }
  for (int i = 1; i < 10; ++i) {
    const double edge = LinearQuantile(column.sorted, i * 0.1);  // numpy.linspace(0, 1, 11)
    if (bins.edges.empty() || edge != bins.edges.back()) bins.edges.push_back(edge);
  }
  // numpy.searchsorted(edges, v, side="left"): bin k holds edges[k-1] < v <= edges[k].
  std::vector<size_t> counts(bins.edges.size() + 1, 0);
  size_t bin = 0;
  for (double v : column.sorted) {
    while (bin < bins.edges.size() && v > bins.edges[bin]) ++bin;
    ++counts[bin];
  }
  for (size_t c : counts) {
    bins.proportions.push_back(static_cast<double>(c) / static_cast<double>(column.total));
  }
  return bins;
}

nlohmann::ordered_json BinsJson(const DecileBins& bins, bool with_nulls) {
  nlohmann::ordered_json j = {{"edges", bins.edges}, {"proportions", bins.proportions}};
  if (with_nulls) j["null_proportion"] = bins.null_proportion;
  return j;
}

// Runs fn(col) for every column on up to two threads (columns are independent).
template <typename Fn>
void ForEachColumn(size_t cols, Fn fn) {
  const size_t workers = std::min<size_t>(2, std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::thread> threads;
  for (size_t w = 1; w < workers; ++w) {
    threads.emplace_back([&, w] {
      for (size_t c = w; c < cols; c += workers) fn(c);
    });
  }
  for (size_t c = 0; c < cols; c += workers) fn(c);
  for (std::thread& t : threads) t.join();
}

}  // namespace

DecileBins ComputeDecileBins(std::span<const float> values) {
  return BinsOfSorted(SortedColumn(values));
}

nlohmann::ordered_json ProfileJson(const model::DenseMatrix& x, std::span<const size_t> rows,
                           const std::vector<std::string>& names) {
  std::vector<nlohmann::ordered_json> profiles(x.cols());
  ForEachColumn(x.cols(), [&](size_t col) {
    const Column column = SortedColumn(Gather(x, rows, col));
    const std::vector<double>& v = column.sorted;
    nlohmann::ordered_json p = {{"count", column.total}, {"nulls", column.total - v.size()}};
    if (v.empty()) {
      for (const char* key : {"mean", "std", "min", "p05", "p25", "p50", "p75", "p95", "max"}) {
        p[key] = nullptr;
      }
    } else {
      double sum = 0.0;
      for (double value : v) sum += value;
      const double mean = sum / static_cast<double>(v.size());
      double squares = 0.0;
      for (double value : v) squares += (value - mean) * (value - mean);
      p["mean"] = mean;
      p["std"] = std::sqrt(squares / static_cast<double>(v.size()));
      p["min"] = v.front();
      p["p05"] = LinearQuantile(v, 0.05);
      p["p25"] = LinearQuantile(v, 0.25);
      p["p50"] = LinearQuantile(v, 0.5);
      p["p75"] = LinearQuantile(v, 0.75);
      p["p95"] = LinearQuantile(v, 0.95);
      p["max"] = v.back();
    }
    profiles[col] = std::move(p);
  });
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (size_t col = 0; col < x.cols(); ++col) out[names[col]] = std::move(profiles[col]);
  return out;
}

nlohmann::ordered_json BaselineJson(const model::DenseMatrix& x, std::span<const size_t> rows,
                            const std::vector<std::string>& names,
                            std::span<const float> scores) {
  std::vector<DecileBins> bins(x.cols());
  ForEachColumn(x.cols(), [&](size_t col) { bins[col] = ComputeDecileBins(Gather(x, rows, col)); });
  nlohmann::ordered_json features = nlohmann::ordered_json::object();
  for (size_t col = 0; col < x.cols(); ++col) features[names[col]] = BinsJson(bins[col], true);
  return {{"features", std::move(features)},
          {"score", BinsJson(ComputeDecileBins(scores), false)},
          {"rows", rows.size()}};
}

}  // namespace attrition::train
