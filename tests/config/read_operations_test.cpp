// Rules of the operations keys: warehouse, artifacts, registry, serving, schedule,
// environment and as_of.
#include "config/config_test_util.h"

namespace attrition::config {
namespace {

using testing::Lines;
using testing::LoadYaml;
using testing::OnlyError;

TEST(OperationsKeys, ReadEveryValueOfACompleteFile) {
  const LoadReport r = LoadYaml(
      "warehouse:\n  url: 'postgresql://attrition@db.internal:5432/crm'\n"
      "artifacts:\n  dir: /var/lib/attrition\n"
      "registry:\n  promote_tolerance: 0.01\n"
      "serving:\n  host: 127.0.0.1\n  port: 9000\n  threads: 4\n  max_payload_mb: 2.5\n"
      "  model: staging\n"
      "schedule:\n  timezone: Europe/Paris\n  score: '30 6 * * MON-FRI'\n  train: '@monthly'\n"
      "environment: prod\nas_of: 2024-10\n");
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(Lines(r.errors));
  const Config& c = *r.config;
  EXPECT_EQ(c.warehouse.url, "postgresql://attrition@db.internal:5432/crm");
  EXPECT_EQ(c.artifacts.dir, "/var/lib/attrition");
  EXPECT_EQ(c.registry.promote_tolerance, 0.01);
  EXPECT_EQ(c.serving.host, "127.0.0.1");
  EXPECT_EQ(c.serving.port, 9000);
  EXPECT_EQ(c.serving.threads, 4);
  EXPECT_EQ(c.serving.max_payload_mb, 2.5);
  EXPECT_EQ(c.serving.model, "staging");
  EXPECT_EQ(c.schedule.timezone, "Europe/Paris");
  EXPECT_EQ(c.schedule.score, "30 6 * * MON-FRI");
  EXPECT_EQ(c.schedule.train, "@monthly");
  EXPECT_EQ(c.environment, "prod");
  EXPECT_EQ(c.as_of, ParseIsoMonth("2024-10"));
}

TEST(WarehouseRules, TheUrlMustNameAKnownBackend) {
  EXPECT_EQ(OnlyError("warehouse:\n  url: 'mysql://db/crm'\n"),
            "config.yaml:2:8: warehouse.url: got 'mysql://db/crm', expected sqlite:PATH, "
            "postgresql://… or odbc:…");
}

TEST(WarehouseRules, ABadUrlIsShownWithItsPasswordMasked) {
  EXPECT_EQ(OnlyError("warehouse:\n  url: 'mysql://ana:hunter2@db/crm'\n"),
            "config.yaml:2:8: warehouse.url: got 'mysql://ana:***@db/crm', expected "
            "sqlite:PATH, postgresql://… or odbc:…");
}

TEST(WarehouseRules, ALiteralPasswordInAPostgresqlUrlIsRefused) {
  EXPECT_EQ(OnlyError("warehouse:\n  url: 'postgresql://ana:hunter2@db/crm'\n"),
            "config.yaml:2:8: warehouse.url: contains a literal password; write it as "
            "${env:ATTRITION_DB_PASSWORD} or ${file:/run/secrets/db_password}");
}

TEST(WarehouseRules, ALiteralPasswordInAnOdbcStringIsRefused) {
  EXPECT_EQ(OnlyError("warehouse:\n  url: 'odbc:Driver=Snowflake;UID=ana;PWD={s3;cret}'\n"),
            "config.yaml:2:8: warehouse.url: contains a literal password; write it as "
            "${env:ATTRITION_DB_PASSWORD} or ${file:/run/secrets/db_password}");
}

TEST(WarehouseRules, ALiteralPasswordQueryParameterIsRefused) {
  EXPECT_EQ(OnlyError("warehouse:\n  url: 'postgresql://db/crm?user=ana&password=x'\n"),
            "config.yaml:2:8: warehouse.url: contains a literal password; write it as "
            "${env:ATTRITION_DB_PASSWORD} or ${file:/run/secrets/db_password}");
}

TEST(ArtifactsRules, TheDirectoryMustNotBeEmpty) {
  EXPECT_EQ(OnlyError("artifacts:\n  dir: ''\n"),
            "config.yaml:2:8: artifacts.dir: got '', expected a directory for model versions "
            "and reports");
}

TEST(RegistryRules, PromoteToleranceMustBeFromZeroToOne) {
  EXPECT_EQ(OnlyError("registry:\n  promote_tolerance: -0.1\n"),
            "config.yaml:2:22: registry.promote_tolerance: got -0.1, expected a number from 0 "
            "to 1");
}

TEST(ServingRules, PortMustBeAValidTcpPort) {
  EXPECT_EQ(OnlyError("serving:\n  port: 70000\n"),
            "config.yaml:2:9: serving.port: got 70000, expected an integer from 1 to 65535");
}

TEST(ServingRules, ThreadsMustBeZeroForOnePerCoreOrACount) {
  EXPECT_EQ(OnlyError("serving:\n  threads: 5000\n"),
            "config.yaml:2:12: serving.threads: got 5000, expected an integer from 0 to 1024");
}

TEST(ServingRules, MaxPayloadMustBePositive) {
  EXPECT_EQ(OnlyError("serving:\n  max_payload_mb: 0\n"),
            "config.yaml:2:19: serving.max_payload_mb: got 0, expected a number > 0 and <= 1024");
}

TEST(ServingRules, ModelMustBeAnAliasOrVersionName) {
  EXPECT_EQ(OnlyError("serving:\n  model: 'the best one'\n"),
            "config.yaml:2:10: serving.model: got 'the best one', expected a registry alias "
            "(production, staging) or a version");
}

TEST(ScheduleRules, CronMustHaveFiveFields) {
  EXPECT_EQ(OnlyError("schedule:\n  score: '0 13 * *'\n"),
            "config.yaml:2:10: schedule.score: got '0 13 * *', expected a 5-field cron "
            "expression (minute hour day-of-month month day-of-week): has 4 fields");
}

TEST(ScheduleRules, CronFieldsMustBeInRange) {
  EXPECT_EQ(OnlyError("schedule:\n  train: '0 2 32 * *'\n"),
            "config.yaml:2:10: schedule.train: got '0 2 32 * *', expected a 5-field cron "
            "expression (minute hour day-of-month month day-of-week): day-of-month 32 is out "
            "of range 1-31");
}

TEST(ScheduleRules, TimezoneMustBeKnown) {
  EXPECT_EQ(OnlyError("schedule:\n  timezone: Mars/Olympus_Mons\n"),
            "config.yaml:2:13: schedule.timezone: got Mars/Olympus_Mons, expected UTC, GMT or a "
            "time zone name such as Europe/Paris");
}

TEST(ScheduleRules, TrainIsNotScheduledUnlessGiven) {
  const LoadReport r = LoadYaml("schedule:\n  timezone: GMT\n");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r.config->schedule.train.has_value());
  EXPECT_EQ(r.config->schedule.score, "0 13 * * *");
  EXPECT_EQ(r.config->schedule.timezone, "GMT");
}

TEST(EnvironmentRules, TheLabelIsOneWord) {
  EXPECT_EQ(OnlyError("environment: 'prod eu'\n"),
            "config.yaml:1:14: environment: got 'prod eu', expected a label such as dev or prod "
            "(letters, digits, _ . -)");
}

TEST(AsOfRules, AsOfMustBeAMonth) {
  EXPECT_EQ(OnlyError("as_of: 2024-12-31\n"),
            "config.yaml:1:8: as_of: got 2024-12-31, expected a month 'YYYY-MM'");
}

TEST(OperationsKeys, ASectionMustBeAMapping) {
  EXPECT_EQ(OnlyError("serving: 8080\n"),
            "config.yaml:1:10: serving: got 8080, expected a mapping of keys to values");
}

}  // namespace
}  // namespace attrition::config
