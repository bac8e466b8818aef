// `attrition models` end to end through the built binary, on a registry filled through the
// C++ API (as `attrition train` fills it).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "registry_fixture.h"
#include "support/run_binary.h"

namespace attrition::registry {
namespace {

using testing::AttritionBinary;
using testing::RunResult;

class ModelsCommandTest : public RegistryTest {
 protected:
  // Runs `attrition models ARGS...` in the temp dir, whose built-in default artifacts.dir
  // ("artifacts") is the fixture's registry.
  RunResult Models(std::vector<std::string> args) {
    args.insert(args.begin(), "models");
    return testing::RunBinary(AttritionBinary(), args, dir_.path());
  }
};

TEST_F(ModelsCommandTest, ListShowsEveryVersionWithMetricWindowAndAliases) {
  const ModelVersion v1 = RegisterModel("a", 0.8034);
  const ModelVersion v2 = RegisterModel("b", 0.8100);
  ASSERT_TRUE(registry_->Promote(v1.id, {}).ok());
  ASSERT_TRUE(registry_->Promote(v2.id, {.to = Alias::kStaging}).ok());

  const RunResult run = Models({"list"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out,
            "VERSION                 CREATED               METRIC           TRAINING WINDOW   "
            "ALIASES\n" +
                v1.id + "  " + v1.created + "  test_auc 0.8034  2021-01..2023-06  production\n" +
                v2.id + "  " + v2.created + "  test_auc 0.8100  2021-01..2023-06  staging\n");
}

TEST_F(ModelsCommandTest, ListOfAnEmptyRegistrySaysHowToFillIt) {
  const RunResult run = Models({"list", "--artifacts", "elsewhere"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out,
            "No model versions in elsewhere/models yet; `attrition train` registers one.\n");
}

TEST_F(ModelsCommandTest, ListJsonGivesScriptsTheVersionsAndAliases) {
  const ModelVersion v1 = RegisterModel("a", 0.80);
  ASSERT_TRUE(registry_->Promote(v1.id, {}).ok());
  const RunResult run = Models({"list", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["aliases"]["production"], v1.id);
  EXPECT_TRUE(json["aliases"]["staging"].is_null());
  ASSERT_EQ(json["versions"].size(), 1u);
  EXPECT_EQ(json["versions"][0]["version"], v1.id);
  EXPECT_EQ(json["versions"][0]["metrics"]["test_auc"], 0.80);
  EXPECT_EQ(json["versions"][0]["lineage"]["config_hash"], "sha256:config-a");
  EXPECT_EQ(json["versions"][0]["aliases"], nlohmann::json::array({"production"}));
  EXPECT_EQ(json["versions"][0]["integrity"], "ok");
}

TEST_F(ModelsCommandTest, ListWarnsOfAVersionModifiedAfterRegistration) {
  RegisterModel("a", 0.80);
  const ModelVersion v2 = RegisterModel("b", 0.81);
  ::chmod(v2.dir.c_str(), 0755);
  ::chmod((v2.dir / "attrition.model").c_str(), 0644);
  std::ofstream(v2.dir / "attrition.model") << "tampered\n";
  const RunResult run = Models({"list"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("warning: model version " + v2.id +
                         " was modified after registration: attrition.model no longer matches "
                         "the SHA-256 in lineage.json; it is not promoted, scored with, "
                         "explained or served\n"),
            std::string::npos)
      << run.out;
  const auto json = nlohmann::json::parse(Models({"list", "--json"}).out);
  EXPECT_EQ(json["versions"][0]["integrity"], "ok");
  EXPECT_NE(json["versions"][1]["integrity"].get<std::string>().find("was modified"),
            std::string::npos);
}

TEST_F(ModelsCommandTest, ShowPrintsLineageMetricsAndFileIntegrity) {
  const ModelVersion v1 = RegisterModel("a", 0.80);
  ASSERT_TRUE(registry_->Promote(v1.id, {}).ok());
  const RunResult run = Models({"show", "production"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("Model version " + v1.id + "\n"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("  aliases            production\n"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("  test_auc           0.8000\n"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("  training window    2021-01..2023-06\n"), std::string::npos);
  EXPECT_NE(run.out.find("  data fingerprint   sha256:data-a\n"), std::string::npos);
  EXPECT_NE(run.out.find("xgboost " + CurrentLibraryVersions().at("xgboost")), std::string::npos);
  EXPECT_NE(run.out.find("Files (3; all match their SHA-256)"), std::string::npos) << run.out;

  const RunResult json = Models({"show", v1.id, "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(nlohmann::json::parse(json.out)["integrity"], "ok");
}

TEST_F(ModelsCommandTest, ShowOfAnUnknownVersionExitsWithOneClearMessage) {
  RegisterModel("a", 0.80);
  const RunResult run = Models({"show", "v0009-20261127T120501Z"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err,
            "attrition: error: model version v0009-20261127T120501Z does not exist in "
            "artifacts/models; `attrition models list` shows the versions\n");
}

TEST_F(ModelsCommandTest, PromoteGateRollbackAndHistoryFromTheCommandLine) {
  const ModelVersion v1 = RegisterModel("a", 0.8034);
  const ModelVersion v2 = RegisterModel("b", 0.7712);

  RunResult run = Models({"promote", v1.id});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "production now points at " + v1.id + " (was not set).\n");

  run = Models({"promote", v2.id});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "attrition: error: refusing to promote " + v2.id +
                         " to production: its test_auc 0.7712 is worse than production " + v1.id +
                         "'s 0.8034 by 0.0322, more than the tolerance 0.005; use --force to "
                         "promote anyway\n");

  run = Models({"promote", v2.id, "--tolerance", "0.04", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(nlohmann::json::parse(run.out)["version"], v2.id);

  run = Models({"rollback"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "production rolled back to " + v1.id + " (was " + v2.id + ").\n");

  run = Models({"promote", v2.id, "--force"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // Forced: it says it did promote, and why the gate objected; no "refusing".
  EXPECT_EQ(run.out, "warning: promoted " + v2.id + " to production despite the gate (--force): "
                     "its test_auc 0.7712 is worse than production " + v1.id +
                     "'s 0.8034 by 0.0322, more than the tolerance 0.005\n"
                     "production now points at " + v2.id + " (was " + v1.id + ").\n");
  EXPECT_EQ(*registry_->AliasTarget(Alias::kProduction), v2.id);

  run = Models({"history", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto events = nlohmann::json::parse(run.out);
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[2]["action"], "rollback");
  EXPECT_EQ(events[3]["forced"], true);

  run = Models({"rollback"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  run = Models({"rollback"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "attrition: error: cannot roll back production: " + v1.id +
                         " is the first version it ever pointed at, so there is no previous "
                         "version to return to\n");
}

}  // namespace
}  // namespace attrition::registry
