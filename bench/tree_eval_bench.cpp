// Native tree evaluator vs XGBoost's C API: single-row prediction (the endpoint's path),
// single-row and batch SHAP contributions (the reasons of the endpoint and batch scoring).
//
//   tree_eval_bench [--benchmark_filter=...]
//   ATTRITION_BENCH_MODEL=/path/attrition.model tree_eval_bench   # a real trained model
//
// Without ATTRITION_BENCH_MODEL a model like a tuned attrition model is trained first:
// 23 features, max_depth 6, 300 rounds, eta 0.05, data with missing values.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "attrition/model_tree_ensemble.h"
#include "attrition/model_xgboost.h"
#include "attrition/model_xgboost_train.h"

namespace attrition::model {
namespace {

struct Fixture {
  XgbBooster booster;
  TreeEnsemble ensemble;
  DenseMatrix rows;  // random rows for the model's width
};

DenseMatrix RandomRows(size_t rows, size_t cols, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 2.0f);
  std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
  DenseMatrix x(rows, cols);
  for (float& v : x.mutable_values()) v = uniform(rng) < 0.1f ? std::nanf("") : normal(rng);
  return x;
}

XgbBooster TrainModel() {
  DenseMatrix x = RandomRows(20000, 23, 1);
  std::vector<float> y(x.rows());
  std::mt19937 rng(2);
  std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
  for (size_t r = 0; r < x.rows(); ++r) {
    auto row = x.Row(r);
    float z = 0.5f * (std::isnan(row[0]) ? 0.0f : row[0]) + 0.8f * (row[1] > 0) -
              0.4f * (row[2] > 1) + 0.3f * (row[3] > 0) * (row[4] > 0);
    y[r] = uniform(rng) < 1.0f / (1.0f + std::exp(-z)) ? 1.0f : 0.0f;
  }
  XgbDMatrix train = XgbDMatrix::FromDense(x, {.labels = y}).value();
  BoostOptions options{{{"objective", "binary:logistic"},
                        {"tree_method", "hist"},
                        {"eta", "0.05"},
                        {"max_depth", "6"},
                        {"subsample", "0.8"},
                        {"nthread", "2"},
                        {"verbosity", "0"}},
                       300,
                       0,
                       {}};
  return std::move(Boost(options, train, nullptr).value().booster);
}

Fixture& GetFixture() {
  static Fixture* fixture = [] {
    const char* path = std::getenv("ATTRITION_BENCH_MODEL");
    XgbBooster booster = path ? XgbBooster::LoadFile(path).value() : TrainModel();
    TreeEnsemble ensemble = TreeEnsemble::FromXgboostJson(booster.SaveJson().value()).value();
    std::fprintf(stderr, "model: %zu trees, %zu nodes, %zu features\n", ensemble.num_trees(),
                 ensemble.num_nodes(), ensemble.num_features());
    DenseMatrix rows = RandomRows(5000, ensemble.num_features(), 3);
    return new Fixture{std::move(booster), std::move(ensemble), std::move(rows)};
  }();
  return *fixture;
}

void BM_NativePredictOneRow(benchmark::State& state) {
  Fixture& f = GetFixture();
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(f.ensemble.PredictProbability(f.rows.Row(i++ % 1000)));
  }
}
BENCHMARK(BM_NativePredictOneRow);

void BM_XgboostPredictFromDenseOneRow(benchmark::State& state) {
  Fixture& f = GetFixture();
  (void)f.booster.SetParam("nthread", "1");
  size_t i = 0;
  for (auto _ : state) {
    auto row = f.rows.Row(i++ % 1000);
    benchmark::DoNotOptimize(f.booster.PredictDense(row, 1, row.size()).value());
  }
}
BENCHMARK(BM_XgboostPredictFromDenseOneRow);

void BM_NativeContributionsOneRow(benchmark::State& state) {
  Fixture& f = GetFixture();
  std::vector<float> out(f.ensemble.num_features() + 1);
  size_t i = 0;
  for (auto _ : state) {
    f.ensemble.Contributions(f.rows.Row(i++ % 1000), out);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_NativeContributionsOneRow);

// What the Python endpoint does per request: a one-row DMatrix, then pred_contribs.
void BM_XgboostContributionsOneRow(benchmark::State& state) {
  Fixture& f = GetFixture();
  (void)f.booster.SetParam("nthread", "1");
  size_t i = 0;
  for (auto _ : state) {
    DenseMatrix one(1, f.rows.cols());
    auto row = f.rows.Row(i++ % 1000);
    std::copy(row.begin(), row.end(), one.Row(0).begin());
    XgbDMatrix d = XgbDMatrix::FromDense(one, {.threads = 1}).value();
    benchmark::DoNotOptimize(f.booster.Contributions(d).value());
  }
}
BENCHMARK(BM_XgboostContributionsOneRow);

void BM_NativeContributionsBatch(benchmark::State& state) {
  Fixture& f = GetFixture();
  int threads = static_cast<int>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(f.ensemble.Contributions(f.rows, {threads}));
  state.SetItemsProcessed(state.iterations() * f.rows.rows());
}
BENCHMARK(BM_NativeContributionsBatch)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_XgboostContributionsBatch(benchmark::State& state) {
  Fixture& f = GetFixture();
  (void)f.booster.SetParam("nthread", std::to_string(state.range(0)));
  XgbDMatrix d = XgbDMatrix::FromDense(f.rows).value();
  for (auto _ : state) benchmark::DoNotOptimize(f.booster.Contributions(d).value());
  state.SetItemsProcessed(state.iterations() * f.rows.rows());
}
BENCHMARK(BM_XgboostContributionsBatch)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_NativePredictBatch(benchmark::State& state) {
  Fixture& f = GetFixture();
  for (auto _ : state) benchmark::DoNotOptimize(f.ensemble.PredictProbabilities(f.rows, {2}));
  state.SetItemsProcessed(state.iterations() * f.rows.rows());
}
BENCHMARK(BM_NativePredictBatch)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace attrition::model

BENCHMARK_MAIN();
