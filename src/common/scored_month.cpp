#include "attrition/scored_month.h"

namespace attrition {

ScoredMonthsBuilder::ScoredMonthsBuilder(const std::vector<std::string>& months,
                                         const std::vector<size_t>& rows_per_month,
                                         size_t segments, size_t features)
    : months_(months.size()), codes_(months.size()), version_codes_(months.size()) {
  for (size_t m = 0; m < months.size(); ++m) {
    ScoredMonth& month = months_[m];
    const size_t rows = m < rows_per_month.size() ? rows_per_month[m] : 0;
    month.month = months[m];
    month.segments.resize(segments);
    for (auto& codes : month.segments) codes.reserve(rows);
    month.segment_values.resize(segments);
    month.features.resize(features);
    for (auto& values : month.features) values.reserve(rows);
    month.probs.reserve(rows);
    codes_[m].resize(segments);
  }
}

void ScoredMonthsBuilder::BeginRow(size_t slot, double probability) {
  slot_ = slot;
  month_ = &months_[slot];
  month_->probs.push_back(probability);
}

void ScoredMonthsBuilder::ModelVersion(std::string_view version) {
  std::vector<uint32_t>& codes = month_->version_codes;
  // Speed: rows come in runs of one version; skip the map when the previous row's matches.
  if (!codes.empty() && month_->model_versions[codes.back()] == version) {
    codes.push_back(codes.back());
    return;
  }
  auto& known = version_codes_[slot_];
  auto it = known.find(version);
  if (it == known.end()) {
    it = known.emplace(std::string(version), static_cast<uint32_t>(known.size())).first;
    month_->model_versions.emplace_back(version);
  }
  codes.push_back(it->second);
}

void ScoredMonthsBuilder::Segment(size_t s, std::optional<std::string_view> category) {
  const std::string_view value = category.value_or("UNKNOWN");
  auto& known = codes_[slot_][s];
  auto it = known.find(value);
  if (it == known.end()) {
    it = known.emplace(std::string(value), static_cast<uint32_t>(known.size())).first;
    month_->segment_values[s].emplace_back(value);
  }
  month_->segments[s].push_back(it->second);
}

}  // namespace attrition
