#include "train/metrics.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace attrition::train {
namespace {

double Ratio(double num, double den) { return den > 0 ? num / den : 0.0; }

}  // namespace

double RocAuc(const RankedScores& ranked) {
  const int64_t positives = ranked.positives(), negatives = ranked.negatives();
  if (positives == 0 || negatives == 0) return std::numeric_limits<double>::quiet_NaN();
  // Walk from the highest score: each group's negatives lose to every positive above
  // the group and tie with the group's positives.
  double losses = 0.0;
  int64_t positives_above = 0;
  for (size_t r = 0, n = ranked.size(); r < n;) {
    const float score = ranked.score(r);
    int64_t group_pos = 0, group_neg = 0;
    for (; r < n && ranked.score(r) == score; ++r) {
      ranked.positive(r) ? ++group_pos : ++group_neg;
    }
    losses += static_cast<double>(group_neg) *
              (static_cast<double>(positives_above) + 0.5 * static_cast<double>(group_pos));
    positives_above += group_pos;
  }
  return losses / (static_cast<double>(positives) * static_cast<double>(negatives));
}

double RocAuc(std::span<const float> scores, std::span<const float> labels) {
  return AucEvaluator(labels).Evaluate(scores);
}

double LogLoss(std::span<const float> scores, std::span<const float> labels) {
  assert(scores.size() == labels.size());
  if (scores.empty()) return std::numeric_limits<double>::quiet_NaN();
  constexpr double kEps = 1e-15;
  double sum = 0.0;
  for (size_t i = 0; i < scores.size(); ++i) {
    const double p = std::clamp(static_cast<double>(scores[i]), kEps, 1.0 - kEps);
    sum -= labels[i] > 0.5f ? std::log(p) : std::log1p(-p);
  }
  return sum / static_cast<double>(scores.size());
}

double Confusion::Precision() const { return Ratio(tp, tp + fp); }
double Confusion::Recall() const { return Ratio(tp, tp + fn); }
double Confusion::F1() const { return Ratio(2.0 * tp, 2.0 * tp + fp + fn); }
double Confusion::Accuracy() const { return Ratio(tp + tn, tp + tn + fp + fn); }

Confusion ConfusionAt(std::span<const float> scores, std::span<const float> labels,
                      double threshold) {
  assert(scores.size() == labels.size());
  Confusion c;
  for (size_t i = 0; i < scores.size(); ++i) {
    const bool predicted = scores[i] >= threshold;
    const bool actual = labels[i] > 0.5f;
    if (predicted) {
      actual ? ++c.tp : ++c.fp;
    } else {
      actual ? ++c.fn : ++c.tn;
    }
  }
  return c;
}

std::vector<CurvePoint> RankCurve(const RankedScores& ranked, size_t max_points) {
  std::vector<CurvePoint> all;
  all.push_back({std::numeric_limits<double>::infinity(), 0.0, 0.0, 1.0});
  const double positives = static_cast<double>(ranked.positives());
  const double negatives = static_cast<double>(ranked.negatives());
  int64_t tp = 0, fp = 0;
  for (size_t r = 0, n = ranked.size(); r < n;) {
    const float score = ranked.score(r);
    for (; r < n && ranked.score(r) == score; ++r) ranked.positive(r) ? ++tp : ++fp;
    all.push_back({score, Ratio(fp, negatives), Ratio(tp, positives), Ratio(tp, tp + fp)});
  }
  if (max_points < 2 || all.size() <= max_points) return all;
  std::vector<CurvePoint> thinned;
  thinned.reserve(max_points);
  for (size_t k = 0; k < max_points; ++k) {
    thinned.push_back(all[k * (all.size() - 1) / (max_points - 1)]);
  }
  return thinned;
}

std::vector<DecileRow> Deciles(const RankedScores& ranked) {
  const size_t n = ranked.size();
  const size_t groups = std::min<size_t>(10, n);
  const double overall = Ratio(ranked.positives(), static_cast<double>(n));
  std::vector<DecileRow> out;
  int64_t cumulative_positives = 0;
  for (size_t d = 0; d < groups; ++d) {
    const size_t begin = d * n / groups, end = (d + 1) * n / groups;
    DecileRow row;
    row.decile = static_cast<int>(10 - d);  // as RISK_DECILE: 10 = highest risk
    row.rows = static_cast<int64_t>(end - begin);
    double score_sum = 0.0;
    for (size_t r = begin; r < end; ++r) {
      score_sum += ranked.score(r);
      row.positives += ranked.positive(r);
    }
    cumulative_positives += row.positives;
    row.mean_score = Ratio(score_sum, static_cast<double>(row.rows));
    row.observed_rate = Ratio(row.positives, static_cast<double>(row.rows));
    row.cumulative_gain = Ratio(cumulative_positives, static_cast<double>(ranked.positives()));
    row.lift = Ratio(row.observed_rate, overall);
    out.push_back(row);
  }
  return out;
}

}  // namespace attrition::train
