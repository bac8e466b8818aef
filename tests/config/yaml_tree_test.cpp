// The YAML layer: syntax errors, duplicate and unknown keys, documents.
#include "config/config_test_util.h"

namespace attrition::config {
namespace {

using testing::ErrorsOf;
using testing::OnlyError;
using testing::SeedWith;

TEST(YamlTree, ReportsASyntaxErrorWithItsLineAndColumn) {
  EXPECT_EQ(OnlyError("train:\n  features: ['A',\n  target: x\n"),
            "config.yaml:4:1: YAML syntax error: end of sequence flow not found");
}

TEST(YamlTree, ReportsATabIndentAsASyntaxError) {
  EXPECT_EQ(OnlyError("serving:\n\tport: 80\n"),
            "config.yaml:2:6: YAML syntax error: illegal map value");
}

TEST(YamlTree, RejectsADuplicateKeyNamingTheFirst) {
  EXPECT_EQ(OnlyError("serving:\n  port: 80\n  port: 81\n"),
            "config.yaml:3:3: serving.port: duplicate key; first given at line 2, expected "
            "each key once");
}

TEST(YamlTree, RejectsASecondDocument) {
  EXPECT_EQ(OnlyError("environment: dev\n---\nenvironment: prod\n"),
            "config.yaml:3:1: holds 2 YAML documents (separated by ---), expected one");
}

TEST(UnknownKeys, AtTheTopLevelAreErrorsWithADidYouMeanHint) {
  EXPECT_EQ(OnlyError("notification: []\n"),
            "config.yaml:1:1: notification: unknown key; did you mean notifications?");
  EXPECT_EQ(OnlyError("infrence:\n  profiling: true\n"),
            "config.yaml:1:1: infrence: unknown key; did you mean inference?");
}

TEST(UnknownKeys, WithoutACloseMatchListTheKnownKeys) {
  EXPECT_EQ(OnlyError("colour: blue\n"),
            "config.yaml:1:1: colour: unknown key, expected one of train, inference, "
            "warehouse, artifacts, registry, serving, schedule, notifications, environment, "
            "as_of");
}

TEST(UnknownKeys, InsideASectionAreErrorsToo) {
  EXPECT_EQ(OnlyError(SeedWith("  sampling: 'down'", "  sampl: 'down'")),
            "config.yaml:2:3: train.sampl: unknown key; did you mean sampling?");
  EXPECT_EQ(OnlyError(SeedWith("    optimize: 'auc'", "    optimise: 'auc'")),
            "config.yaml:35:5: train.hyperparameters.optimise: unknown key; did you mean "
            "optimize?");
}

TEST(UnknownKeys, AreAllReportedInOneRun) {
  EXPECT_EQ(
      ErrorsOf("servin: {}\nschedul: {}\n"),
      (std::vector<std::string>{"config.yaml:1:1: servin: unknown key; did you mean serving?",
                                "config.yaml:2:1: schedul: unknown key; did you mean schedule?"}));
}

}  // namespace
}  // namespace attrition::config
