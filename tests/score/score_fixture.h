// A warehouse ready to score: generated customers, features, a small trained model
// promoted to production. Built once per test binary (it takes a few seconds) and copied
// into a fresh directory for each test.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "attrition/config.h"
#include "attrition/warehouse.h"
#include "support/temp_dir.h"

namespace attrition::score::testing {

class ScoringWorld {
 public:
  // A copy of the prepared warehouse and artifacts in a new temporary directory.
  ScoringWorld();

  const std::filesystem::path& dir() const { return dir_.path(); }
  std::string url() const { return "sqlite:" + (dir() / "a.db").string(); }
  // The default config pointed at this world's warehouse and artifacts.
  const config::Config& config() const { return config_; }
  config::Config& mutable_config() { return config_; }
  std::unique_ptr<warehouse::Warehouse> Open() const;
  // The production model's directory.
  std::filesystem::path ModelDir() const;

 private:
  attrition::testing::TempDir dir_;
  config::Config config_;
};

// Every row of a query as text ("N:" for NULL, "I:12", "R:0.5", "T:abc").
std::vector<std::vector<std::string>> QueryRows(warehouse::Warehouse& warehouse,
                                                const std::string& sql);
int64_t CountRows(warehouse::Warehouse& warehouse, const std::string& sql);
// Every row of PA_INFERENCE_RESULTS but its RUN_ID, INGESTED_DATE and UPDATED_DATE.
std::vector<std::vector<std::string>> ResultRows(warehouse::Warehouse& warehouse,
                                                 const std::string& order = "rowid");

}  // namespace attrition::score::testing
