// TrainingRun: everything one training run learned and measured, as the artefact
// writer (metrics.json, trials.json) and the HTML report read it. Plain data, filled by
// the trainer step by step.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "attrition/calendar.h"
#include "attrition/config.h"
#include "train/metrics.h"
#include "train/threshold.h"
#include "train/tuner.h"

namespace attrition::train {

// How the model does on one set of rows, at the stored threshold.
struct SetEvaluation {
  std::string name;  // "train", "valid", "test"
  int64_t rows = 0;
  int64_t positives = 0;
  double auc = 0;
  double logloss = 0;
  Confusion confusion;             // at the threshold
  std::vector<CurvePoint> curve;   // ROC and precision-recall, thinned
  std::vector<DecileRow> deciles;  // calibration, lift and gains
  double positive_rate() const {
    return rows ? static_cast<double>(positives) / static_cast<double>(rows) : 0.0;
  }
};

// One model feature's weight in the model.
struct FeatureDriver {
  std::string feature;
  double gain = 0;           // XGBoost "gain": mean loss reduction of its splits
  double total_gain = 0;     // XGBoost "total_gain"
  double mean_abs_shap = 0;  // mean |SHAP| on the explained test rows (log-odds)
};

// SHAP values of a sample of test rows for the features shown in the summary chart.
struct ShapSample {
  std::vector<std::string> features;       // most important first
  std::vector<std::vector<float>> shap;    // [feature][row]
  std::vector<std::vector<float>> values;  // [feature][row], the encoded value (NaN missing)
};

struct TrainingRun {
  // What was trained on.
  std::string version;   // the registry version id ("" when not registered)
  std::string run_id;    // this training run, "YYYYMMDDTHHMMSSZ-xxxxxx" (UTC start, random)
  std::string created;   // ISO 8601 UTC
  std::string dataset;
  std::string target;
  config::TrainConfig train;
  std::optional<Month> as_of;
  std::string split_description;
  std::vector<std::string> features;  // model columns in order

  // Rows.
  int64_t labelled_rows = 0;
  int64_t labelled_positives = 0;
  int64_t excluded_rows = 0;  // the gap months of last_n_months
  int64_t fit_rows_before_sampling = 0;
  int64_t fit_rows = 0;  // after sampling
  int64_t fit_positives = 0;
  int64_t fit_positives_before_sampling = 0;
  int64_t test_customers = 0;
  int64_t valid_customers = 0;

  // Tuning and the model.
  std::vector<TrialRecord> trials;
  size_t best_trial = 0;
  int best_iteration = 0;
  std::vector<std::pair<std::string, std::string>> xgboost_params;
  int num_boost_round = 1000;
  int early_stopping_rounds = 50;
  ThresholdChoice threshold;  // chosen on validation
  double odds_correction = 1.0;

  // Evaluation and explanation.
  SetEvaluation train_set;  // the fit rows before sampling
  SetEvaluation valid_set;
  SetEvaluation test_set;
  // Test deciles of the probabilities with the sampling's odds correction applied (what
  // the forecast sums); empty when odds_correction is 1.
  std::vector<DecileRow> test_deciles_corrected;
  std::vector<FeatureDriver> drivers;  // by mean |SHAP|, largest first
  ShapSample shap;

  std::vector<std::pair<std::string, double>> timings;  // "load_s" -> seconds, in order
  std::string xgboost_version;
};

}  // namespace attrition::train
