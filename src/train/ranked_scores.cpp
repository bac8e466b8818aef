#include "train/ranked_scores.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>
#include <limits>

namespace attrition::train {
namespace {

constexpr int kRadixBits = 11;
constexpr size_t kBuckets = size_t{1} << kRadixBits;

// Key = ordered float bits << 1 | label: sorting on the low 33 bits orders by score,
// then negatives before positives within a score (irrelevant to every metric here).
std::vector<uint64_t> MakeKeys(std::span<const float> scores, std::span<const uint8_t> labels,
                               std::vector<uint64_t> keys) {
  keys.resize(scores.size());
  for (size_t i = 0; i < scores.size(); ++i) {
    keys[i] = (uint64_t{OrderedFloatBits(scores[i])} << 1) | labels[i];
  }
  return keys;
}

float FloatFromOrderedBits(uint32_t bits) {
  const uint32_t raw = (bits & 0x80000000u) ? (bits ^ 0x80000000u) : ~bits;
  return std::bit_cast<float>(raw);
}

std::vector<uint8_t> BinaryLabels(std::span<const float> labels, int64_t* positives) {
  std::vector<uint8_t> out(labels.size());
  int64_t count = 0;
  for (size_t i = 0; i < labels.size(); ++i) {
    out[i] = labels[i] > 0.5f ? 1 : 0;
    count += out[i];
  }
  *positives = count;
  return out;
}

}  // namespace

uint32_t OrderedFloatBits(float value) {
  const uint32_t bits = std::bit_cast<uint32_t>(value + 0.0f);  // -0 + 0 = +0: they tie
  return (bits & 0x80000000u) ? ~bits : (bits | 0x80000000u);
}

void RadixSortLowBits(std::vector<uint64_t>& keys, std::vector<uint64_t>& scratch, int bits) {
  scratch.resize(keys.size());
  for (int shift = 0; shift < bits; shift += kRadixBits) {
    size_t counts[kBuckets] = {};
    for (uint64_t key : keys) ++counts[(key >> shift) & (kBuckets - 1)];
    if (counts[(keys.empty() ? 0 : (keys[0] >> shift)) & (kBuckets - 1)] == keys.size()) {
      continue;  // every key has the same digit: this pass would not move anything
    }
    size_t offset = 0;
    for (size_t& count : counts) {
      const size_t n = count;
      count = offset;
      offset += n;
    }
    for (uint64_t key : keys) scratch[counts[(key >> shift) & (kBuckets - 1)]++] = key;
    keys.swap(scratch);
  }
}

RankedScores::RankedScores(std::span<const float> scores, std::span<const float> labels) {
  assert(scores.size() == labels.size());
  const std::vector<uint8_t> binary = BinaryLabels(labels, &positives_);
  std::vector<uint64_t> keys = MakeKeys(scores, binary, {});
  std::vector<uint64_t> scratch;
  RadixSortLowBits(keys, scratch, 33);
  scores_.resize(keys.size());
  labels_.resize(keys.size());
  // Ascending keys, stored highest first.
  for (size_t i = 0, n = keys.size(); i < n; ++i) {
    const uint64_t key = keys[n - 1 - i];
    scores_[i] = FloatFromOrderedBits(static_cast<uint32_t>(key >> 1));
    labels_[i] = static_cast<uint8_t>(key & 1);
  }
}

AucEvaluator::AucEvaluator(std::span<const float> labels) {
  labels_ = BinaryLabels(labels, &positives_);
}

double AucEvaluator::Evaluate(std::span<const float> scores) {
  assert(scores.size() == labels_.size());
  const int64_t n = static_cast<int64_t>(labels_.size());
  const int64_t negatives = n - positives_;
  if (positives_ == 0 || negatives == 0) return std::numeric_limits<double>::quiet_NaN();
  keys_ = MakeKeys(scores, labels_, std::move(keys_));
  RadixSortLowBits(keys_, scratch_, 33);
  // Walk ascending; for each group of equal scores, its positives beat every negative
  // below the group and tie with the group's negatives.
  double wins = 0.0;
  int64_t negatives_below = 0;
  for (int64_t i = 0; i < n;) {
    const uint64_t score_bits = keys_[i] >> 1;
    int64_t group_pos = 0, group_neg = 0;
    for (; i < n && (keys_[i] >> 1) == score_bits; ++i) {
      if (keys_[i] & 1) {
        ++group_pos;
      } else {
        ++group_neg;
      }
    }
    wins += static_cast<double>(group_pos) *
            (static_cast<double>(negatives_below) + 0.5 * static_cast<double>(group_neg));
    negatives_below += group_neg;
  }
  return wins / (static_cast<double>(positives_) * static_cast<double>(negatives));
}

}  // namespace attrition::train
