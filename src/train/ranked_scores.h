// RankedScores: scores sorted from highest to lowest with their 0/1 labels, the common
// input of every ranking metric (AUC, ROC and precision-recall curves, the F1
// threshold, deciles). Sorting is an LSD radix sort on the float's bits, so ranking a
// validation set every boosting round (early stopping) costs O(n), not O(n log n).
//
// Labels are floats as XGBoost holds them: > 0.5 is positive. Scores are finite floats
// (probabilities); NaN scores are a caller bug.
//
// Thread safety: a built RankedScores is immutable; Rank() on one Ranker is not
// thread-safe (it reuses its buffers).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace attrition::train {

class RankedScores {
 public:
  // REQUIRES: scores.size() == labels.size().
  RankedScores(std::span<const float> scores, std::span<const float> labels);

  size_t size() const { return scores_.size(); }
  int64_t positives() const { return positives_; }
  int64_t negatives() const { return static_cast<int64_t>(size()) - positives_; }

  // Rank r (0 = highest score). REQUIRES: r < size().
  float score(size_t r) const { return scores_[r]; }
  bool positive(size_t r) const { return labels_[r] != 0; }

 private:
  std::vector<float> scores_;
  std::vector<uint8_t> labels_;
  int64_t positives_ = 0;
};

// Exact ROC AUC over one fixed label vector, evaluated many times (once per boosting
// round) without allocating: the probability that a random positive scores above a
// random negative, ties counting one half. Equals sklearn's roc_auc_score and XGBoost's
// "auc" metric. NaN when the labels hold a single class.
class AucEvaluator {
 public:
  explicit AucEvaluator(std::span<const float> labels);
  // REQUIRES: scores.size() == the labels' size.
  double Evaluate(std::span<const float> scores);

 private:
  std::vector<uint8_t> labels_;
  int64_t positives_ = 0;
  std::vector<uint64_t> keys_;
  std::vector<uint64_t> scratch_;
};

// Sorts `keys` ascending by their low `bits` bits (LSD radix, 11 bits a pass), using
// `scratch` as the second buffer. Exposed for the evaluators above and for tests.
void RadixSortLowBits(std::vector<uint64_t>& keys, std::vector<uint64_t>& scratch, int bits);

// A float's bits mapped so that unsigned order is numeric order (-0 is taken as +0).
uint32_t OrderedFloatBits(float value);

}  // namespace attrition::train
