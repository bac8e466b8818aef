// A generated warehouse with a trained, promoted model, for the drivers-report tests:
// `attrition generate` (in process) of kCustomers customers, the features, one tuning
// trial, promoted to production; config.yaml in the directory points at all of it.
// Built once per test process (a few seconds).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "attrition/config.h"
#include "attrition/features.h"
#include "attrition/registry.h"
#include "attrition/sources.h"
#include "attrition/train.h"
#include "support/temp_dir.h"

namespace attrition::explain::testing {

class GeneratedWorld {
 public:
  static constexpr int64_t kCustomers = 4000;

  // The process-wide world; fails the calling test (and returns nullptr) when it cannot
  // be built. A static object rather than a leaked pointer, so its directory is removed
  // when the test process exits.
  static const GeneratedWorld* Get() {
    static const GeneratedWorld world;
    EXPECT_TRUE(world.ok_) << "could not build the generated world";
    return world.ok_ ? &world : nullptr;
  }

  const std::filesystem::path& dir() const { return dir_.path(); }
  const config::Config& config() const { return config_; }
  const std::string& version() const { return version_; }

 private:
  GeneratedWorld() { Build(); }

  // gtest's ASSERT_* return from a void function: not from a constructor.
  void Build() {
    config_ = config::DefaultConfig();
    config_.warehouse.url = "sqlite:" + (dir() / "wh.db").string();
    config_.artifacts.dir = (dir() / "artifacts").string();
    config_.train.hyperparameters.num_tuning_rounds = 1;
    config_.train.hyperparameters.eta_min = -1;
    std::ofstream(dir() / "config.yaml") << "warehouse:\n  url: '" << config_.warehouse.url
                                          << "'\nartifacts:\n  dir: '" << config_.artifacts.dir
                                          << "'\n";
    auto warehouse = warehouse::Warehouse::Open(config_.warehouse.url);
    ASSERT_TRUE(warehouse.ok()) << warehouse.status().ToString();
    sources::GenerateOptions generate;
    generate.customers = kCustomers;
    generate.seed = 11;
    generate.show_progress = false;
    auto generated = sources::Generate(generate, **warehouse);
    ASSERT_TRUE(generated.ok()) << generated.status().ToString();
    auto built = features::BuildFeatures(config_.warehouse.url, {});
    ASSERT_TRUE(built.ok()) << built.status().ToString();
    auto trained = train::TrainModel(config_, **warehouse, {.threads = 2});
    ASSERT_TRUE(trained.ok()) << trained.status().ToString();
    auto registry = registry::Registry::Open(config_.artifacts.dir);
    ASSERT_TRUE(registry.ok());
    auto promoted = registry->Promote(trained->version, {});
    ASSERT_TRUE(promoted.ok()) << promoted.status().ToString();
    version_ = trained->version;
    ok_ = true;
  }

  attrition::testing::TempDir dir_;
  config::Config config_;
  std::string version_;
  bool ok_ = false;
};

}  // namespace attrition::explain::testing
