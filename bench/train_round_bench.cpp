// train_round_bench: the cost of one boosting round with early stopping's validation
// metric, three ways, on the real modeling dataset:
//   update      XGBoosterUpdateOneIter only (the floor)
//   xgb-eval    + XGBoosterEvalOneIter("auc") each round (what xgboost.train does)
//   radix-eval  + cached Predict and the radix-sort AUC (what attrition train does)
//
//   train_round_bench DB [ROUNDS=200] [MAX_DEPTH=6] [THREADS=0]
//
// Uses the default config's window and down-sampling, the same fit / validation rows as
// `attrition train`. Prints milliseconds per round.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "attrition/config.h"
#include "attrition/model_feature_plan.h"
#include "attrition/model_xgboost.h"
#include "attrition/warehouse.h"
#include "attrition/labelled_rows.h"
#include "train/ranked_scores.h"
#include "train/sampling.h"
#include "train/split.h"
#include "train/tuner.h"

namespace {

using namespace attrition;

template <typename T>
T Check(Result<T> r) {
  if (!r.ok()) {
    std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
    std::exit(1);
  }
  return std::move(r).value();
}

std::vector<float> Gather(const std::vector<float>& v, const std::vector<size_t>& rows) {
  std::vector<float> out;
  for (size_t r : rows) out.push_back(v[r]);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: train_round_bench DB [ROUNDS] [MAX_DEPTH] [THREADS]\n");
    return 2;
  }
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 200;
  const int depth = argc > 3 ? std::atoi(argv[3]) : 6;
  const int threads = argc > 4 ? std::atoi(argv[4]) : 0;
  if (rounds == 0) {  // load only
    config::Config cfg = config::DefaultConfig();
    auto wh = Check(warehouse::Warehouse::Open(std::string("sqlite:") + argv[1]));
    const auto start = std::chrono::steady_clock::now();
    dataset::LabelledRows rows = Check(dataset::LoadLabelledRows(*wh, cfg.train, std::nullopt));
    std::printf("load %zu rows %.2fs\n", rows.table.num_rows(),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return 0;
  }
  config::Config cfg = config::DefaultConfig();
  auto wh = Check(warehouse::Warehouse::Open(std::string("sqlite:") + argv[1]));
  const auto load_start = std::chrono::steady_clock::now();
  dataset::LabelledRows rows = Check(dataset::LoadLabelledRows(*wh, cfg.train, std::nullopt));
  std::printf("load %.2fs\n", std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                                            load_start).count());
  model::FeaturePlan plan = Check(model::FeaturePlan::Build(
      {cfg.train.dummy_cols, cfg.train.rename_cols, cfg.train.features, cfg.train.drop,
       cfg.train.target, cfg.train.positive_class},
      rows.table));
  model::DenseMatrix x = Check(plan.Encode(rows.table));
  std::vector<float> y = Check(plan.EncodeTarget(rows.table));
  train::Split split = Check(train::SplitRows(
      {&rows.months, &rows.customers, static_cast<int32_t>(rows.customer_ids.size())},
      {.split = cfg.train.split, .max_month = cfg.train.max_month}));
  std::vector<size_t> fit_rows, valid_rows;
  for (size_t i = 0; i < split.roles.size(); ++i) {
    if (split.roles[i] == train::RowRole::kFit) fit_rows.push_back(i);
    if (split.roles[i] == train::RowRole::kValid) valid_rows.push_back(i);
  }
  fit_rows = Check(train::SampleFitRows(fit_rows, y, {}));
  const std::vector<float> fit_y = Gather(y, fit_rows), valid_y = Gather(y, valid_rows);
  auto fit = Check(model::XgbDMatrix::FromDense(x.SelectRows(fit_rows), {.labels = fit_y}));
  auto valid =
      Check(model::XgbDMatrix::FromDense(x.SelectRows(valid_rows), {.labels = valid_y}));
  std::printf("fit %zu rows, validation %zu rows, max_depth %d, %d rounds\n", fit_rows.size(),
              valid_rows.size(), depth, rounds);
  train::TuneOptions tune{.threads = threads};
  const auto params = train::XgboostParams(
      tune, {{"eta", 0.05}, {"max_depth", depth}, {"subsample", 0.8}, {"min_child_weight", 1}});
  for (const char* mode : {"update", "xgb-eval", "radix-eval", "update", "xgb-eval",
                           "radix-eval"}) {
    const model::XgbDMatrix* cache[] = {&fit, &valid};
    auto booster = Check(model::XgbBooster::Create(cache));
    if (!booster.SetParams(params).ok()) return 1;
    train::AucEvaluator auc(valid_y);
    model::NamedDMatrix sets[] = {{"valid", &valid}};
    double sink = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int r = 0; r < rounds; ++r) {
      if (!booster.UpdateOneIter(r, fit).ok()) return 1;
      if (std::string(mode) == "xgb-eval") {
        sink += Check(booster.EvalOneIter(r, sets)).front().value;
      } else if (std::string(mode) == "radix-eval") {
        sink += auc.Evaluate(Check(booster.Predict(valid)));
      }
    }
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count();
    std::printf("%-11s %7.2f ms/round   (last auc sum %.4f)\n", mode, ms / rounds, sink);
  }
  return 0;
}
