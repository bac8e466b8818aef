#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>

#include "attrition/model_xgboost.h"
#include "attrition/model_xgboost_train.h"
#include "model/python_oracle.h"
#include "model/synthetic_data.h"
#include "model/xgboost_call.h"
#include "support/temp_dir.h"

namespace attrition::model {
namespace {

using testing::MakeSyntheticData;
using testing::SyntheticData;

const std::vector<std::pair<std::string, std::string>> kParams = {{"objective", "binary:logistic"},
                                                                  {"tree_method", "hist"},
                                                                  {"eta", "0.3"},
                                                                  {"max_depth", "4"},
                                                                  {"eval_metric", "auc"},
                                                                  {"nthread", "2"},
                                                                  {"verbosity", "0"},
                                                                  {"seed", "7"}};

XgbDMatrix ToDMatrix(const SyntheticData& data) {
  Result<XgbDMatrix> matrix = XgbDMatrix::FromDense(data.x, {.labels = data.y});
  EXPECT_TRUE(matrix.ok()) << matrix.status().ToString();
  return std::move(matrix).value();
}

XgbBooster TrainSmallModel(int rounds = 30) {
  SyntheticData train = MakeSyntheticData(2000, 6, 0.1, 1);
  XgbDMatrix dtrain = ToDMatrix(train);
  Result<BoostResult> result = Boost({kParams, rounds, 0, {}}, dtrain, nullptr);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return std::move(result->booster);
}

void WriteFloats(const std::string& path, std::span<const float> values) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(values.data()), values.size_bytes());
}

TEST(XgbBooster, LearnsTheSyntheticSignalWithValidationAucAbovePointEight) {
  SyntheticData train = MakeSyntheticData(3000, 6, 0.1, 1);
  SyntheticData valid = MakeSyntheticData(1500, 6, 0.1, 2);
  XgbDMatrix dtrain = ToDMatrix(train);
  XgbDMatrix dvalid = ToDMatrix(valid);
  Result<BoostResult> result = Boost({kParams, 200, 20, {}}, dtrain, &dvalid);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->metric, "auc");
  std::vector<float> p = result->booster.Predict(dvalid).value();
  double auc = testing::Auc(p, valid.y);
  EXPECT_GT(auc, 0.8);
  EXPECT_NEAR(auc, result->best_score, 1e-4);  // XGBoost prints ~6 digits
}

TEST(XgbBooster, EarlyStoppingCutsTheModelAtTheBestIteration) {
  SyntheticData train = MakeSyntheticData(1000, 6, 0.1, 3);
  SyntheticData valid = MakeSyntheticData(500, 6, 0.1, 4);
  XgbDMatrix dtrain = ToDMatrix(train);
  XgbDMatrix dvalid = ToDMatrix(valid);
  auto params = kParams;
  params.emplace_back("eta", "1.0");  // overfits quickly
  Result<BoostResult> result = Boost({params, 300, 5, {}}, dtrain, &dvalid);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_LT(result->best_iteration + 6, 300);
  EXPECT_EQ(result->history.size(), static_cast<size_t>(result->best_iteration + 6));
  EXPECT_EQ(result->booster.BoostedRounds().value(), result->best_iteration + 1);
  double best = *std::max_element(result->history.begin(), result->history.end());
  EXPECT_EQ(result->history[result->best_iteration], best);
}

TEST(EarlyStopping, OnlyAStrictImprovementResetsThePatience) {
  EarlyStopping stopping(2, /*maximize=*/true);
  EXPECT_FALSE(stopping.Update(0, 0.70));
  EXPECT_FALSE(stopping.Update(1, 0.75));
  EXPECT_FALSE(stopping.Update(2, 0.75));  // a tie is not an improvement
  EXPECT_TRUE(stopping.Update(3, 0.74));
  EXPECT_EQ(stopping.best_iteration(), 1);
  EXPECT_EQ(stopping.best_score(), 0.75);
  EarlyStopping loss(1, /*maximize=*/false);
  EXPECT_FALSE(loss.Update(0, 0.5));
  EXPECT_FALSE(loss.Update(1, 0.4));
  EXPECT_TRUE(loss.Update(2, 0.45));
  EXPECT_TRUE(EarlyStopping::Maximizes("auc"));
  EXPECT_TRUE(EarlyStopping::Maximizes("aucpr"));
  EXPECT_TRUE(EarlyStopping::Maximizes("ndcg@5"));
  EXPECT_FALSE(EarlyStopping::Maximizes("logloss"));
  EXPECT_FALSE(EarlyStopping::Maximizes("error"));
}

TEST(ParseEvalLine, ReadsEveryDataMetricAndValue) {
  Result<std::vector<EvalEntry>> entries =
      ParseEvalLine("[12]\tvalid-auc:0.812345\tvalid-logloss:0.4");
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].data, "valid");
  EXPECT_EQ((*entries)[0].metric, "auc");
  EXPECT_DOUBLE_EQ((*entries)[0].value, 0.812345);
  EXPECT_EQ((*entries)[1].metric, "logloss");
}

TEST(ParseEvalLine, MalformedEntryIsCorruptionQuotingIt) {
  Result<std::vector<EvalEntry>> entries = ParseEvalLine("[0]\tvalid-auc=0.8");
  ASSERT_FALSE(entries.ok());
  EXPECT_EQ(entries.status().code(), Status::Code::kCorruption);
  EXPECT_EQ(entries.status().message(),
            "cannot parse XGBoost evaluation entry \"valid-auc=0.8\" in \"[0]\tvalid-auc=0.8\"");
}

TEST(XgbBooster, UnknownObjectiveFailsWithXgboostsOwnMessage) {
  SyntheticData train = MakeSyntheticData(100, 4, 0.0, 5);
  XgbDMatrix dtrain = ToDMatrix(train);
  std::array<const XgbDMatrix*, 1> cache = {&dtrain};
  XgbBooster booster = XgbBooster::Create(cache).value();
  ASSERT_TRUE(booster.SetParam("objective", "binary:nonsense").ok());
  Status status = booster.UpdateOneIter(0, dtrain);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), Status::Code::kInvalidArgument);
  EXPECT_TRUE(status.message().starts_with(
      "xgboost XGBoosterUpdateOneIter: Unknown objective function: `binary:nonsense`"))
      << status.message();
  EXPECT_EQ(status.message().find("Stack trace"), std::string::npos);
}

TEST(XgboostCall, ErrorTextLosesTimeStampSourceLocationAndStackTrace) {
  EXPECT_EQ(xgboost_call::CleanError("[12:34:56] ../src/learner.cc:742: Invalid Parameter "
                                     "format for max_depth\nStack trace:\n  [bt] (0) x"),
            "Invalid Parameter format for max_depth");
  EXPECT_EQ(xgboost_call::CleanError("[12:34:56] WARNING: ../src/learner.cc:767: \n"
                                     "Parameters: { \"foo\" } are not used.\n"),
            "Parameters: { \"foo\" } are not used.");
}

TEST(XgbDMatrix, LabelCountMustMatchTheRows) {
  DenseMatrix x(3, 2);
  std::vector<float> labels = {1, 0};
  Result<XgbDMatrix> matrix = XgbDMatrix::FromDense(x, {.labels = labels});
  ASSERT_FALSE(matrix.ok());
  EXPECT_EQ(matrix.status().message(), "labels has 2 values for 3 rows");
}

TEST(XgbDMatrix, KeepsShapeAndFeatureNames) {
  DenseMatrix x(3, 2, 1.0f);
  Result<XgbDMatrix> matrix = XgbDMatrix::FromDense(x, {.feature_names = {"A", "B"}});
  ASSERT_TRUE(matrix.ok()) << matrix.status().ToString();
  EXPECT_EQ(matrix->NumRows().value(), 3u);
  EXPECT_EQ(matrix->NumCols().value(), 2u);
}

TEST(XgbBooster, InPlacePredictionEqualsDMatrixPrediction) {
  XgbBooster booster = TrainSmallModel();
  SyntheticData test = MakeSyntheticData(500, 6, 0.2, 9);
  XgbDMatrix dtest = ToDMatrix(test);
  std::vector<float> via_dmatrix = booster.Predict(dtest).value();
  Result<std::vector<float>> in_place = booster.PredictDense(test.x.values(), 500, 6);
  ASSERT_TRUE(in_place.ok()) << in_place.status().ToString();
  EXPECT_EQ(*in_place, via_dmatrix);
}

TEST(XgbBooster, ContributionsSumToTheMargin) {
  XgbBooster booster = TrainSmallModel();
  SyntheticData test = MakeSyntheticData(200, 6, 0.2, 10);
  XgbDMatrix dtest = ToDMatrix(test);
  DenseMatrix contribs = booster.Contributions(dtest).value();
  std::vector<float> margin = booster.Predict(dtest, {.output_margin = true}).value();
  ASSERT_EQ(contribs.cols(), 7u);
  for (size_t r = 0; r < contribs.rows(); ++r) {
    double sum = 0;
    for (float v : contribs.Row(r)) sum += v;
    EXPECT_NEAR(sum, margin[r], 1e-4);
  }
}

TEST(XgbBooster, SliceOutOfRangeIsInvalidArgument) {
  XgbBooster booster = TrainSmallModel(10);
  Result<XgbBooster> slice = booster.Slice(0, 50);
  ASSERT_FALSE(slice.ok());
  EXPECT_EQ(slice.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(slice.status().message(), "boosting rounds [0, 50) are out of the model's range");
  EXPECT_EQ(booster.Slice(0, 4).value().BoostedRounds().value(), 4);
}

TEST(XgbBooster, SavedModelReloadsWithIdenticalPredictions) {
  XgbBooster booster = TrainSmallModel();
  testing::TempDir dir;
  ASSERT_TRUE(booster.SaveFile(dir.File("attrition.model")).ok());
  Result<XgbBooster> loaded = XgbBooster::LoadFile(dir.File("attrition.model"));
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  SyntheticData test = MakeSyntheticData(300, 6, 0.2, 11);
  XgbDMatrix dtest = ToDMatrix(test);
  EXPECT_EQ(loaded->Predict(dtest).value(), booster.Predict(dtest).value());
  EXPECT_EQ(loaded->NumFeatures().value(), 6u);
}

TEST(XgbBooster, CorruptModelBufferIsCorruption) {
  Result<XgbBooster> booster = XgbBooster::LoadFromBuffer("{\"learner\": 42}");
  ASSERT_FALSE(booster.ok());
  EXPECT_EQ(booster.status().code(), Status::Code::kCorruption);
  EXPECT_TRUE(booster.status().message().starts_with("xgboost XGBoosterLoadModelFromBuffer: "))
      << booster.status().message();
}

// attrition.model must load in Python's xgboost.Booster().load_model and predict the same.
TEST(XgbBooster, SavedModelLoadsInPythonWithTheSameProbabilities) {
  if (!testing::PythonAvailable()) GTEST_SKIP() << "no /usr/bin/python3";
  XgbBooster booster = TrainSmallModel();
  SyntheticData test = MakeSyntheticData(2000, 6, 0.2, 12);
  XgbDMatrix dtest = ToDMatrix(test);
  std::vector<float> ours = booster.Predict(dtest).value();
  testing::TempDir dir;
  ASSERT_TRUE(booster.SaveFile(dir.File("attrition.model")).ok());
  WriteFloats(dir.File("x.f32"), test.x.values());
  WriteFloats(dir.File("p.f32"), ours);
  std::string script =
      "import numpy as np, xgboost as xgb\n"
      "b = xgb.Booster()\nb.load_model('" +
      dir.File("attrition.model") +
      "')\n"
      "x = np.fromfile('" +
      dir.File("x.f32") +
      "', dtype=np.float32).reshape(-1, 6)\n"
      "p = np.fromfile('" +
      dir.File("p.f32") +
      "', dtype=np.float32)\n"
      "q = b.predict(xgb.DMatrix(x, missing=np.nan))\n"
      "print(len(q), float(np.max(np.abs(p - q))))\n";
  int exit_code = 0;
  std::string output = testing::RunPython(script, dir.File("check.py"), &exit_code);
  ASSERT_EQ(exit_code, 0) << output;
  size_t rows = 0;
  double max_diff = 1;
  ASSERT_EQ(std::sscanf(output.c_str(), "%zu %lf", &rows, &max_diff), 2) << output;
  EXPECT_EQ(rows, 2000u);
  EXPECT_LT(max_diff, 1e-6);
}

}  // namespace
}  // namespace attrition::model
