// A registry in a fresh temp dir, and a way to make model source directories to register.
#pragma once

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "attrition/registry.h"
#include "support/temp_dir.h"

namespace attrition::registry {

class RegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Registry::Open(dir_.path() / "artifacts");
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    registry_.emplace(std::move(*opened));
  }

  // Versions are read-only (0555 directories); give write permission back so that the
  // TempDir can be removed by a user who is not root.
  void TearDown() override {
    std::error_code error;
    for (auto it = std::filesystem::recursive_directory_iterator(dir_.path(), error);
         !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
      if (it->is_directory(error)) ::chmod(it->path().c_str(), 0755);
    }
  }

  // A directory holding what a trained model bundle holds, with `tag` in the model file.
  std::filesystem::path MakeSource(const std::string& tag) {
    const std::filesystem::path source = dir_.path() / ("source-" + tag);
    std::filesystem::create_directories(source / "report");
    std::ofstream(source / "attrition.model") << "model " << tag << "\n";
    std::ofstream(source / "feature_plan.json") << "{\"features\": [\"A\", \"B\"]}\n";
    std::ofstream(source / "report" / "index.html") << "<html>" << tag << "</html>\n";
    return source;
  }

  RegisterRequest Request(const std::string& tag, double auc) {
    RegisterRequest request;
    request.source_dir = MakeSource(tag);
    request.metrics = {{"test_auc", auc}, {"test_f1", auc / 2}};
    request.lineage.config_hash = "sha256:config-" + tag;
    request.lineage.data_fingerprint = "sha256:data-" + tag;
    request.lineage.dataset = "PA_MODELING_DATASET";
    request.lineage.window = {"2021-01", "2023-06", "2023-04", "2023-06"};
    request.lineage.training_rows = 1000;
    request.lineage.test_rows = 250;
    request.lineage.run_id = "run-" + tag;
    request.lineage.environment = "dev";
    return request;
  }

  // Registers a version with primary metric test_auc = `auc`; fails the test on error.
  ModelVersion RegisterModel(const std::string& tag, double auc) {
    auto version = registry_->Register(Request(tag, auc));
    EXPECT_TRUE(version.ok()) << version.status().ToString();
    return version.ok() ? *version : ModelVersion{};
  }

  std::filesystem::path artifacts() const { return dir_.path() / "artifacts"; }

  testing::TempDir dir_;
  std::optional<Registry> registry_;
};

}  // namespace attrition::registry
