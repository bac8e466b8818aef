#include "train/sampling.h"

#include <algorithm>

#include <fmt/format.h>

#include "train/random.h"

namespace attrition::train {

Result<std::vector<size_t>> SampleFitRows(std::span<const size_t> rows,
                                          std::span<const float> labels,
                                          const SampleOptions& options) {
  std::vector<size_t> positives, negatives;
  for (size_t row : rows) (labels[row] > 0.5f ? positives : negatives).push_back(row);
  if (positives.empty() || negatives.empty()) {
    return Status::InvalidArgument(fmt::format(
        "the training rows hold no {} labels ({} rows): the target needs both classes",
        positives.empty() ? "positive" : "negative", rows.size()));
  }
  if (options.mode == config::Sampling::kNone) return std::vector<size_t>(rows.begin(), rows.end());
  const bool positives_minor = positives.size() <= negatives.size();
  const std::vector<size_t>& minority = positives_minor ? positives : negatives;
  const std::vector<size_t>& majority = positives_minor ? negatives : positives;
  Rng rng(options.seed);
  std::vector<size_t> out = minority;
  if (options.mode == config::Sampling::kDown) {
    for (uint32_t i : rng.Choose(static_cast<uint32_t>(majority.size()),
                                 static_cast<uint32_t>(minority.size()))) {
      out.push_back(majority[i]);
    }
  } else {
    out.insert(out.end(), majority.begin(), majority.end());
    for (size_t k = minority.size(); k < majority.size(); ++k) {
      out.push_back(minority[rng.Below(minority.size())]);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace attrition::train
