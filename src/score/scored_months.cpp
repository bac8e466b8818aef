#include "score/scored_months.h"

namespace attrition::score {

ScoredMonthsBuilder::ScoredMonthsBuilder(const std::vector<Month>& months, size_t segments,
                                         size_t features)
    : months_(months.size()), codes_(months.size()) {
  for (size_t m = 0; m < months.size(); ++m) {
    months_[m].month = FormatMonth(months[m]);
    months_[m].segments.resize(segments);
    months_[m].segment_values.resize(segments);
    months_[m].features.resize(features);
    codes_[m].resize(segments);
  }
}

void ScoredMonthsBuilder::BeginRow(size_t slot, double probability) {
  slot_ = slot;
  month_ = &months_[slot];
  month_->probs.push_back(probability);
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

}  // namespace attrition::score
