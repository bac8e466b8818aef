#include "train/version_files.h"

#include <cmath>
#include <fstream>

namespace attrition::train {
namespace {

using Json = nlohmann::ordered_json;

// JSON has no NaN: undefined metrics (one class only) are null.
Json Number(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Json ConfusionJson(const Confusion& c) {
  return {{"labels", {0, 1}},
          {"matrix", {{c.tn, c.fp}, {c.fn, c.tp}}},
          {"tn", c.tn},
          {"fp", c.fp},
          {"fn", c.fn},
          {"tp", c.tp}};
}

Json SetJson(const SetEvaluation& s) {
  Json deciles = Json::array();
  for (const DecileRow& d : s.deciles) {
    deciles.push_back({{"decile", d.decile},
                       {"rows", d.rows},
                       {"positives", d.positives},
                       {"mean_score", d.mean_score},
                       {"observed_rate", d.observed_rate},
                       {"cumulative_gain", d.cumulative_gain},
                       {"lift", d.lift}});
  }
  return {{"rows", s.rows},
          {"positives", s.positives},
          {"positive_rate", s.positive_rate()},
          {"auc", Number(s.auc)},
          {"logloss", Number(s.logloss)},
          {"f1", s.confusion.F1()},
          {"precision", s.confusion.Precision()},
          {"recall", s.confusion.Recall()},
          {"accuracy", s.confusion.Accuracy()},
          {"confusion_matrix", ConfusionJson(s.confusion)},
          {"deciles", deciles}};
}

Json ParamsJson(const std::vector<std::pair<std::string, double>>& params) {
  Json out = Json::object();
  for (const auto& [name, value] : params) {
    if (name == "max_depth") {
      out[name] = static_cast<int>(value);
    } else {
      out[name] = value;
    }
  }
  return out;
}

}  // namespace

Json TrainConfigJson(const config::TrainConfig& t) {
  const config::Hyperparameters& hp = t.hyperparameters;
  Json rename = Json::object();
  for (const auto& [from, to] : t.rename_cols) rename[from] = to;
  return {
      {"dataset", t.dataset},
      {"id_column", t.id_column},
      {"target", t.target},
      {"positive_class", t.positive_class ? Json(*t.positive_class) : Json(nullptr)},
      {"sampling", config::ToString(t.sampling)},
      {"split",
       {{"mode", config::ToString(t.split.mode)},
        {"months", t.split.months},
        {"perc_test", t.split.perc_test}}},
      {"start_month", FormatMonth(t.start_month)},
      {"max_month", FormatMonth(t.max_month)},
      {"features", t.features},
      {"rename_cols", rename},
      {"drop", t.drop},
      {"dummy_cols", t.dummy_cols},
      {"hyperparameters",
       {{"optimize", config::ToString(hp.optimize)},
        {"num_tuning_rounds", hp.num_tuning_rounds},
        {"eta", {{"min", hp.eta_min}}},
        {"max_depth", {{"min", hp.max_depth.min}, {"max", hp.max_depth.max}}},
        {"subsample", {{"min", hp.subsample.min}, {"max", hp.subsample.max}}},
        {"gamma", {{"min", hp.gamma.min}, {"max", hp.gamma.max}}},
        {"min_child_weight", {{"min", hp.min_child_weight.min}, {"max", hp.min_child_weight.max}}},
        {"reg_alpha", {{"min", hp.reg_alpha.min}, {"max", hp.reg_alpha.max}}}}},
  };
}

Json MetricsJson(const TrainingRun& run) {
  const SetEvaluation& test = run.test_set;
  const TrialRecord& best = run.trials[run.best_trial];
  Json timings = Json::object();
  for (const auto& [name, seconds] : run.timings) timings[name] = seconds;
  Json xgb_params = Json::object();
  for (const auto& [name, value] : run.xgboost_params) xgb_params[name] = value;
  return {
      {"model_version", run.version},
      {"run_id", run.run_id},
      {"created", run.created},
      {"test_auc", Number(test.auc)},
      {"test_f1", test.confusion.F1()},
      {"test_accuracy", test.confusion.Accuracy()},
      {"test_precision", test.confusion.Precision()},
      {"test_recall", test.confusion.Recall()},
      {"test_logloss", Number(test.logloss)},
      {"threshold", run.threshold.threshold},
      {"confusion_matrix", ConfusionJson(test.confusion)},
      {"valid_auc", Number(run.valid_set.auc)},
      {"valid_f1_at_threshold", run.threshold.f1},
      {"train_auc", Number(run.train_set.auc)},
      {"optimize", config::ToString(run.train.hyperparameters.optimize)},
      {"best_value", Number(best.value)},
      {"best_trial", best.number},
      {"best_params", ParamsJson(best.params)},
      {"best_iteration", run.best_iteration},
      {"num_trees", run.best_iteration + 1},
      {"xgboost_params", xgb_params},
      {"rows",
       {{"labelled", run.labelled_rows},
        {"excluded_gap", run.excluded_rows},
        {"fit", run.fit_rows},
        {"fit_before_sampling", run.fit_rows_before_sampling},
        {"valid", run.valid_set.rows},
        {"test", test.rows}}},
      {"positive_rate",
       {{"labelled", run.labelled_rows ? static_cast<double>(run.labelled_positives) /
                                             static_cast<double>(run.labelled_rows)
                                       : 0.0},
        {"fit", run.fit_rows ? static_cast<double>(run.fit_positives) / run.fit_rows : 0.0},
        {"valid", run.valid_set.positive_rate()},
        {"test", test.positive_rate()}}},
      {"customers", {{"valid", run.valid_customers}, {"test", run.test_customers}}},
      {"sets",
       {{"train", SetJson(run.train_set)},
        {"valid", SetJson(run.valid_set)},
        {"test", SetJson(test)}}},
      {"odds_correction", run.odds_correction},
      {"split", run.split_description},
      {"sampling", config::ToString(run.train.sampling)},
      {"as_of", run.as_of ? Json(FormatMonth(*run.as_of)) : Json(nullptr)},
      {"start_month", FormatMonth(run.train.start_month)},
      {"max_month", FormatMonth(run.train.max_month)},
      {"dataset", run.dataset},
      {"target", run.target},
      {"num_boost_round", run.num_boost_round},
      {"early_stopping_rounds", run.early_stopping_rounds},
      {"versions", {{"xgboost", run.xgboost_version}}},
      {"timings", timings},
  };
}

Json TrialsJson(const TrainingRun& run) {
  Json out = Json::array();
  for (const TrialRecord& t : run.trials) {
    out.push_back({{"number", t.number},
                   {"params", ParamsJson(t.params)},
                   {"value", Number(t.value)},
                   {"best_iteration", t.best_iteration},
                   {"rounds", t.rounds},
                   {"seconds", t.seconds}});
  }
  return out;
}

Status WriteFile(const std::filesystem::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) return Status::IOError("cannot write " + path.string());
  return Status::OK();
}

}  // namespace attrition::train
