// A registry with two small trained versions for the endpoint tests: the synthetic table
// of tests/train/synthetic_dataset.h (X1, X2 sometimes NULL, NOISE, PAYOR one-hot),
// trained twice by the real `attrition train` with different seeds, the first promoted to
// production. Trained once per build of the binary (see CachedTraining) and copied into a
// temporary directory per test process.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "attrition/registry.h"
#include "attrition/warehouse.h"
#include "support/run_binary.h"
#include "support/temp_dir.h"
#include "train/synthetic_dataset.h"

namespace attrition::testing {

inline constexpr char kServeTestConfig[] = R"(train:
  dataset: 'MODEL_DATA'
  target: 'LABEL'
  sampling: 'none'
  split: {mode: 'last_n_months', months: 3}
  start_month: '2021-01'
  max_month: '2022-06'
  dummy_cols: ['PAYOR']
  features: ['CUSTOMER_ID', 'MONTH', 'X1', 'X2', 'NOISE', 'PAYOR_Commercial', 'PAYOR_Medicare', 'PAYOR_State Medicaid']
  drop: ['CUSTOMER_ID', 'MONTH']
  hyperparameters:
    optimize: 'auc'
    num_tuning_rounds: 1
    eta: {min: -1}
    max_depth: {min: 3, max: 5}
    subsample: {min: 0.5, max: 1.0}
    gamma: {min: 0, max: 1}
    min_child_weight: {min: 0, max: 5}
    reg_alpha: {min: 0, max: 1}
warehouse:
  url: 'sqlite:w.db'
serving:
  threads: 2
)";

class TrainedRegistry {
 public:
  // The process-wide instance; fails the calling test (and returns nullptr) when the
  // models cannot be trained.
  static TrainedRegistry* Get() {
    static std::unique_ptr<TrainedRegistry> instance = [] {
      auto made = std::unique_ptr<TrainedRegistry>(new TrainedRegistry());
      return made->ok_ ? std::move(made) : nullptr;
    }();
    EXPECT_NE(instance, nullptr) << "could not train the test models";
    return instance.get();
  }

  const std::filesystem::path& dir() const { return dir_.path(); }
  std::filesystem::path artifacts() const { return dir_.path() / "artifacts"; }
  const std::string& v1() const { return v1_; }
  const std::string& v2() const { return v2_; }
  registry::Registry registry() const { return *registry::Registry::Open(artifacts()); }
  std::filesystem::path VersionDir(const std::string& version) const {
    return artifacts() / "models" / version;
  }

  // Points production at `version` (forced past the gate).
  void Promote(const std::string& version) const {
    auto change = registry().Promote(version, {.force = true});
    ASSERT_TRUE(change.ok()) << change.status().message();
  }

 private:
  // Trains into `dir` (warehouse, config, artifacts with two versions). False on failure.
  static bool Train(const std::filesystem::path& dir) {
    auto wh = warehouse::Warehouse::Open("sqlite:" + (dir / "w.db").string());
    if (!wh.ok()) return false;
    if (!WriteSyntheticDataset(**wh, {.customers = 300}).ok()) return false;
    wh->reset();
    std::ofstream(dir / "config.yaml") << kServeTestConfig;
    for (const char* seed : {"1", "2"}) {
      const RunResult run =
          RunBinary(AttritionBinary(), {"train", "--seed", seed, "--threads", "2"}, dir);
      if (run.exit_code != 0) {
        ADD_FAILURE() << "attrition train failed:\n" << run.out << run.err;
        return false;
      }
    }
    return true;
  }

  // Caches of earlier builds of the binary, untouched for a day, are removed.
  static void RemoveStaleCaches(const std::filesystem::path& keep) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const auto day_ago = fs::file_time_type::clock::now() - std::chrono::hours(24);
    for (const auto& entry : fs::directory_iterator(keep.parent_path(), ec)) {
      const std::string name = entry.path().filename().string();
      if (entry.path() == keep || name.rfind("attrition-serve-test-models-", 0) != 0) continue;
      if (fs::last_write_time(entry.path(), ec) < day_ago) fs::remove_all(entry.path(), ec);
    }
  }

  // ctest runs every test in its own process; training once per process would dominate
  // the suite's time. So the trained directory is cached under the temp directory, keyed
  // by the attrition binary (path, size, modification time) and the config, built under
  // an exclusive lock by the first process and copied by every process.
  static std::filesystem::path CachedTraining() {
    namespace fs = std::filesystem;
    const fs::path binary = AttritionBinary();
    std::error_code ec;
    const auto stamp = fs::last_write_time(binary, ec).time_since_epoch().count();
    const size_t key = std::hash<std::string>{}(binary.string() + "|" +
                                                std::to_string(fs::file_size(binary, ec)) + "|" +
                                                std::to_string(stamp) + "|" + kServeTestConfig);
    const fs::path cache = fs::temp_directory_path() / ("attrition-serve-test-models-" + std::to_string(key));
    const int lock = ::open((cache.string() + ".lock").c_str(), O_RDWR | O_CREAT, 0644);
    if (lock >= 0) ::flock(lock, LOCK_EX);
    if (!fs::exists(cache / "done")) {
      RemoveStaleCaches(cache);
      fs::remove_all(cache, ec);
      fs::create_directories(cache);
      if (Train(cache)) std::ofstream(cache / "done") << "ok\n";
    }
    if (lock >= 0) ::close(lock);  // releases the lock
    return fs::exists(cache / "done") ? cache : fs::path();
  }

  TrainedRegistry() {
    namespace fs = std::filesystem;
    const fs::path cache = CachedTraining();
    if (cache.empty()) return;
    // A private copy: tests move aliases and register versions.
    for (const auto& entry : fs::recursive_directory_iterator(cache)) {
      const fs::path target = dir_.path() / fs::relative(entry.path(), cache);
      if (entry.is_directory()) {
        fs::create_directories(target);
      } else {
        fs::copy_file(entry.path(), target);
      }
    }
    auto versions = registry().List();
    if (!versions.ok() || versions->size() != 2) return;
    v1_ = (*versions)[0].id;
    v2_ = (*versions)[1].id;
    if (!registry().Promote(v1_, {.force = true}).ok()) return;
    ok_ = true;
  }

  TempDir dir_;
  std::string v1_, v2_;
  bool ok_ = false;
};

}  // namespace attrition::testing
