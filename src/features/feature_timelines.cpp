#include "features/feature_timelines.h"

#include <algorithm>
#include <thread>

namespace attrition::features {
namespace {

// Splits customers [0, n) into `parts` contiguous ranges of about equal spine rows.
std::vector<int32_t> SplitByRows(const std::vector<int64_t>& offsets, int parts) {
  const auto n = static_cast<int32_t>(offsets.size()) - 1;
  std::vector<int32_t> bounds{0};
  for (int p = 1; p < parts; ++p) {
    const int64_t target = offsets.back() * p / parts;
    const auto at = std::lower_bound(offsets.begin(), offsets.end(), target) - offsets.begin();
    bounds.push_back(std::clamp(static_cast<int32_t>(at), bounds.back(), n));
  }
  bounds.push_back(n);
  return bounds;
}

}  // namespace

FeatureTimelines ComputeTimelines(const CustomerEvents& events,
                                  const CustomerDirectory& directory, Month as_of,
                                  int threads) {
  FeatureTimelines t;
  t.as_of_ = as_of;
  const int32_t n = directory.size();
  t.firsts_.resize(n);
  t.offsets_.assign(static_cast<size_t>(n) + 1, 0);
  for (int32_t c = 0; c < n; ++c) {
    t.firsts_[c] = FirstsOf(events, c);
    const Month first = t.firsts_[c].sale;
    const int64_t months = first == kNever ? 0 : as_of - first + 1;
    t.spine_customers_ += months > 0;
    t.offsets_[c + 1] = t.offsets_[c] + months;
  }
  t.months_ = LargeArray<MonthFeatures>(t.offsets_.back());

  const std::vector<int32_t> bounds = SplitByRows(t.offsets_, std::max(1, threads));
  std::vector<int64_t> active(bounds.size() - 1, 0);
  auto build_range = [&](size_t part) {
    TimelineBuilder builder;
    for (int32_t c = bounds[part]; c < bounds[part + 1]; ++c) {
      if (t.offsets_[c + 1] == t.offsets_[c]) continue;
      MonthFeatures* out = t.months_.data() + t.offsets_[c];
      builder.Build(events, c, t.firsts_[c], as_of, directory.birth_date(c),
                    directory.insulin_start_date(c), out);
      for (int64_t i = 0; i < t.offsets_[c + 1] - t.offsets_[c]; ++i) active[part] += out[i].active;
    }
  };
  std::vector<std::thread> workers;
  for (size_t part = 1; part < active.size(); ++part) workers.emplace_back(build_range, part);
  build_range(0);
  for (std::thread& w : workers) w.join();
  for (int64_t a : active) t.active_rows_ += a;
  return t;
}

}  // namespace attrition::features
