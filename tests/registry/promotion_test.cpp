#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <sstream>

#include "attrition/registry.h"
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

TEST_F(RegistryTest, PromoteMovesTheAliasAndRollbackReturnsToThePreviousVersion) {
  const ModelVersion v1 = RegisterModel("a", 0.80);
  const ModelVersion v2 = RegisterModel("b", 0.81);

  auto first = registry_->Promote(v1.id, {});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->changed);
  EXPECT_EQ(first->previous, "");
  EXPECT_EQ(ReadText(artifacts() / "aliases" / "production"), v1.id + "\n");

  auto second = registry_->Promote(v2.id, {});
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->previous, v1.id);
  EXPECT_EQ(*registry_->AliasTarget(Alias::kProduction), v2.id);

  auto back = registry_->Rollback();
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->version, v1.id);
  EXPECT_EQ(back->previous, v2.id);
  EXPECT_EQ(*registry_->AliasTarget(Alias::kProduction), v1.id);
  EXPECT_EQ(registry_->Resolve("production")->id, v1.id);

  auto history = registry_->History();
  ASSERT_TRUE(history.ok()) << history.status().ToString();
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[0].action, "promote");
  EXPECT_EQ((*history)[1].version, v2.id);
  EXPECT_EQ((*history)[2].action, "rollback");
  EXPECT_EQ((*history)[2].version, v1.id);
  EXPECT_EQ((*history)[2].previous, v2.id);
  // Only the alias files and the history are in aliases/: no temporary file is left.
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(artifacts() / "aliases")) {
    names.insert(entry.path().filename().string());
  }
  EXPECT_EQ(names, (std::set<std::string>{"production", "history.jsonl"}));
}

TEST_F(RegistryTest, RollbackIsAStackOfPromotions) {
  const ModelVersion v1 = RegisterModel("a", 0.80);
  const ModelVersion v2 = RegisterModel("b", 0.80);
  const ModelVersion v3 = RegisterModel("c", 0.80);
  for (const auto* version : {&v1, &v2, &v3}) ASSERT_TRUE(registry_->Promote(version->id, {}).ok());
  EXPECT_EQ(registry_->Rollback()->version, v2.id);
  EXPECT_EQ(registry_->Rollback()->version, v1.id);
  const auto none = registry_->Rollback();
  EXPECT_EQ(none.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_EQ(none.status().message(),
            "cannot roll back production: " + v1.id +
                " is the first version it ever pointed at, so there is no previous version to "
                "return to");
}

TEST_F(RegistryTest, RollbackWithNothingPromotedSaysSo) {
  RegisterModel("a", 0.80);
  const auto none = registry_->Rollback();
  EXPECT_EQ(none.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_EQ(none.status().message(),
            "cannot roll back production: no model version has been promoted to it");
}

TEST_F(RegistryTest, PromoteAndRollbackOnARegistryThatDoesNotExistYetExplainThemselves) {
  const auto promoted = registry_->Promote("v0001-20261127T120501Z", {});
  EXPECT_EQ(promoted.status().code(), Status::Code::kNotFound);
  EXPECT_EQ(promoted.status().message(),
            "model version v0001-20261127T120501Z does not exist in " +
                (artifacts() / "models").string() + "; `attrition models list` shows the versions");
  EXPECT_EQ(registry_->Rollback().status().message(),
            "cannot roll back production: no model version has been promoted to it");
  EXPECT_FALSE(fs::exists(artifacts()));
}

TEST_F(RegistryTest, RollbackAfterACrashBetweenMovingAndLoggingStillReturnsToThePrevious) {
  const ModelVersion v1 = RegisterModel("a", 0.80);
  const ModelVersion v2 = RegisterModel("b", 0.80);
  ASSERT_TRUE(registry_->Promote(v1.id, {}).ok());
  // What a crash after the alias rename but before the history append leaves behind.
  std::ofstream(artifacts() / "aliases" / "production") << v2.id << "\n";
  EXPECT_EQ(registry_->Rollback()->version, v1.id);
}

TEST_F(RegistryTest, PromotingTheCurrentVersionChangesNothing) {
  const ModelVersion v1 = RegisterModel("a", 0.80);
  ASSERT_TRUE(registry_->Promote(v1.id, {}).ok());
  auto again = registry_->Promote(v1.id, {});
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->changed);
  EXPECT_EQ(registry_->History()->size(), 1u);
}

TEST_F(RegistryTest, GateRefusesACandidateWorseThanProductionByMoreThanTheTolerance) {
  const ModelVersion v1 = RegisterModel("a", 0.8034);
  const ModelVersion v2 = RegisterModel("b", 0.7712);
  ASSERT_TRUE(registry_->Promote(v1.id, {}).ok());

  auto refused = registry_->Promote(v2.id, {.tolerance = 0.005});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_EQ(refused.status().message(),
            "refusing to promote " + v2.id + " to production: its test_auc 0.7712 is worse than " +
                "production " + v1.id + "'s 0.8034 by 0.0322, more than the tolerance 0.005; use " +
                "--force to promote anyway");
  EXPECT_EQ(*registry_->AliasTarget(Alias::kProduction), v1.id);

  // Within a wider tolerance it passes.
  auto within = registry_->Promote(v2.id, {.tolerance = 0.05});
  ASSERT_TRUE(within.ok()) << within.status().ToString();
  EXPECT_FALSE(within->forced);
}

TEST_F(RegistryTest, ForcePromotesPastTheGateAndRecordsThatItWasForced) {
  const ModelVersion v1 = RegisterModel("a", 0.80);
  const ModelVersion v2 = RegisterModel("b", 0.70);
  ASSERT_TRUE(registry_->Promote(v1.id, {}).ok());
  auto forced = registry_->Promote(v2.id, {.force = true});
  ASSERT_TRUE(forced.ok()) << forced.status().ToString();
  EXPECT_TRUE(forced->forced);
  EXPECT_EQ(forced->gate_message, "its test_auc 0.7000 is worse than production " + v1.id +
                                     "'s 0.8000 by 0.1000, more than the tolerance 0.005");
  EXPECT_EQ(*registry_->AliasTarget(Alias::kProduction), v2.id);
  EXPECT_TRUE(registry_->History()->back().forced);
}

TEST_F(RegistryTest, ABetterCandidateAndAWorseOneWithinToleranceBothPass) {
  const ModelVersion v1 = RegisterModel("a", 0.800);
  const ModelVersion v2 = RegisterModel("b", 0.796);
  const ModelVersion v3 = RegisterModel("c", 0.900);
  ASSERT_TRUE(registry_->Promote(v1.id, {}).ok());
  EXPECT_TRUE(registry_->Promote(v2.id, {}).ok());
  EXPECT_TRUE(registry_->Promote(v3.id, {}).ok());
}

TEST_F(RegistryTest, StagingHasNoGateAndCanBePromotedToProductionByName) {
  const ModelVersion v1 = RegisterModel("a", 0.80);
  const ModelVersion v2 = RegisterModel("b", 0.60);
  ASSERT_TRUE(registry_->Promote(v1.id, {}).ok());
  auto staged = registry_->Promote(v2.id, {.to = Alias::kStaging});
  ASSERT_TRUE(staged.ok()) << staged.status().ToString();
  EXPECT_EQ(*registry_->AliasTarget(Alias::kStaging), v2.id);
  // "staging" names its version; the production gate then applies to it.
  auto refused = registry_->Promote("staging", {});
  EXPECT_EQ(refused.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_EQ(*registry_->AliasTarget(Alias::kProduction), v1.id);
}

TEST_F(RegistryTest, GateRefusesWhenProductionLacksTheCandidatesMetric) {
  RegisterRequest f1_model = Request("a", 0.8);
  f1_model.primary_metric = "test_f1";
  f1_model.metrics = {{"test_f1", 0.5}};
  auto v1 = registry_->Register(f1_model);
  ASSERT_TRUE(v1.ok());
  const ModelVersion v2 = RegisterModel("b", 0.8);
  ASSERT_TRUE(registry_->Promote(v1->id, {}).ok());
  EXPECT_EQ(registry_->Promote(v2.id, {}).status().message(),
            "refusing to promote " + v2.id + " to production: production " + v1->id +
                " has no test_auc to compare with (its primary metric is test_f1); use --force "
                "to promote anyway");
}

// Two processes promoting different versions over and over must serialise: the alias
// always holds one whole version id, and the history has one valid line per change.
TEST_F(RegistryTest, ConcurrentPromotesFromTwoProcessesLeaveAValidAliasAndHistory) {
  const ModelVersion v1 = RegisterModel("a", 0.80);
  const ModelVersion v2 = RegisterModel("b", 0.80);
  constexpr int kRounds = 40;
  std::vector<pid_t> children;
  for (const auto* version : {&v1, &v2}) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      int failures = 0;
      for (int i = 0; i < kRounds; ++i) {
        failures += !registry_->Promote(version->id, {}).ok();
      }
      ::_exit(failures == 0 ? 0 : 1);
    }
    children.push_back(pid);
  }
  // Meanwhile, every read of the alias sees one of the two versions or nothing yet.
  int reads = 0;
  std::vector<int> statuses;
  while (statuses.size() < children.size()) {
    auto target = registry_->AliasTarget(Alias::kProduction);
    ASSERT_TRUE(target.ok()) << target.status().ToString();
    if (*target) {
      EXPECT_TRUE(**target == v1.id || **target == v2.id) << **target;
    }
    ++reads;
    int status = 0;
    if (::waitpid(-1, &status, WNOHANG) > 0) statuses.push_back(status);
  }
  for (int status : statuses) EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_GT(reads, 0);
  auto target = registry_->AliasTarget(Alias::kProduction);
  ASSERT_TRUE(target.ok());
  ASSERT_TRUE(*target);
  auto history = registry_->History();
  ASSERT_TRUE(history.ok()) << history.status().ToString();
  ASSERT_FALSE(history->empty());
  EXPECT_LE(history->size(), 2u * kRounds);
  EXPECT_EQ(history->back().version, **target);
  for (size_t i = 1; i < history->size(); ++i) {
    EXPECT_EQ((*history)[i].previous, (*history)[i - 1].version) << "event " << i;
  }
}

}  // namespace
}  // namespace attrition::registry
