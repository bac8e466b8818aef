// Binary-classification metrics on probabilities and 0/1 labels (labels > 0.5 are
// positive), as the training report and metrics.json state them. Pure functions;
// thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "train/ranked_scores.h"

namespace attrition::train {

// ROC AUC with ties counting one half; NaN when the labels hold a single class.
double RocAuc(const RankedScores& ranked);
double RocAuc(std::span<const float> scores, std::span<const float> labels);

// Mean binary cross-entropy, probabilities clipped to [1e-15, 1 - 1e-15] (sklearn).
double LogLoss(std::span<const float> scores, std::span<const float> labels);

// Counts at a decision threshold: predicted positive when score >= threshold.
struct Confusion {
  int64_t tp = 0;
  int64_t fp = 0;
  int64_t tn = 0;
  int64_t fn = 0;

  // Each is 0 when its denominator is 0 (sklearn's zero_division=0).
  double Precision() const;
  double Recall() const;
  double F1() const;
  double Accuracy() const;
};
Confusion ConfusionAt(std::span<const float> scores, std::span<const float> labels,
                      double threshold);

// One point per distinct score, from the highest score down: the rates of predicting
// positive at `score >= threshold`.
struct CurvePoint {
  double threshold = 0;
  double fpr = 0;        // false-positive rate
  double tpr = 0;        // true-positive rate = recall
  double precision = 0;  // 1 where nothing is predicted positive yet
};
// Starts with the (0, 0) point at threshold +inf. At most `max_points` points, evenly
// thinned by rank (the first and last are kept), so a chart stays small.
std::vector<CurvePoint> RankCurve(const RankedScores& ranked, size_t max_points = 400);

// One tenth of the rows ranked by score. Numbered as the scored table's RISK_DECILE
// (docs/scoring.md): 1 = lowest risk .. 10 = highest risk.
struct DecileRow {
  int decile = 0;  // 10 for the highest scores
  int64_t rows = 0;
  int64_t positives = 0;
  double mean_score = 0;       // mean predicted probability (calibration x)
  double observed_rate = 0;    // positives / rows (calibration y)
  double cumulative_gain = 0;  // share of all positives in deciles 10 down to this one
  double lift = 0;             // observed_rate / overall positive rate
};
// Ten rows, highest risk (decile 10) first; fewer when there are fewer than ten scores,
// numbered 10, 9, ... all the same. Ties are split by rank.
std::vector<DecileRow> Deciles(const RankedScores& ranked);

}  // namespace attrition::train
