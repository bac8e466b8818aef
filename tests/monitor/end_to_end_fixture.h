// The fixture of the end-to-end monitoring tests: a fresh directory with a config whose
// warehouse and artifacts live in it and whose webhook sink is a real loopback listener,
// and helpers that run the real binary (generate → features → train → promote → score).
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "attrition/warehouse.h"
#include "notify/listeners.h"
#include "support/run_binary.h"
#include "support/temp_dir.h"

namespace attrition {

using testing::RunResult;
using testing::TempDir;

class MonitoringEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    if (testing::AttritionBinary().empty()) GTEST_SKIP() << "run through ctest";
    listener_ = testing::StartWebhookListener(dir_.path());
    ASSERT_NE(listener_->port(), 0);
    WriteConfig("");
  }

  // config.yaml: `train_section` (YAML of a whole `train:` block, or "" for the default),
  // the warehouse and artifacts in the test directory, and the webhook sink.
  void WriteConfig(const std::string& train_section) {
    std::ofstream(dir_.File("config.yaml"))
        << train_section << "environment: e2e\n"
        << "warehouse:\n  url: 'sqlite:" << dir_.File("wh.db") << "'\n"
        << "artifacts:\n  dir: '" << dir_.File("artifacts") << "'\n"
        << "notifications:\n  - type: webhook\n    url: 'http://127.0.0.1:" << listener_->port()
        << "/hook'\n    retries: 1\n";
  }

  // Runs the binary; fails the test (with its stderr) on a non-zero exit.
  RunResult Run(const std::vector<std::string>& args) {
    RunResult run = testing::RunBinary(testing::AttritionBinary(), args, dir_.path());
    std::string line;
    for (const std::string& a : args) line += a + " ";
    EXPECT_EQ(run.exit_code, 0) << line << "\n" << run.out << run.err;
    return run;
  }

  // Trains with `trials` tuning trials and promotes the new version to production
  // (--force: a retrained model replaces the old one even when its holdout AUC is lower).
  void TrainAndPromote(const std::vector<std::string>& window, int trials = 1) {
    std::vector<std::string> args = {"train", "--trials", std::to_string(trials), "--threads", "2"};
    args.insert(args.end(), window.begin(), window.end());
    RunResult trained = Run(args);
    std::smatch match;
    ASSERT_TRUE(std::regex_search(trained.out, match, std::regex("version (v[0-9A-Za-z-]+)")))
        << trained.out;
    Run({"models", "promote", match[1].str(), "--force"});
  }

  int64_t Count(const std::string& sql) {
    auto wh = warehouse::Warehouse::Open("sqlite:" + dir_.File("wh.db"));
    EXPECT_TRUE(wh.ok());
    auto cursor = (*wh)->Query(sql);
    EXPECT_TRUE(cursor.ok()) << sql << ": " << cursor.status().ToString();
    if (!cursor.ok()) return -1;
    EXPECT_TRUE(*(*cursor)->Next());
    return (*cursor)->Kind(0) == warehouse::ValueKind::kNull ? 0 : (*cursor)->Integer(0);
  }

  // The alert bodies the webhook received for `run_id`.
  std::vector<nlohmann::json> Alerts(const std::string& run_id) {
    std::vector<nlohmann::json> alerts;
    for (const auto& record : listener_->Records()) {
      auto body = nlohmann::json::parse(record["body"].get<std::string>());
      if (body["status"] == "alert" && body["run_id"] == run_id) alerts.push_back(body);
    }
    return alerts;
  }

  static bool Names(const nlohmann::json& alert, const std::string& feature) {
    return alert["text"].get<std::string>().find(feature) != std::string::npos;
  }

  TempDir dir_;
  std::unique_ptr<testing::Listener> listener_;
};

}  // namespace attrition
