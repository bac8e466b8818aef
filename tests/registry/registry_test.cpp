#include "attrition/registry.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "registry/version_id.h"
#include "registry_fixture.h"

namespace attrition::registry {
namespace {

namespace fs = std::filesystem;

std::string ReadText(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

mode_t Mode(const fs::path& path) {
  struct stat info {};
  ::stat(path.c_str(), &info);
  return info.st_mode & 0777;
}

TEST(VersionId, FormatsSortableReadableIdsAndParsesThemBack) {
  const auto time = std::chrono::sys_days{std::chrono::year{2026} / 11 / 27} +
                    std::chrono::hours{12} + std::chrono::minutes{5} + std::chrono::seconds{1};
  EXPECT_EQ(FormatVersionId(1, time), "v0001-20261127T120501Z");
  EXPECT_EQ(FormatVersionId(12345, time), "v12345-20261127T120501Z");
  EXPECT_EQ(IsoUtc(time), "2026-11-27T12:05:01Z");
  const auto parsed = ParseVersionId("v0042-20261127T120501Z");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->sequence, 42);
  EXPECT_FALSE(ParseVersionId("v42-20261127T120501Z"));
  EXPECT_FALSE(ParseVersionId("v0042-20261127T1205Z"));
  EXPECT_FALSE(ParseVersionId("production"));
  EXPECT_FALSE(ParseVersionId("v0001-20261127T120501Z/../x"));
  EXPECT_EQ(ParseVersionSequence("v3"), 3);
  EXPECT_EQ(ParseVersionSequence("v0042"), 42);
  EXPECT_FALSE(ParseVersionSequence("v"));
  EXPECT_FALSE(ParseVersionSequence("v3a"));
  EXPECT_FALSE(ParseVersionSequence("3"));
  EXPECT_FALSE(ParseVersionSequence("v12345678901234567890")) << "too long to be a number";
}

TEST_F(RegistryTest, RegisteringTwoVersionsNumbersThemInOrderWithLineage) {
  const ModelVersion first = RegisterModel("a", 0.80);
  const ModelVersion second = RegisterModel("b", 0.81);
  EXPECT_EQ(first.id.substr(0, 6), "v0001-");
  EXPECT_EQ(second.id.substr(0, 6), "v0002-");
  EXPECT_EQ(first.dir, artifacts() / "models" / first.id);
  EXPECT_EQ(ReadText(first.dir / "attrition.model"), "model a\n");
  EXPECT_EQ(ReadText(first.dir / "report" / "index.html"), "<html>a</html>\n");

  auto listed = registry_->List();
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, first.id);
  EXPECT_EQ((*listed)[1].id, second.id);

  auto got = registry_->Get(second.id);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->primary_metric, "test_auc");
  EXPECT_DOUBLE_EQ(got->PrimaryMetricValue(), 0.81);
  EXPECT_EQ(got->lineage.config_hash, "sha256:config-b");
  EXPECT_EQ(got->lineage.data_fingerprint, "sha256:data-b");
  EXPECT_EQ(got->lineage.window.start_month, "2021-01");
  EXPECT_EQ(got->lineage.window.test_end_month, "2023-06");
  EXPECT_EQ(got->lineage.training_rows, 1000);
  EXPECT_EQ(got->lineage.run_id, "run-b");
  EXPECT_EQ(got->lineage.library_versions.at("xgboost"), CurrentLibraryVersions().at("xgboost"));
  EXPECT_TRUE(got->lineage.library_versions.contains("attrition"));
  EXPECT_EQ(got->created.size(), 20u);
  ASSERT_EQ(got->files.size(), 3u);
  EXPECT_EQ(got->files[0].path, "attrition.model");
  EXPECT_EQ(got->files[2].path, "report/index.html");
  EXPECT_EQ(got->files[0].bytes, 8);
}

TEST_F(RegistryTest, RegisteredFilesAreReadOnlyAndNoImportDirectoryIsLeft) {
  const ModelVersion version = RegisterModel("a", 0.80);
  EXPECT_EQ(Mode(version.dir), 0555u);
  EXPECT_EQ(Mode(version.dir / "report"), 0555u);
  EXPECT_EQ(Mode(version.dir / "attrition.model"), 0444u);
  EXPECT_EQ(Mode(version.dir / "lineage.json"), 0444u);
  for (const auto& entry : fs::directory_iterator(artifacts() / "models")) {
    EXPECT_FALSE(entry.path().filename().string().starts_with(".import-")) << entry.path();
  }
}

TEST_F(RegistryTest, ReRegisteringAVersionIdIsRefusedAndTheVersionKeepsItsFiles) {
  RegisterRequest request = Request("a", 0.80);
  request.version = "v0007-20261127T120501Z";
  ASSERT_TRUE(registry_->Register(request).ok());

  RegisterRequest again = Request("b", 0.90);
  again.version = "v0007-20261127T120501Z";
  auto refused = registry_->Register(again);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_EQ(refused.status().message(),
            "model version v0007-20261127T120501Z already exists in " +
                (artifacts() / "models").string() +
                "; registered versions never change, so register the new model under a new "
                "version");
  auto kept = registry_->Get("v0007-20261127T120501Z");
  ASSERT_TRUE(kept.ok());
  EXPECT_DOUBLE_EQ(kept->PrimaryMetricValue(), 0.80);
  EXPECT_EQ(ReadText(kept->dir / "attrition.model"), "model a\n");
  // The next automatic id continues after the highest one.
  EXPECT_EQ(registry_->NextVersionId()->substr(0, 6), "v0008-");
  EXPECT_EQ(RegisterModel("c", 0.8).id.substr(0, 6), "v0008-");
}

TEST_F(RegistryTest, VerifyDetectsAFileChangedBehindTheRegistrysBack) {
  const ModelVersion version = RegisterModel("a", 0.80);
  EXPECT_TRUE(registry_->Verify(version).ok());
  ::chmod(version.dir.c_str(), 0755);
  ::chmod((version.dir / "attrition.model").c_str(), 0644);
  std::ofstream(version.dir / "attrition.model") << "tampered\n";
  const Status status = registry_->Verify(version);
  EXPECT_EQ(status.code(), Status::Code::kCorruption);
  EXPECT_EQ(status.message(), "model version " + version.id +
                                  " was modified after registration: attrition.model no longer "
                                  "matches the SHA-256 in lineage.json");
  auto promoted = registry_->Promote(version.id, {});
  EXPECT_EQ(promoted.status().message(), status.message()) << "a modified version is not promoted";
  auto used = ResolveModelToUse(artifacts(), version.id, "score with");
  EXPECT_EQ(used.status().code(), Status::Code::kCorruption);
  EXPECT_EQ(used.status().message(), "refusing to score with model " + version.id + ": " +
                                         status.message())
      << "nor is it scored with";
}

TEST_F(RegistryTest, ModelToUseAdvisesTrainingOnlyWhenAnAliasIsUnset) {
  auto unset = ResolveModelToUse(artifacts(), "production", "explain");
  EXPECT_EQ(unset.status().code(), Status::Code::kNotFound);
  EXPECT_NE(unset.status().message().find("Train one with `attrition train`"), std::string::npos)
      << unset.status().message();
  RegisterModel("a", 0.80);
  auto mistyped = ResolveModelToUse(artifacts(), "v0007", "explain");
  EXPECT_EQ(mistyped.status().message(),
            "no model to explain: model version v0007 does not exist in " +
                (artifacts() / "models").string() + "; `attrition models list` shows the versions");
}

TEST_F(RegistryTest, RegisterRefusesBadRequestsWithTheFieldNamed) {
  RegisterRequest no_metric = Request("a", 0.8);
  no_metric.primary_metric = "test_accuracy";
  EXPECT_EQ(registry_->Register(no_metric).status().message(),
            "metrics: the primary metric \"test_accuracy\" is missing; promote compares "
            "versions by it");

  RegisterRequest nan = Request("b", 0.8);
  nan.metrics["test_auc"] = std::nan("");
  EXPECT_EQ(registry_->Register(nan).status().message(),
            "metrics: test_auc is nan, expected a finite number");

  RegisterRequest missing = Request("c", 0.8);
  missing.source_dir = dir_.path() / "nowhere";
  EXPECT_EQ(registry_->Register(missing).status().message(),
            "model source " + missing.source_dir.string() + " is not a directory");

  RegisterRequest has_lineage = Request("d", 0.8);
  std::ofstream(has_lineage.source_dir / "lineage.json") << "{}";
  EXPECT_EQ(registry_->Register(has_lineage).status().message(),
            "model source " + has_lineage.source_dir.string() +
                " contains lineage.json, which the registry writes itself");

  RegisterRequest bad_id = Request("e", 0.8);
  bad_id.version = "latest";
  EXPECT_EQ(registry_->Register(bad_id).status().message(),
            "version: got \"latest\", expected v<number>-<YYYYMMDD>T<HHMMSS>Z such as "
            "v0001-20261127T120501Z");
}

TEST_F(RegistryTest, ResolveFindsAliasesAndVersionsAndExplainsWhatIsMissing) {
  const ModelVersion version = RegisterModel("a", 0.80);
  auto unset = registry_->Resolve("production");
  EXPECT_EQ(unset.status().code(), Status::Code::kNotFound);
  EXPECT_EQ(unset.status().message(),
            "no model version is production yet in " + artifacts().string() +
                "; `attrition models promote VERSION --to production` sets it");
  ASSERT_TRUE(registry_->Promote(version.id, {}).ok());
  auto resolved = registry_->Resolve("production");
  ASSERT_TRUE(resolved.ok());
  EXPECT_EQ(resolved->id, version.id);
  EXPECT_EQ(registry_->Resolve(version.id)->id, version.id);

  EXPECT_EQ(registry_->Resolve("v1")->id, version.id) << "the sequence alone names it";
  EXPECT_EQ(registry_->Resolve("v0001")->id, version.id);
  EXPECT_EQ(registry_->Resolve("v2").status().code(), Status::Code::kNotFound);

  auto unknown = registry_->Resolve("v0099-20261127T120501Z");
  EXPECT_EQ(unknown.status().code(), Status::Code::kNotFound);
  EXPECT_EQ(unknown.status().message(), "model version v0099-20261127T120501Z does not exist in " +
                                            (artifacts() / "models").string() +
                                            "; `attrition models list` shows the versions");
  EXPECT_EQ(registry_->Resolve("latest").status().message(),
            "\"latest\" is neither an alias (production, staging) nor a model version id such "
            "as v0001-20261127T120501Z");
}

TEST_F(RegistryTest, AnEmptyRegistryListsNothingAndCreatesNothing) {
  auto listed = registry_->List();
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->empty());
  EXPECT_FALSE(*registry_->AliasTarget(Alias::kProduction));
  EXPECT_FALSE(fs::exists(artifacts()));
}

}  // namespace
}  // namespace attrition::registry
