// The decision threshold stored with a model: the score that maximises F1 on the
// validation set (SPEC 7 step 6). Thread-safe.
#pragma once

#include <span>

#include "train/ranked_scores.h"

namespace attrition::train {

struct ThresholdChoice {
  double threshold = 0.5;  // predict positive when score >= threshold
  double f1 = 0.0;         // F1 on the rows it was chosen on
};

// Considers every distinct score from the highest down to the highest one that already
// reaches full recall (sklearn's precision_recall_curve), and returns the one with the
// best F1; among equal F1 values the lowest threshold wins (numpy argmax over ascending
// thresholds, as train.py does). Without positives: {0.5, 0}.
ThresholdChoice BestF1Threshold(const RankedScores& ranked);
ThresholdChoice BestF1Threshold(std::span<const float> scores, std::span<const float> labels);

}  // namespace attrition::train
