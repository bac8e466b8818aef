#include "train/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "train/random.h"
#include "train/ranked_scores.h"
#include "train/threshold.h"

namespace attrition::train {
namespace {

// The definition: the share of (positive, negative) pairs ranked right, ties one half.
double PairwiseAuc(const std::vector<float>& scores, const std::vector<float>& labels) {
  double wins = 0, pairs = 0;
  for (size_t i = 0; i < scores.size(); ++i) {
    for (size_t j = 0; j < scores.size(); ++j) {
      if (labels[i] != 1 || labels[j] != 0) continue;
      pairs += 1;
      wins += scores[i] > scores[j] ? 1.0 : scores[i] == scores[j] ? 0.5 : 0.0;
    }
  }
  return wins / pairs;
}

// Scores on a coarse grid so that many of them tie.
void RandomScores(uint64_t seed, size_t n, std::vector<float>* scores,
                  std::vector<float>* labels) {
  Rng rng(seed);
  for (size_t i = 0; i < n; ++i) {
    const float score = static_cast<float>(rng.Below(20)) / 20.0f;
    scores->push_back(score);
    labels->push_back(rng.Uniform() < 0.2 + 0.6 * score ? 1.0f : 0.0f);
  }
}

TEST(RocAuc, EqualsThePairwiseCountWithTiesCountingOneHalf) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    std::vector<float> scores, labels;
    RandomScores(seed, 300, &scores, &labels);
    const double expected = PairwiseAuc(scores, labels);
    EXPECT_NEAR(RocAuc(scores, labels), expected, 1e-12) << "seed " << seed;
    EXPECT_NEAR(RocAuc(RankedScores(scores, labels)), expected, 1e-12) << "seed " << seed;
  }
}

TEST(RocAuc, HandlesNegativeAndZeroScores) {
  const std::vector<float> scores = {-2.0f, -0.0f, 0.0f, 1.5f, -1.0f, 3.0f};
  const std::vector<float> labels = {0, 1, 0, 1, 0, 1};
  EXPECT_NEAR(RocAuc(scores, labels), PairwiseAuc(scores, labels), 1e-12);
}

TEST(RocAuc, IsNanWithASingleClass) {
  const std::vector<float> scores = {0.1f, 0.2f};
  const std::vector<float> labels = {1, 1};
  EXPECT_TRUE(std::isnan(RocAuc(scores, labels)));
}

TEST(AucEvaluator, GivesTheSameValueWhenReusedOnNewScores) {
  std::vector<float> scores, labels;
  RandomScores(7, 500, &scores, &labels);
  AucEvaluator evaluator(labels);
  const double first = evaluator.Evaluate(scores);
  std::vector<float> reversed(scores.rbegin(), scores.rend());
  evaluator.Evaluate(reversed);
  EXPECT_EQ(evaluator.Evaluate(scores), first);
}

TEST(RankedScores, SortsFromHighestToLowest) {
  const std::vector<float> scores = {0.3f, 0.9f, 0.1f, 0.9f};
  const std::vector<float> labels = {1, 0, 0, 1};
  RankedScores ranked(scores, labels);
  ASSERT_EQ(ranked.size(), 4u);
  EXPECT_EQ(ranked.score(0), 0.9f);
  EXPECT_EQ(ranked.score(2), 0.3f);
  EXPECT_TRUE(ranked.positive(2));
  EXPECT_EQ(ranked.score(3), 0.1f);
  EXPECT_EQ(ranked.positives(), 2);
}

// The brute-force best F1 over thresholds taken from the scores; lowest threshold wins.
TEST(BestF1Threshold, MatchesAnExhaustiveSearchOverThresholds) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    std::vector<float> scores, labels;
    RandomScores(seed, 200, &scores, &labels);
    double best_f1 = -1, best_threshold = 0;
    std::vector<float> candidates = scores;
    std::sort(candidates.begin(), candidates.end());
    for (float t : candidates) {
      const double f1 = ConfusionAt(scores, labels, t).F1();
      if (f1 > best_f1 + 1e-12) best_f1 = f1, best_threshold = t;
    }
    const ThresholdChoice choice = BestF1Threshold(scores, labels);
    EXPECT_NEAR(choice.f1, best_f1, 1e-12) << "seed " << seed;
    EXPECT_EQ(choice.threshold, best_threshold) << "seed " << seed;
  }
}

TEST(BestF1Threshold, SeparatesPerfectlySeparableScores) {
  const std::vector<float> scores = {0.1f, 0.2f, 0.7f, 0.8f};
  const std::vector<float> labels = {0, 0, 1, 1};
  const ThresholdChoice choice = BestF1Threshold(scores, labels);
  EXPECT_FLOAT_EQ(choice.threshold, 0.7f);
  EXPECT_DOUBLE_EQ(choice.f1, 1.0);
}

TEST(Confusion, CountsPredictionsAtOrAboveTheThresholdAsPositive) {
  const std::vector<float> scores = {0.2f, 0.5f, 0.5f, 0.9f};
  const std::vector<float> labels = {0, 0, 1, 1};
  const Confusion c = ConfusionAt(scores, labels, 0.5);
  EXPECT_EQ(c.tp, 2);
  EXPECT_EQ(c.fp, 1);
  EXPECT_EQ(c.tn, 1);
  EXPECT_EQ(c.fn, 0);
  EXPECT_DOUBLE_EQ(c.Precision(), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(c.Recall(), 1.0);
  EXPECT_DOUBLE_EQ(c.Accuracy(), 0.75);
}

TEST(LogLoss, ClipsCertainWrongPredictions) {
  const std::vector<float> scores = {0.0f, 1.0f};
  const std::vector<float> labels = {1, 1};
  EXPECT_NEAR(LogLoss(scores, labels), -std::log(1e-15) / 2, 1e-6);
}

TEST(Deciles, CaptureAllPositivesByTheLastDecile) {
  std::vector<float> scores, labels;
  RandomScores(3, 1000, &scores, &labels);
  const std::vector<DecileRow> deciles = Deciles(RankedScores(scores, labels));
  ASSERT_EQ(deciles.size(), 10u);
  EXPECT_DOUBLE_EQ(deciles.back().cumulative_gain, 1.0);
  EXPECT_GT(deciles.front().lift, 1.0);
  EXPECT_GE(deciles.front().mean_score, deciles.back().mean_score);
  int64_t rows = 0;
  for (const DecileRow& d : deciles) rows += d.rows;
  EXPECT_EQ(rows, 1000);
}

// The training report's deciles read like the scored table's RISK_DECILE (docs/scoring.md):
// 10 is the highest-risk tenth, not 1.
TEST(Deciles, AreNumberedAsRiskDecileWithTenForTheHighestScores) {
  std::vector<float> scores, labels;
  RandomScores(4, 1000, &scores, &labels);
  const std::vector<DecileRow> deciles = Deciles(RankedScores(scores, labels));
  ASSERT_EQ(deciles.size(), 10u);
  for (size_t d = 0; d < deciles.size(); ++d) {
    EXPECT_EQ(deciles[d].decile, static_cast<int>(10 - d));
    if (d > 0) {
      EXPECT_LE(deciles[d].mean_score, deciles[d - 1].mean_score);
    }
  }
}

TEST(RankCurve, RunsFromTheOriginToTheTopRightCorner) {
  std::vector<float> scores, labels;
  RandomScores(4, 1000, &scores, &labels);
  const std::vector<CurvePoint> curve = RankCurve(RankedScores(scores, labels), 50);
  ASSERT_LE(curve.size(), 50u);
  EXPECT_EQ(curve.front().tpr, 0.0);
  EXPECT_EQ(curve.back().tpr, 1.0);
  EXPECT_EQ(curve.back().fpr, 1.0);
}

}  // namespace
}  // namespace attrition::train
