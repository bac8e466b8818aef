// Masking: MaskSecrets for URLs, Secrets::Redact for substituted values, Secret.
#include "config/config_test_util.h"

namespace attrition::config {
namespace {

TEST(MaskSecrets, MasksTheUserinfoPasswordOfAUrl) {
  EXPECT_EQ(MaskSecrets("postgresql://ana:hunter2@db:5432/crm"),
            "postgresql://ana:***@db:5432/crm");
  EXPECT_EQ(MaskSecrets("smtps://bot:p%40ss@smtp.example.com:465"),
            "smtps://bot:***@smtp.example.com:465");
}

TEST(MaskSecrets, MasksAPasswordContainingAnUnencodedSlashOrAt) {
  EXPECT_EQ(MaskSecrets("postgresql://ana:a/b@db/crm"), "postgresql://ana:***@db/crm");
  EXPECT_EQ(MaskSecrets("postgresql://ana:a@b@db/crm"), "postgresql://ana:***@db/crm");
}

TEST(MaskSecrets, MasksAPasswordQueryParameter) {
  EXPECT_EQ(MaskSecrets("postgresql://db/crm?user=ana&password=hunter2&sslmode=require"),
            "postgresql://db/crm?user=ana&password=***&sslmode=require");
}

TEST(MaskSecrets, MasksOdbcPwdAndPasswordAttributesInAnyCase) {
  EXPECT_EQ(MaskSecrets("odbc:Driver=SnowflakeDSIIDriver;UID=ana;PWD=hunter2;Warehouse=W"),
            "odbc:Driver=SnowflakeDSIIDriver;UID=ana;PWD=***;Warehouse=W");
  EXPECT_EQ(MaskSecrets("odbc:DSN=pg;pwd={a;b}"), "odbc:DSN=pg;pwd=***");
  EXPECT_EQ(MaskSecrets("odbc:DSN=pg;Password=x"), "odbc:DSN=pg;Password=***");
}

TEST(MaskSecrets, LeavesUrlsWithoutPasswordsAlone) {
  EXPECT_EQ(MaskSecrets("sqlite:attrition.db"), "sqlite:attrition.db");
  EXPECT_EQ(MaskSecrets("postgresql://ana@db/crm"), "postgresql://ana@db/crm");
  EXPECT_EQ(MaskSecrets("https://hooks.example.com/a?b=c"), "https://hooks.example.com/a?b=c");
  EXPECT_EQ(MaskSecrets("odbc:DSN=pg;UID=ana"), "odbc:DSN=pg;UID=ana");
}

TEST(Secrets, RedactReplacesEveryOccurrenceLongestFirst) {
  Secrets secrets;
  secrets.Add("abc");
  secrets.Add("abcdef");
  secrets.Add("");
  EXPECT_EQ(secrets.Redact("x abcdef y abc z abcabc"), "x *** y *** z ******");
}

TEST(Secret, ShowsOnlyAMask) {
  const Secret s("hunter2");
  EXPECT_EQ(s.Masked(), "***");
  EXPECT_EQ(s.Reveal(), "hunter2");
  EXPECT_EQ(Secret().Masked(), "");
}

TEST(LiteralPasswords, WrittenAsReferencesAreAccepted) {
  ::setenv("ATTRITION_TEST_PW", "pw", 1);
  for (const char* url : {"postgresql://ana:${env:ATTRITION_TEST_PW}@db/crm",
                          "postgresql://ana:${file:/dev/null}@db/crm",
                          "odbc:DSN=pg;UID=ana;PWD=${env:ATTRITION_TEST_PW}",
                          "postgresql://db/crm?password=${env:ATTRITION_TEST_PW}",
                          "${env:ATTRITION_TEST_PW}-not-a-url-but-sqlite"}) {
    const std::string yaml = std::string("warehouse:\n  url: '") + url + "'\n";
    const std::vector<std::string> errors = testing::ErrorsOf(yaml);
    if (std::string_view(url).starts_with("${")) {
      // A whole URL from the environment: no literal password, only a bad scheme.
      EXPECT_EQ(errors.size(), 1u);
      continue;
    }
    EXPECT_TRUE(errors.empty()) << url << ": " << ::testing::PrintToString(errors);
  }
}

TEST(LiteralPasswords, APasswordPartlyLiteralIsRefused) {
  EXPECT_EQ(testing::OnlyError("warehouse:\n  url: 'postgresql://ana:x${env:HOME}@db/crm'\n"),
            "config.yaml:2:8: warehouse.url: contains a literal password; write it as "
            "${env:ATTRITION_DB_PASSWORD} or ${file:/run/secrets/db_password}");
}

}  // namespace
}  // namespace attrition::config
