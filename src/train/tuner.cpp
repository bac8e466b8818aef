#include "train/tuner.h"

#include <chrono>
#include <cmath>
#include <optional>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "attrition/progress.h"
#include "train/booster_fit.h"
#include "train/metrics.h"
#include "train/threshold.h"
#include "train/tpe.h"

namespace attrition::train {
namespace {

std::vector<ParamRange> SearchSpace(const config::Hyperparameters& hp) {
  return {
      {"eta", std::pow(10.0, hp.eta_min), 1.0, ParamScale::kLog},
      {"max_depth", static_cast<double>(hp.max_depth.min),
       static_cast<double>(hp.max_depth.max), ParamScale::kInteger},
      {"subsample", hp.subsample.min, hp.subsample.max, ParamScale::kLinear},
      {"gamma", hp.gamma.min, hp.gamma.max, ParamScale::kLinear},
      {"min_child_weight", hp.min_child_weight.min, hp.min_child_weight.max,
       ParamScale::kLinear},
      {"reg_alpha", hp.reg_alpha.min, hp.reg_alpha.max, ParamScale::kLinear},
  };
}

std::string FormatParam(const std::string& name, double value) {
  if (name == "max_depth") return fmt::format("{}", static_cast<int>(value));
  return fmt::format("{:.17g}", value);
}

std::string DescribeParams(const std::vector<std::pair<std::string, double>>& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += ' ';
    out += name == "max_depth" ? fmt::format("{}={}", name, static_cast<int>(value))
                               : fmt::format("{}={:.4g}", name, value);
  }
  return out;
}

int Threads(int requested) {
  if (requested > 0) return requested;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

BoosterFitOptions FitOptions(const TuneOptions& options,
                             std::vector<std::pair<std::string, std::string>> params) {
  return {.params = std::move(params),
          .num_boost_round = options.num_boost_round,
          .early_stopping_rounds = options.early_stopping_rounds,
          .metric = options.hyperparameters.optimize == config::Metric::kAuc
                        ? StoppingMetric::kAuc
                        : StoppingMetric::kLogLoss};
}

}  // namespace

std::vector<std::pair<std::string, std::string>> XgboostParams(
    const TuneOptions& options, const std::vector<std::pair<std::string, double>>& tuned) {
  std::vector<std::pair<std::string, std::string>> params = {
      {"objective", "binary:logistic"},
      {"tree_method", "hist"},
      {"seed", std::to_string(options.seed)},
      {"nthread", std::to_string(Threads(options.threads))},
      {"verbosity", "0"},
      {"eval_metric",
       options.hyperparameters.optimize == config::Metric::kAuc ? "auc" : "logloss"},
  };
  for (const auto& [name, value] : tuned) params.emplace_back(name, FormatParam(name, value));
  return params;
}

double TrialObjective(config::Metric metric, std::span<const float> scores,
                      std::span<const float> labels) {
  switch (metric) {
    case config::Metric::kAuc:
      return RocAuc(scores, labels);
    case config::Metric::kF1:
      return BestF1Threshold(scores, labels).f1;
    case config::Metric::kAccuracy:
      return ConfusionAt(scores, labels, 0.5).Accuracy();
  }
  return std::nan("");
}

Result<TuneResult> Tune(const TuneOptions& options, const model::XgbDMatrix& fit,
                        const model::XgbDMatrix& valid, std::span<const float> valid_labels) {
  const config::Hyperparameters& hp = options.hyperparameters;
  const int n_trials = hp.num_tuning_rounds;
  TpeSampler sampler(SearchSpace(hp), {.seed = options.seed, .planned_trials = n_trials});
  std::vector<TrialRecord> trials;
  std::optional<BoosterFit> best_fit;
  size_t best = 0;
  for (int t = 0; t < n_trials; ++t) {
    const std::vector<double> values = sampler.Suggest();
    TrialRecord trial{.number = t};
    for (size_t j = 0; j < values.size(); ++j) {
      trial.params.emplace_back(sampler.space()[j].name, values[j]);
    }
    const auto start = std::chrono::steady_clock::now();
    BoosterFitOptions fit_options = FitOptions(options, XgboostParams(options, trial.params));
    Progress progress(fmt::format("train: trial {}/{}", t + 1, n_trials), options.num_boost_round,
                      "rounds");
    fit_options.on_round = [&progress](int round) { progress.Update(round + 1); };
    ATTRITION_ASSIGN_OR_RETURN(BoosterFit fitted,
                               FitWithEarlyStopping(fit_options, fit, valid, valid_labels));
    trial.value = TrialObjective(hp.optimize, fitted.valid_scores, valid_labels);
    trial.best_iteration = fitted.best_iteration;
    trial.rounds = fitted.rounds;
    trial.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    sampler.Tell(values, trial.value);
    // Strictly better only: the first of equal trials stays best (optuna's best_trial).
    if (!best_fit || trial.value > trials[best].value) {
      best = trials.size();
      best_fit = std::move(fitted);
    }
    trials.push_back(trial);
    if (options.log_trials) {
      spdlog::info(
          "train: trial {}/{}  {}  valid {} {:.5f}  ({} rounds, best at {})  best {:.5f} "
          "(trial {})  {:.1f}s",
          t + 1, n_trials, DescribeParams(trial.params), config::ToString(hp.optimize),
          trial.value, trial.rounds, trial.best_iteration + 1, trials[best].value, best + 1,
          trial.seconds);
    }
  }
  std::vector<std::pair<std::string, std::string>> params =
      XgboostParams(options, trials[best].params);
  if (options.refit_best) {
    ATTRITION_ASSIGN_OR_RETURN(
        BoosterFit again, FitWithEarlyStopping(FitOptions(options, params), fit, valid,
                                               valid_labels));
    best_fit = std::move(again);
  }
  ATTRITION_ASSIGN_OR_RETURN(model::XgbBooster booster,
                             best_fit->booster.Slice(0, best_fit->best_iteration + 1));
  return TuneResult{.trials = std::move(trials),
                    .best_trial = best,
                    .booster = std::move(booster),
                    .valid_scores = std::move(best_fit->valid_scores),
                    .xgboost_params = std::move(params)};
}

}  // namespace attrition::train
