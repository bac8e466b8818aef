#include "train/threshold.h"

namespace attrition::train {

ThresholdChoice BestF1Threshold(const RankedScores& ranked) {
  const int64_t positives = ranked.positives();
  ThresholdChoice best;
  if (positives == 0) return best;
  best.f1 = -1.0;
  int64_t tp = 0, fp = 0;
  for (size_t r = 0, n = ranked.size(); r < n;) {
    const float score = ranked.score(r);
    for (; r < n && ranked.score(r) == score; ++r) ranked.positive(r) ? ++tp : ++fp;
    // F1 = 2PR / (P + R) = 2tp / (2tp + fp + fn), with fn = positives - tp.
    const double f1 = 2.0 * static_cast<double>(tp) / static_cast<double>(tp + fp + positives);
    if (f1 >= best.f1) best = {score, f1};
    if (tp == positives) break;
  }
  return best;
}

ThresholdChoice BestF1Threshold(std::span<const float> scores, std::span<const float> labels) {
  return BestF1Threshold(RankedScores(scores, labels));
}

}  // namespace attrition::train
