// Loading as a whole: the seed config, the built-in default, and how commands find a file.
#include <unistd.h>

#include <filesystem>

#include "config/config_test_util.h"
#include "support/temp_dir.h"

namespace attrition::config {
namespace {

using testing::Lines;
using testing::LoadYaml;
using testing::SeedPath;

Month M(std::string_view text) { return *ParseIsoMonth(text); }

// Runs `body` with `dir` as the working directory, then restores it.
template <typename Body>
void InDirectory(const std::filesystem::path& dir, Body body) {
  const std::filesystem::path before = std::filesystem::current_path();
  std::filesystem::current_path(dir);
  body();
  std::filesystem::current_path(before);
}

void WriteFile(const std::string& path, std::string_view text) {
  std::ofstream(path, std::ios::binary) << text;
}

TEST(SeedConfig, ValidatesUnchangedAndLoadsItsValues) {
  const LoadReport report = LoadConfigFile(SeedPath());
  ASSERT_TRUE(report.ok()) << ::testing::PrintToString(Lines(report.errors));
  const TrainConfig& t = report.config->train;
  EXPECT_EQ(t.sampling, Sampling::kDown);
  EXPECT_EQ(t.split.mode, SplitMode::kLastNMonths);
  EXPECT_EQ(t.split.months, 3);
  EXPECT_EQ(t.start_month, M("2020-05"));
  EXPECT_EQ(t.max_month, M("2021-02"));
  EXPECT_TRUE(t.profiling);
  ASSERT_EQ(t.rename_cols.size(), 10u);
  EXPECT_EQ(t.rename_cols[0].first, "PAYOR_TYPE_Commercial");
  EXPECT_EQ(t.rename_cols[0].second, "PAYOR_TYPE_COMMERCIAL");
  EXPECT_EQ(t.rename_cols[7].first, "PAYOR_TYPE_VA/Military");
  EXPECT_EQ(t.rename_cols[9].second, "DIAGNOSIS_TYPE_TYPE_2");
  ASSERT_EQ(t.features.size(), 27u);
  EXPECT_EQ(t.features.front(), "CUSTOMER_ID");
  EXPECT_EQ(t.features[6], "IS_ATTRITION_FLAG_C");
  EXPECT_EQ(t.features.back(), "DIAGNOSIS_TYPE_TYPE_2");
  EXPECT_EQ(t.drop, (std::vector<std::string>{"CUSTOMER_ID", "MRN", "MONTH", "STAGE"}));
  EXPECT_EQ(t.dummy_cols, (std::vector<std::string>{"IS_PAYOR_TYPE", "IS_DIAGNOSIS_TYPE"}));
  EXPECT_EQ(t.target, "IS_ATTRITION_FLAG_C");
  const Hyperparameters& h = t.hyperparameters;
  EXPECT_EQ(h.optimize, Metric::kAuc);
  EXPECT_EQ(h.num_tuning_rounds, 3);
  EXPECT_EQ(h.eta_min, -3);
  EXPECT_EQ(h.max_depth.min, 3);
  EXPECT_EQ(h.max_depth.max, 10);
  EXPECT_EQ(h.subsample.min, 0.5);
  EXPECT_EQ(h.subsample.max, 1.0);
  EXPECT_EQ(h.gamma.max, 5.0);
  EXPECT_EQ(h.min_child_weight.min, 0.0);
  EXPECT_EQ(h.reg_alpha.max, 5.0);
  EXPECT_EQ(t.dataset, "PA_MODELING_DATASET");
  EXPECT_EQ(t.id_column, "CUSTOMER_ID");
  EXPECT_FALSE(t.positive_class.has_value());
  EXPECT_EQ(report.config->inference.min_history_months, 6);
  EXPECT_EQ(report.config->inference.num_month_forecast, 6);
  EXPECT_TRUE(report.config->inference.profiling);
  // The seed has no extension keys: they take their defaults.
  EXPECT_EQ(report.config->warehouse.url, "sqlite:attrition.db");
  EXPECT_EQ(report.config->artifacts.dir, "artifacts");
  EXPECT_EQ(report.config->environment, "dev");
  EXPECT_TRUE(report.config->notifications.empty());
}

TEST(SeedConfig, WarnsAboutItsTwoHarmlessQuirksWithoutFailing) {
  const LoadReport report = LoadConfigFile(SeedPath());
  const std::string file = SeedPath();
  EXPECT_EQ(Lines(report.warnings),
            (std::vector<std::string>{
                file + ":21:39: warning: train.features[6]: lists the target "
                       "IS_ATTRITION_FLAG_C; it is split off and never a model feature",
                file + ":31:38: warning: train.drop[3]: got STAGE, which is not in "
                       "train.features, so it drops nothing"}));
}

TEST(DefaultConfig, IsTheSeedsTrainingSettingsInTheGeneratorsDateRange) {
  const Config d = DefaultConfig();
  const Config seed = *LoadConfigFile(SeedPath()).config;
  EXPECT_EQ(d.source, "built-in default");
  EXPECT_EQ(d.train.start_month, M("2021-07"));
  EXPECT_EQ(d.train.max_month, M("2024-06"));
  EXPECT_TRUE(CheckTrainingWindowMature(d.train, M("2024-12")).ok());
  std::vector<std::string> seed_features = seed.train.features;
  std::erase(seed_features, seed.train.target);  // a no-op in the seed, left out
  EXPECT_EQ(d.train.features, seed_features);
  EXPECT_EQ(d.train.rename_cols, seed.train.rename_cols);
  EXPECT_EQ(d.train.dummy_cols, seed.train.dummy_cols);
  EXPECT_EQ(d.train.target, seed.train.target);
  EXPECT_EQ(d.train.sampling, seed.train.sampling);
  EXPECT_EQ(d.train.split.months, seed.train.split.months);
  EXPECT_EQ(d.train.hyperparameters.eta_min, seed.train.hyperparameters.eta_min);
  EXPECT_EQ(d.train.hyperparameters.max_depth.max, seed.train.hyperparameters.max_depth.max);
  EXPECT_EQ(d.inference.min_history_months, seed.inference.min_history_months);
}

TEST(DefaultConfig, LoadsWithoutWarningsAndWritesOutEveryExtensionDefault) {
  const LoadReport report = LoadYaml(DefaultConfigYaml());
  ASSERT_TRUE(report.ok()) << ::testing::PrintToString(Lines(report.errors));
  EXPECT_TRUE(report.warnings.empty()) << ::testing::PrintToString(Lines(report.warnings));
  const Config& d = *report.config;
  const Config plain;  // the member initialisers of config.h
  EXPECT_EQ(d.warehouse.url, plain.warehouse.url);
  EXPECT_EQ(d.artifacts.dir, plain.artifacts.dir);
  EXPECT_EQ(d.environment, plain.environment);
  EXPECT_EQ(d.registry.promote_tolerance, plain.registry.promote_tolerance);
  EXPECT_EQ(d.serving.host, plain.serving.host);
  EXPECT_EQ(d.serving.port, plain.serving.port);
  EXPECT_EQ(d.serving.threads, plain.serving.threads);
  EXPECT_EQ(d.serving.max_payload_mb, plain.serving.max_payload_mb);
  EXPECT_EQ(d.serving.model, plain.serving.model);
  EXPECT_EQ(d.schedule.timezone, plain.schedule.timezone);
  EXPECT_EQ(d.schedule.score, plain.schedule.score);
  EXPECT_EQ(d.schedule.train, plain.schedule.train);
  EXPECT_EQ(d.train.dataset, plain.train.dataset);
  EXPECT_EQ(d.train.id_column, plain.train.id_column);
  EXPECT_EQ(d.inference.num_month_forecast, plain.inference.num_month_forecast);
  const Hyperparameters& h = d.train.hyperparameters;
  const Hyperparameters& p = plain.train.hyperparameters;
  EXPECT_EQ(h.num_tuning_rounds, p.num_tuning_rounds);
  EXPECT_EQ(h.eta_min, p.eta_min);
  EXPECT_EQ(h.max_depth.min, p.max_depth.min);
  EXPECT_EQ(h.subsample.min, p.subsample.min);
  EXPECT_EQ(h.gamma.max, p.gamma.max);
}

TEST(LoadConfigText, TakesTheBuiltInTrainingSettingsWhenTheFileHasNoTrainSection) {
  const LoadReport report = LoadYaml("warehouse:\n  url: 'sqlite:/data/a.db'\n");
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report.config->warehouse.url, "sqlite:/data/a.db");
  EXPECT_EQ(report.config->train.features, DefaultConfig().train.features);
  EXPECT_EQ(report.config->train.max_month, M("2024-06"));
}

TEST(LoadConfigText, RequiresTheDataDependentKeysOfAPresentTrainSection) {
  EXPECT_EQ(Lines(LoadYaml("train:\n  sampling: up\n").errors),
            (std::vector<std::string>{
                "config.yaml:2:3: train.start_month: missing, expected a month 'YYYY-MM'",
                "config.yaml:2:3: train.max_month: missing, expected a month 'YYYY-MM'",
                "config.yaml:2:3: train.features: missing, expected a list of column names",
                "config.yaml:2:3: train.target: missing, expected the target column name"}));
}

TEST(LoadConfigText, ReadsAnEmptyFileAsAllDefaultsWithAWarning) {
  const LoadReport report = LoadYaml("# nothing yet\n");
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(Lines(report.warnings),
            (std::vector<std::string>{
                "config.yaml:1:1: warning: is empty; every setting takes its built-in default"}));
  EXPECT_EQ(report.config->train.start_month, M("2021-07"));
}

TEST(LoadConfigText, RejectsADocumentThatIsNotAMapping) {
  EXPECT_EQ(testing::OnlyError("- train\n- inference\n"),
            "config.yaml:1:1: got a list, expected a mapping of keys to values");
}

TEST(Config, WhereLocatesAYamlPathInTheFile) {
  const Config c = *LoadConfigFile(SeedPath()).config;
  EXPECT_EQ(c.Where("train.max_month"), SeedPath() + ":7:14: train.max_month");
  EXPECT_EQ(c.Where("train.features[3]"), SeedPath() + ":20:44: train.features[3]");
  EXPECT_EQ(c.Where("serving.port"), "serving.port");  // not in the file
}

TEST(LoadConfigFile, ReportsAMissingFileAsOneErrorNamingIt) {
  attrition::testing::TempDir dir;
  const LoadReport report = LoadConfigFile(dir.File("nope.yaml"));
  EXPECT_EQ(Lines(report.errors),
            (std::vector<std::string>{dir.File("nope.yaml") +
                                      ": cannot read the file: No such file or directory"}));
}

TEST(LoadConfigForCommand, UsesTheBuiltInDefaultWhenNoConfigYamlIsHere) {
  attrition::testing::TempDir dir;
  InDirectory(dir.path(), [] {
    EXPECT_EQ(ResolveConfigPath(""), "");
    const Result<Config> c = LoadConfigForCommand("");
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->source, "built-in default");
    EXPECT_EQ(c->warehouse.url, "sqlite:attrition.db");
  });
}

TEST(LoadConfigForCommand, UsesConfigYamlInTheWorkingDirectory) {
  attrition::testing::TempDir dir;
  WriteFile(dir.File("config.yaml"), "environment: prod\n");
  InDirectory(dir.path(), [] {
    const Result<Config> c = LoadConfigForCommand("");
    ASSERT_TRUE(c.ok()) << c.status().message();
    EXPECT_EQ(c->source, "config.yaml");
    EXPECT_EQ(c->environment, "prod");
  });
}

TEST(LoadConfigForCommand, FailsWithNotFoundForAnExplicitFileThatDoesNotExist) {
  attrition::testing::TempDir dir;
  const Result<Config> c = LoadConfigForCommand(dir.File("prod.yaml"));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), Status::Code::kNotFound);
  EXPECT_EQ(c.status().message(), "config file " + dir.File("prod.yaml") + " does not exist");
}

TEST(LoadConfigForCommand, ListsEveryProblemInOneMessage) {
  attrition::testing::TempDir dir;
  WriteFile(dir.File("c.yaml"), "environment: 'prod env'\nserving:\n  port: 0\n");
  const Result<Config> c = LoadConfigForCommand(dir.File("c.yaml"));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), Status::Code::kInvalidArgument);
  const std::string f = dir.File("c.yaml");
  EXPECT_EQ(c.status().message(),
            "2 problems in " + f + ":\n  " + f +
                ":1:14: environment: got 'prod env', expected a label such as dev or prod "
                "(letters, digits, _ . -)\n  " +
                f + ":3:9: serving.port: got 0, expected an integer from 1 to 65535");
}

TEST(LoadConfigForCommand, GivesASingleProblemAsItsOwnLine) {
  attrition::testing::TempDir dir;
  WriteFile(dir.File("c.yaml"), "serving:\n  port: 0\n");
  const Result<Config> c = LoadConfigForCommand(dir.File("c.yaml"));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(),
            dir.File("c.yaml") + ":2:9: serving.port: got 0, expected an integer from 1 to 65535");
}

}  // namespace
}  // namespace attrition::config

namespace attrition::config {
namespace {

TEST(InferenceDrift, ReadsTheAlertThresholdAndTheIgnoredFeatures) {
  const LoadReport report = testing::LoadYaml(
      "inference:\n  drift_alert_psi: 0.25\n  drift_ignore: ['NUM_CUM_ACTIVE_MONTH']\n");
  ASSERT_TRUE(report.ok()) << ::testing::PrintToString(testing::Lines(report.errors));
  EXPECT_EQ(report.config->inference.drift_alert_psi, 0.25);
  EXPECT_EQ(report.config->inference.drift_ignore,
            (std::vector<std::string>{"NUM_CUM_ACTIVE_MONTH"}));
  const LoadReport defaults = testing::LoadYaml("# nothing\n");
  EXPECT_EQ(defaults.config->inference.drift_alert_psi, 0.2);
  EXPECT_TRUE(defaults.config->inference.drift_ignore.empty());
}

TEST(InferenceDrift, RefusesANonPositiveThresholdNamingTheValue) {
  EXPECT_EQ(testing::Lines(testing::LoadYaml("inference:\n  drift_alert_psi: 0\n").errors),
            (std::vector<std::string>{"config.yaml:2:20: inference.drift_alert_psi: got 0, "
                                      "expected a number > 0 and <= 10"}));
}

}  // namespace
}  // namespace attrition::config
