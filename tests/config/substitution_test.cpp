// ${env:NAME} and ${file:PATH} in config strings, and that their values stay secret.
#include <cstdlib>
#include <fstream>

#include "config/config_test_util.h"
#include "support/temp_dir.h"

namespace attrition::config {
namespace {

using testing::Lines;
using testing::LoadYaml;
using testing::OnlyError;

void WriteFile(const std::string& path, std::string_view text) {
  std::ofstream(path, std::ios::binary) << text;
}

bool Contains(const std::vector<std::string>& lines, std::string_view needle) {
  for (const std::string& line : lines) {
    if (line.find(needle) != std::string::npos) return true;
  }
  return false;
}

TEST(Substitution, ReplacesAnEnvReferenceInsideAUrl) {
  ::setenv("ATTRITION_TEST_DB_PW", "pg-s3cret", 1);
  const LoadReport r =
      LoadYaml("warehouse:\n  url: 'postgresql://ana:${env:ATTRITION_TEST_DB_PW}@db/crm'\n");
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(Lines(r.errors));
  EXPECT_EQ(r.config->warehouse.url, "postgresql://ana:pg-s3cret@db/crm");
  EXPECT_EQ(r.config->secrets.Redact(r.config->warehouse.url), "postgresql://ana:***@db/crm");
}

TEST(Substitution, ReplacesAWholeValueAndReadsItAsANumber) {
  ::setenv("ATTRITION_TEST_PORT", "8181", 1);
  const LoadReport r = LoadYaml("serving:\n  port: ${env:ATTRITION_TEST_PORT}\n");
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(Lines(r.errors));
  EXPECT_EQ(r.config->serving.port, 8181);
}

TEST(Substitution, ReadsAFileRelativeToTheConfigWithoutItsTrailingNewline) {
  attrition::testing::TempDir dir;
  WriteFile(dir.File("db_password"), "f1le-s3cret\n");
  WriteFile(dir.File("config.yaml"),
            "warehouse:\n  url: 'postgresql://ana:${file:db_password}@db/crm'\n");
  const LoadReport r = LoadConfigFile(dir.File("config.yaml"));
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(Lines(r.errors));
  EXPECT_EQ(r.config->warehouse.url, "postgresql://ana:f1le-s3cret@db/crm");
}

TEST(Substitution, TrimsOnlyOneTrailingNewlineOrCrLf) {
  attrition::testing::TempDir dir;
  WriteFile(dir.File("a"), "x\n\n");
  WriteFile(dir.File("b"), "y\r\n");
  const LoadReport r = LoadYaml("environment: '${file:a}${file:b}'\n", dir.path().string());
  ASSERT_FALSE(r.ok());  // "x\ny" is not a label; the message must not show it
  EXPECT_EQ(Lines(r.errors)[0],
            "config.yaml:1:14: environment: got '${file:a}${file:b}' (value hidden), expected a "
            "label such as dev or prod (letters, digits, _ . -)");
}

TEST(Substitution, AnUnsetVariableIsAnErrorNamingIt) {
  ::unsetenv("ATTRITION_TEST_UNSET");
  EXPECT_EQ(OnlyError("warehouse:\n  url: 'postgresql://ana:${env:ATTRITION_TEST_UNSET}@db/x'\n"),
            "config.yaml:2:8: warehouse.url: environment variable ATTRITION_TEST_UNSET (from "
            "${env:ATTRITION_TEST_UNSET}) is not set");
}

TEST(Substitution, AnUnreadableFileIsAnErrorNamingThePath) {
  attrition::testing::TempDir dir;
  const std::string path = dir.File("missing");
  EXPECT_EQ(OnlyError("serving:\n  model: ${file:" + path + "}\n"),
            "config.yaml:2:10: serving.model: cannot read " + path + " (from ${file:" + path +
                "}): No such file or directory");
}

TEST(Substitution, AnUnknownReferenceKindIsAnError) {
  EXPECT_EQ(OnlyError("artifacts:\n  dir: ${vault:kv/attrition}\n"),
            "config.yaml:2:8: artifacts.dir: unknown reference '${vault:kv/attrition}', expected "
            "${env:NAME} or ${file:PATH}");
}

TEST(Substitution, AnUnterminatedReferenceIsAnError) {
  EXPECT_EQ(OnlyError("artifacts:\n  dir: '${env:HOME'\n"),
            "config.yaml:2:8: artifacts.dir: unterminated '${', expected ${env:NAME} or "
            "${file:PATH} (write $${ for a literal ${)");
}

TEST(Substitution, ABadVariableNameIsAnError) {
  EXPECT_EQ(OnlyError("artifacts:\n  dir: '${env:MY-VAR}'\n"),
            "config.yaml:2:8: artifacts.dir: '${env:MY-VAR}' is not a variable name, expected "
            "letters, digits and _");
}

TEST(Substitution, DollarDollarBraceWritesALiteralReference) {
  const LoadReport r = LoadYaml("artifacts:\n  dir: '/data/$${env:HOME}/a$b'\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.config->artifacts.dir, "/data/${env:HOME}/a$b");
  EXPECT_TRUE(r.config->secrets.empty());
}

TEST(Substitution, AWrongSubstitutedValueIsReportedWithoutShowingIt) {
  ::setenv("ATTRITION_TEST_PORT", "eighty-s3cret", 1);
  const LoadReport r = LoadYaml("serving:\n  port: ${env:ATTRITION_TEST_PORT}\n");
  EXPECT_EQ(Lines(r.errors),
            (std::vector<std::string>{
                "config.yaml:2:9: serving.port: got '${env:ATTRITION_TEST_PORT}' (value hidden), "
                "expected an integer from 1 to 65535"}));
}

TEST(Substitution, AWrongSubstitutedChoiceGetsNoHintThatWouldEchoIt) {
  ::setenv("ATTRITION_TEST_SAMPLING", "dwon", 1);
  const std::string errors =
      OnlyError(testing::SeedWith("sampling: 'down'", "sampling: ${env:ATTRITION_TEST_SAMPLING}"));
  EXPECT_EQ(errors,
            "config.yaml:2:13: train.sampling: got '${env:ATTRITION_TEST_SAMPLING}' (value "
            "hidden), expected one of down, up, none");
}

TEST(Substitution, ValuesNeverAppearInAnyMessageOfALoadWithManyProblems) {
  ::setenv("ATTRITION_TEST_S1", "alpha-s3cret", 1);
  ::setenv("ATTRITION_TEST_S2", "beta-s3cret", 1);
  ::setenv("ATTRITION_TEST_S3", "gamma-s3cret * * * *", 1);
  const LoadReport r = LoadYaml(
      "warehouse:\n  url: 'mysql://u:${env:ATTRITION_TEST_S1}@h/${env:ATTRITION_TEST_S2}'\n"
      "serving:\n  port: '${env:ATTRITION_TEST_S2}'\n  model: '${env:ATTRITION_TEST_S1} x'\n"
      "schedule:\n  score: ${env:ATTRITION_TEST_S1}\n  train: ${env:ATTRITION_TEST_S3}\n");
  const std::vector<std::string> lines = Lines(r.errors);
  EXPECT_EQ(lines.size(), 5u) << ::testing::PrintToString(lines);
  EXPECT_FALSE(Contains(lines, "gamma-s3cret"));
  EXPECT_FALSE(Contains(lines, "alpha-s3cret"));
  EXPECT_FALSE(Contains(lines, "beta-s3cret"));
}

TEST(Substitution, MapKeysAreNotExpanded) {
  const LoadReport r =
      LoadYaml(testing::SeedWith("PAYOR_TYPE_Commercial:", "PAYOR_TYPE_${env:X}:"));
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(Lines(r.errors));
  EXPECT_EQ(r.config->train.rename_cols[0].first, "PAYOR_TYPE_${env:X}");
}

}  // namespace
}  // namespace attrition::config
