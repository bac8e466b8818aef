// The inference profile and drift (SPEC 10): per feature statistics of the scored rows of
// a month and their PSI against the training baseline (baseline.json written by train,
// src/train/population_stats.*), plus the PSI of the score. Internal; docs/monitoring.md.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "attrition/status.h"
#include "attrition/warehouse.h"
#include "monitor/forecast.h"
#include "monitor/month_rows.h"

namespace attrition::monitoring::internal {

inline constexpr const char* kProfileTable = "PA_INFERENCE_PROFILE";
inline constexpr const char* kScoreFeature = "PROBS";  // the score's row in the profile

// Population stability index of `values` against a baseline's bins, as
// peers/python_ref/score.py: bin k holds edges[k-1] < v <= edges[k] (numpy searchsorted,
// side "left"); actual shares are over all values, missing ones included; with
// `expected_null` the missing share is one more bin; shares are floored at 1e-4;
// PSI = sum (a - e) ln(a / e). An empty `values` gives 0.
double Psi(std::span<const float> values, const std::vector<double>& edges,
           const std::vector<double>& expected, std::optional<double> expected_null);

struct FeatureProfile {
  std::string feature;
  int64_t count = 0;
  int64_t nulls = 0;
  // Statistics of the non-missing values (population std); NaN when all are missing.
  double mean, stddev, min, p05, p25, p50, p75, p95, max;
  double train_mean;  // profile.json's mean; NaN when unknown
  double psi;         // NaN when the baseline has no bins for the feature
};

// The statistics of `values`: count, nulls, and of the non-missing values mean, stddev,
// min, max and the numpy "linear" quantiles; train_mean and psi NaN.
FeatureProfile Describe(const std::string& name, std::span<const float> values);

// The profile of feature `f` of `rows` (features[f]), or of kScoreFeature (PROBS) when
// f == features.size(). Reads the json documents only, so calls may run concurrently.
FeatureProfile ProfileFeature(const MonthRows& rows, size_t f,
                              const std::vector<std::string>& features,
                              const nlohmann::json& baseline,
                              const nlohmann::json& training_profile);

// One profile per feature of `rows` (in order), then kScoreFeature for PROBS.
std::vector<FeatureProfile> ProfileMonth(const MonthRows& rows,
                                         const std::vector<std::string>& features,
                                         const nlohmann::json& baseline,
                                         const nlohmann::json& training_profile);

struct MonthProfile {
  std::string month;
  std::vector<FeatureProfile> features;  // score last
};

// Replaces the rows of stamp.run_id (old rows go to _HIST) inside `transaction`.
Status WriteProfiles(warehouse::Transaction& transaction, const std::vector<MonthProfile>& months,
                     const RunStamp& stamp);

}  // namespace attrition::monitoring::internal
