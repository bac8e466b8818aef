// `attrition check-config` end to end: the built binary, real files, exit codes, output.
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>

#include "config/config_test_util.h"
#include "support/temp_dir.h"

namespace attrition::config {
namespace {

using testing::ReadAll;
using testing::SeedPath;

struct CommandOutput {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class CheckConfigCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* binary = std::getenv("ATTRITION_BINARY");
    if (binary == nullptr) GTEST_SKIP() << "ATTRITION_BINARY is not set (run through ctest)";
    binary_ = binary;
  }

  // Runs `attrition ARGS` in the work directory with `env` (NAME=value ...) set.
  CommandOutput Attrition(const std::string& args, const std::string& env = "") {
    const std::string out = output_.File("out"), err = output_.File("err");
    const std::string command = "cd '" + work_.path().string() + "' && env " + env + " '" +
                                binary_ + "' " + args + " >'" + out + "' 2>'" + err + "'";
    const int status = std::system(command.c_str());
    return CommandOutput{WIFEXITED(status) ? WEXITSTATUS(status) : -1, ReadAll(out), ReadAll(err)};
  }

  void Write(const std::string& name, std::string_view text) {
    std::ofstream(work_.File(name), std::ios::binary) << text;
  }

  std::string binary_;
  attrition::testing::TempDir work_;    // the working directory of the command
  attrition::testing::TempDir output_;  // where its stdout and stderr are captured
};

TEST_F(CheckConfigCommand, AcceptsTheSeedConfigAndSummarisesIt) {
  const CommandOutput r = Attrition("check-config '" + SeedPath() + "'");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::string f = SeedPath();
  EXPECT_EQ(r.out,
            f +
                ":21:39: warning: train.features[6]: lists the target IS_ATTRITION_FLAG_C; it "
                "is split off and never a model feature\n" +
                f +
                ":31:38: warning: train.drop[3]: got STAGE, which is not in train.features, "
                "so it drops nothing\n" +
                f +
                ": OK (2 warnings)\n"
                "  warehouse      sqlite:attrition.db\n"
                "  artifacts      artifacts\n"
                "  environment    dev\n"
                "  as-of month    the last month of data\n"
                "  training       PA_MODELING_DATASET 2020-05..2021-02, target "
                "IS_ATTRITION_FLAG_C, test = last 3 months, sampling down\n"
                "  features       23 model features of 27 listed; 2 one-hot columns, 10 renames\n"
                "  tuning         3 TPE rounds on auc; eta 10^-3..10^0, max_depth 3..10, "
                "subsample 0.5..1, gamma 0..5, min_child_weight 0..5, reg_alpha 0..5\n"
                "  inference      forecast 6 months, min history 6 months, profiling on\n"
                "  serving        0.0.0.0:8080, threads one per core, max payload 6 MB, model "
                "production\n"
                "  schedule       score '0 13 * * *', train not scheduled, time zone UTC\n"
                "  notifications  log\n"
                "  registry       promote tolerance 0.005\n");
  EXPECT_EQ(r.err, "");
}

TEST_F(CheckConfigCommand, ChecksTheBuiltInDefaultWhenNoConfigYamlIsHere) {
  const CommandOutput r = Attrition("check-config");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("built-in default: OK\n  warehouse      sqlite:attrition.db\n"))
      << r.out;
  EXPECT_NE(r.out.find("PA_MODELING_DATASET 2021-07..2024-06"), std::string::npos) << r.out;
}

TEST_F(CheckConfigCommand, ChecksConfigYamlInTheWorkingDirectory) {
  Write("config.yaml", "environment: staging\n");
  const CommandOutput r = Attrition("check-config");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("config.yaml: OK\n")) << r.out;
  EXPECT_NE(r.out.find("  environment    staging\n"), std::string::npos) << r.out;
}

TEST_F(CheckConfigCommand, ChecksTheFileOfTheGlobalConfigOption) {
  Write("prod.yaml", "environment: prod\n");
  const CommandOutput r = Attrition("--config prod.yaml check-config");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("prod.yaml: OK\n")) << r.out;
}

TEST_F(CheckConfigCommand, PrintsEveryProblemOnItsOwnLineAndExitsTwo) {
  std::string text = testing::SeedText();
  for (auto [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"sampling: 'down'", "sampling: 'sideways'"},
           {"months: 3", "months: 0"},
           {"start_month: '2020-05'", "start_month: 'May 2020'"},
           {"optimize: 'auc'", "optimize: 'recall'"},
           {"num_month_forecast: 6", "num_month_forecast: 9"}}) {
    text.replace(text.find(from), from.size(), to);
  }
  Write("config.yaml", text);
  const CommandOutput r = Attrition("check-config config.yaml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out,
            "config.yaml:2:13: train.sampling: got 'sideways', expected one of down, up, none\n"
            "config.yaml:5:13: train.split.months: got 0, expected an integer >= 1\n"
            "config.yaml:6:16: train.start_month: got 'May 2020', expected a month 'YYYY-MM'\n"
            "config.yaml:35:15: train.hyperparameters.optimize: got 'recall', expected one of "
            "auc, f1, accuracy\n"
            "config.yaml:57:23: inference.num_month_forecast: got 9, expected an integer from 1 "
            "to 6\n"
            "config.yaml:21:39: warning: train.features[6]: lists the target "
            "IS_ATTRITION_FLAG_C; it is split off and never a model feature\n"
            "config.yaml:31:38: warning: train.drop[3]: got STAGE, which is not in "
            "train.features, so it drops nothing\n");
  EXPECT_EQ(r.err, "attrition: error: config.yaml: 5 problems\n");
}

TEST_F(CheckConfigCommand, StrictFailsOnWarnings) {
  const CommandOutput r = Attrition("check-config --strict '" + SeedPath() + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "attrition: error: " + SeedPath() + ": 2 problems\n");
}

TEST_F(CheckConfigCommand, ReportsAMissingFile) {
  const CommandOutput r = Attrition("check-config nope.yaml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "nope.yaml: cannot read the file: No such file or directory\n");
  EXPECT_EQ(r.err, "attrition: error: nope.yaml: 1 problem\n");
}

TEST_F(CheckConfigCommand, PrintDefaultsWritesAConfigThatChecksCleanly) {
  const CommandOutput printed = Attrition("check-config --print-defaults");
  EXPECT_EQ(printed.exit_code, 0);
  EXPECT_EQ(printed.out, std::string(DefaultConfigYaml()));
  Write("config.yaml", printed.out);
  const CommandOutput checked = Attrition("check-config");
  EXPECT_EQ(checked.exit_code, 0) << checked.out;
  EXPECT_TRUE(checked.out.starts_with("config.yaml: OK\n")) << checked.out;
}

TEST_F(CheckConfigCommand, NeverShowsASecretInItsSummary) {
  std::ofstream(work_.File("smtp_pw"), std::ios::binary) << "sm7p-s3cret\n";
  Write("config.yaml",
        "warehouse:\n  url: 'postgresql://ana:${env:ATTRITION_DB_PASSWORD}@db:5432/crm'\n"
        "environment: ${env:ATTRITION_ENV}\n"
        "notifications:\n  - type: webhook\n    url: 'https://hooks.example.com/${env:HOOK}'\n"
        "  - type: smtp\n    url: smtps://mail:465\n    from: a@example.com\n"
        "    to: b@example.com\n    password: ${file:smtp_pw}\n");
  const CommandOutput r = Attrition("check-config",
                                    "ATTRITION_DB_PASSWORD=pg-s3cret ATTRITION_ENV=prod-s3cret "
                                    "HOOK=h00k-s3cret");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  for (const char* secret : {"pg-s3cret", "prod-s3cret", "h00k-s3cret", "sm7p-s3cret"}) {
    EXPECT_EQ(r.out.find(secret), std::string::npos) << secret << " in\n" << r.out;
    EXPECT_EQ(r.err.find(secret), std::string::npos) << secret << " in\n" << r.err;
  }
  EXPECT_NE(r.out.find("  warehouse      postgresql://ana:***@db:5432/crm\n"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  environment    ***\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("webhook https://hooks.example.com/***"), std::string::npos) << r.out;
}

TEST_F(CheckConfigCommand, NeverShowsASecretInItsErrors) {
  Write("config.yaml",
        "warehouse:\n  url: 'mysql://ana:${env:ATTRITION_DB_PASSWORD}@db/crm'\n"
        "serving:\n  port: ${env:PORT}\n  model: ${env:MISSING_VAR}\n");
  const CommandOutput r = Attrition("check-config",
                                    "-u MISSING_VAR ATTRITION_DB_PASSWORD=pg-s3cret "
                                    "PORT=p0rt-s3cret");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out,
            "config.yaml:2:8: warehouse.url: got 'mysql://ana:***@db/crm' (value hidden), "
            "expected sqlite:PATH, postgresql://… or odbc:…\n"
            "config.yaml:4:9: serving.port: got '${env:PORT}' (value hidden), expected an "
            "integer from 1 to 65535\n"
            "config.yaml:5:10: serving.model: environment variable MISSING_VAR (from "
            "${env:MISSING_VAR}) is not set\n");
}

TEST_F(CheckConfigCommand, RefusesALiteralPasswordPointingToEnv) {
  Write("config.yaml", "warehouse:\n  url: 'postgresql://ana:hunter2@db/crm'\n");
  const CommandOutput r = Attrition("check-config");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out,
            "config.yaml:2:8: warehouse.url: contains a literal password; write it as "
            "${env:ATTRITION_DB_PASSWORD} or ${file:/run/secrets/db_password}\n");
  EXPECT_EQ(r.out.find("hunter2"), std::string::npos);
}

TEST_F(CheckConfigCommand, HelpTeachesTheOutputFormatAndPrintDefaults) {
  const CommandOutput r = Attrition("check-config --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("--print-defaults"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("FILE:LINE:COL: yaml.path: got VALUE, expected RULE"), std::string::npos);
  EXPECT_NE(r.out.find("docs/config.md"), std::string::npos);
}

}  // namespace
}  // namespace attrition::config
