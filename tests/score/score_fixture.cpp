#include "score/score_fixture.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "attrition/features.h"
#include "attrition/registry.h"
#include "attrition/sources.h"
#include "attrition/train.h"

namespace attrition::score::testing {
namespace {

namespace fs = std::filesystem;

config::Config ConfigFor(const fs::path& dir) {
  config::Config cfg = config::DefaultConfig();
  cfg.warehouse.url = "sqlite:" + (dir / "a.db").string();
  cfg.artifacts.dir = (dir / "artifacts").string();
  cfg.train.hyperparameters.num_tuning_rounds = 1;
  return cfg;
}

// The prepared world, built on first use. It is a static object, not a leaked pointer,
// so its directory is removed when the test process exits: every score test runs in its
// own process, and a template left behind by each one filled the disk of a CI machine.
const fs::path& Template() {
  static const attrition::testing::TempDir dir;
  static const bool built = [] {
    const config::Config cfg = ConfigFor(dir.path());
    auto warehouse = warehouse::Warehouse::Open(cfg.warehouse.url);
    EXPECT_TRUE(warehouse.ok());
    sources::GenerateOptions generate;
    generate.customers = 1500;
    generate.seed = 7;
    generate.show_progress = false;
    auto generated = sources::Generate(generate, **warehouse);
    EXPECT_TRUE(generated.ok()) << generated.status().ToString();
    auto built = features::BuildFeatures(cfg.warehouse.url, {});
    EXPECT_TRUE(built.ok()) << built.status().ToString();
    auto trained = train::TrainModel(cfg, **warehouse, {.threads = 2});
    EXPECT_TRUE(trained.ok()) << trained.status().ToString();
    auto registry = registry::Registry::Open(cfg.artifacts.dir);
    EXPECT_TRUE(registry.ok());
    auto promoted = registry->Promote(trained->version, {});
    EXPECT_TRUE(promoted.ok()) << promoted.status().ToString();
    return true;
  }();
  (void)built;
  return dir.path();
}

}  // namespace

ScoringWorld::ScoringWorld() {
  fs::copy(Template(), dir(), fs::copy_options::recursive);
  config_ = ConfigFor(dir());
}

std::unique_ptr<warehouse::Warehouse> ScoringWorld::Open() const {
  auto warehouse = warehouse::Warehouse::Open(url());
  EXPECT_TRUE(warehouse.ok()) << warehouse.status().ToString();
  return std::move(*warehouse);
}

fs::path ScoringWorld::ModelDir() const {
  auto registry = registry::Registry::Open(config_.artifacts.dir);
  auto version = registry->Resolve("production");
  EXPECT_TRUE(version.ok()) << version.status().ToString();
  return version->dir;
}

std::vector<std::vector<std::string>> QueryRows(warehouse::Warehouse& warehouse,
                                                const std::string& sql) {
  std::vector<std::vector<std::string>> rows;
  auto cursor = warehouse.Query(sql);
  EXPECT_TRUE(cursor.ok()) << sql << ": " << cursor.status().ToString();
  if (!cursor.ok()) return rows;
  while (true) {
    auto more = (*cursor)->Next();
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    std::vector<std::string> row;
    for (int i = 0; i < (*cursor)->ColumnCount(); ++i) {
      switch ((*cursor)->Kind(i)) {
        case warehouse::ValueKind::kNull: row.push_back("N:"); break;
        case warehouse::ValueKind::kInteger: row.push_back("I:" + std::string((*cursor)->Text(i))); break;
        case warehouse::ValueKind::kReal:
          row.push_back(fmt::format("R:{}", (*cursor)->Real(i)));
          break;
        case warehouse::ValueKind::kText: row.push_back("T:" + std::string((*cursor)->Text(i))); break;
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

int64_t CountRows(warehouse::Warehouse& warehouse, const std::string& sql) {
  auto rows = QueryRows(warehouse, sql);
  if (rows.size() != 1 || rows[0].size() != 1) return -1;
  return std::stoll(rows[0][0].substr(2));
}

// Every row of PA_INFERENCE_RESULTS but the run's own stamps, in storage order.
std::vector<std::vector<std::string>> ResultRows(warehouse::Warehouse& warehouse,
                                                 const std::string& order) {
  auto rows = QueryRows(warehouse, "SELECT * FROM PA_INFERENCE_RESULTS ORDER BY " + order);
  auto schema = warehouse.DescribeTable("PA_INFERENCE_RESULTS");
  EXPECT_TRUE(schema.ok());
  std::vector<size_t> keep;
  for (size_t i = 0; i < schema->size(); ++i) {
    const std::string& name = (*schema)[i].name;
    if (name != "RUN_ID" && name != "INGESTED_DATE" && name != "UPDATED_DATE") keep.push_back(i);
  }
  for (auto& row : rows) {
    std::vector<std::string> kept;
    for (size_t i : keep) kept.push_back(row[i]);
    row = std::move(kept);
  }
  return rows;
}

}  // namespace attrition::score::testing
