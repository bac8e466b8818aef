#include "attrition/model_bundle.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "attrition/model_xgboost.h"
#include "attrition/model_xgboost_train.h"
#include "model/seed_plan.h"
#include "model/synthetic_data.h"
#include "support/temp_dir.h"

namespace attrition::model {
namespace {

FeaturePlan SmallPlan(size_t features) {
  FeaturePlanSpec spec;
  TrainingColumns columns;
  for (size_t i = 0; i < features; ++i) {
    spec.features.push_back("X" + std::to_string(i));
    columns.columns.push_back("X" + std::to_string(i));
  }
  spec.target = "Y";
  columns.columns.push_back("Y");
  return FeaturePlan::Build(spec, columns).value();
}

std::string SmallModelJson(size_t features) {
  testing::SyntheticData data = testing::MakeSyntheticData(500, features, 0.1, 31);
  XgbDMatrix train = XgbDMatrix::FromDense(data.x, {.labels = data.y}).value();
  BoostOptions options{
      {{"objective", "binary:logistic"}, {"nthread", "1"}, {"verbosity", "0"}}, 5, 0, {}};
  return Boost(options, train, nullptr).value().booster.SaveJson().value();
}

ModelMetadata SampleMetadata();

Status SaveBundle(size_t plan_features, size_t model_features, const std::filesystem::path& dir) {
  ModelBundle bundle{SmallPlan(plan_features), SampleMetadata(), SmallModelJson(model_features)};
  return bundle.Save(dir);
}

ModelMetadata SampleMetadata() {
  ModelMetadata m;
  m.model_version = "3f2a9c0d1e7b";
  m.created_at = "2024-05-01T13:00:00Z";
  m.threshold = 0.37;
  m.odds_correction = 0.12;
  m.best_iteration = 4;
  m.metrics = {{"test_auc", 0.81}, {"test_f1", 0.44}};
  m.hyperparameters = {{"eta", 0.1}, {"max_depth", 6}};
  m.test_confusion = {900, 50, 30, 20};
  m.lineage = {"c0ffee",  "d474",    "PA_MODELING_DATASET",          "2020-05",
               "2021-02", "2021-08", {{"xgboost", XgboostVersion()}}};
  return m;
}

TEST(ModelBundle, SaveThenLoadGivesBackEveryPart) {
  testing::TempDir dir;
  ModelBundle bundle{SmallPlan(4), SampleMetadata(), SmallModelJson(4)};
  ASSERT_TRUE(bundle.Save(dir.path() / "v1").ok());
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "v1" / "attrition.model"));
  Result<ModelBundle> loaded = ModelBundle::Load(dir.path() / "v1");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->model_json, bundle.model_json);
  EXPECT_EQ(loaded->plan.ToJson(), bundle.plan.ToJson());
  const ModelMetadata& m = loaded->metadata;
  EXPECT_EQ(m.model_version, "3f2a9c0d1e7b");
  EXPECT_EQ(m.threshold, 0.37);
  EXPECT_EQ(m.odds_correction, 0.12);
  EXPECT_EQ(m.best_iteration, 4);
  EXPECT_EQ(m.metrics, SampleMetadata().metrics);
  EXPECT_EQ(m.hyperparameters, SampleMetadata().hyperparameters);
  EXPECT_EQ(m.test_confusion.tp, 20);
  EXPECT_EQ(m.lineage.max_month, "2021-02");
  EXPECT_EQ(m.lineage.library_versions.at("xgboost"), "1.7.4");
  EXPECT_EQ(MetadataToJson(m), MetadataToJson(SampleMetadata()));
}

TEST(ModelBundle, LoadModelBuildsTheNativeEvaluator) {
  testing::TempDir dir;
  ASSERT_TRUE(SaveBundle(4, 4, dir.path()).ok());
  Result<LoadedModel> model = LoadModel(dir.path());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_EQ(model->ensemble.num_features(), 4u);
  EXPECT_EQ(model->ensemble.num_trees(), 5u);
}

TEST(ModelBundle, MissingFileIsNotFoundNamingIt) {
  testing::TempDir dir;
  ASSERT_TRUE(SaveBundle(4, 4, dir.path()).ok());
  std::filesystem::remove(dir.path() / "metadata.json");
  Result<ModelBundle> loaded = ModelBundle::Load(dir.path());
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), Status::Code::kNotFound);
  EXPECT_EQ(loaded.status().message(),
            "model bundle " + dir.path().string() + " has no metadata.json");
}

TEST(ModelBundle, PlanWidthDifferentFromTheModelIsCorruption) {
  testing::TempDir dir;
  ASSERT_TRUE(SaveBundle(3, 4, dir.path()).ok());
  Result<LoadedModel> model = LoadModel(dir.path());
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().code(), Status::Code::kCorruption);
  EXPECT_EQ(model.status().message(), "model bundle " + dir.path().string() +
                                          ": attrition.model has 4 features but "
                                          "feature_plan.json lists 3");
}

TEST(ModelMetadata, ThresholdOutsideZeroToOneIsCorruption) {
  Result<ModelMetadata> m = MetadataFromJson(R"({"threshold": 1.5})");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().message(), "metadata.json: threshold 1.5 is outside [0, 1]");
}

TEST(ModelMetadata, WrongTypeIsCorruptionNamingTheField) {
  Result<ModelMetadata> m = MetadataFromJson(R"({"metrics": {"test_auc": "high"}})");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().message(), "metadata.json: metrics.test_auc has the wrong type");
  EXPECT_EQ(MetadataFromJson(R"({"threshold": "0.5"})").status().message(),
            "metadata.json: threshold must be a number");
}

TEST(ModelMetadata, UnknownKeysAreIgnored) {
  Result<ModelMetadata> m = MetadataFromJson(R"({"threshold": 0.25, "future_field": [1, 2]})");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->threshold, 0.25);
}

}  // namespace
}  // namespace attrition::model
