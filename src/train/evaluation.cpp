#include "train/evaluation.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include <fmt/format.h>

#include "train/xgboost_extras.h"

namespace attrition::train {

SetEvaluation EvaluateSet(std::string name, std::span<const float> scores,
                          std::span<const float> labels, double threshold) {
  const RankedScores ranked(scores, labels);
  SetEvaluation e;
  e.name = std::move(name);
  e.rows = static_cast<int64_t>(scores.size());
  e.positives = ranked.positives();
  e.auc = RocAuc(ranked);
  e.logloss = LogLoss(scores, labels);
  e.confusion = ConfusionAt(scores, labels, threshold);
  e.curve = RankCurve(ranked);
  e.deciles = Deciles(ranked);
  return e;
}

float CorrectOdds(float p, double odds_correction) {
  const double odds = odds_correction * p;
  return static_cast<float>(odds / (odds + (1.0 - p)));
}

Result<std::vector<FeatureDriver>> FeatureGains(const model::XgbBooster& booster,
                                                const std::vector<std::string>& names) {
  ATTRITION_ASSIGN_OR_RETURN(auto gain, FeatureImportance(booster, "gain"));
  ATTRITION_ASSIGN_OR_RETURN(auto total_gain, FeatureImportance(booster, "total_gain"));
  std::vector<FeatureDriver> drivers;
  for (const std::string& name : names) {
    FeatureDriver d{.feature = name};
    if (auto it = gain.find(name); it != gain.end()) d.gain = it->second;
    if (auto it = total_gain.find(name); it != total_gain.end()) d.total_gain = it->second;
    drivers.push_back(d);
  }
  return drivers;
}

ShapSample ExplainSample(const model::TreeEnsemble& ensemble, const model::DenseMatrix& sample,
                         std::vector<FeatureDriver>& drivers, const ShapOptions& options) {
  const size_t n_features = drivers.size();
  const model::DenseMatrix contributions = ensemble.Contributions(sample);
  std::vector<double> mean_abs(n_features, 0.0);
  for (size_t r = 0; r < sample.rows(); ++r) {
    for (size_t f = 0; f < n_features; ++f) mean_abs[f] += std::abs(contributions.at(r, f));
  }
  for (size_t f = 0; f < n_features; ++f) {
    drivers[f].mean_abs_shap = sample.rows() ? mean_abs[f] / sample.rows() : 0.0;
  }
  std::vector<size_t> order(n_features);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (drivers[a].mean_abs_shap != drivers[b].mean_abs_shap) {
      return drivers[a].mean_abs_shap > drivers[b].mean_abs_shap;
    }
    return drivers[a].gain > drivers[b].gain;
  });
  ShapSample out;
  for (size_t k = 0; k < std::min(options.top_features, n_features); ++k) {
    const size_t f = order[k];
    out.features.push_back(drivers[f].feature);
    const size_t rows = std::min(options.chart_rows, sample.rows());
    std::vector<float> shap(rows), values(rows);
    for (size_t r = 0; r < rows; ++r) {
      shap[r] = contributions.at(r, f);
      values[r] = sample.at(r, f);
    }
    out.shap.push_back(std::move(shap));
    out.values.push_back(std::move(values));
  }
  std::vector<FeatureDriver> sorted;
  for (size_t f : order) sorted.push_back(drivers[f]);
  drivers = std::move(sorted);
  return out;
}

}  // namespace attrition::train
