// The drivers report end to end on a generated warehouse: the planted hazard's slopes are
// recovered, the files are written, and the command's errors are one clear line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "attrition/explain.h"
#include "explain/generated_world.h"
#include "support/run_binary.h"
#include "support/temp_dir.h"

namespace attrition::explain {
namespace {

using attrition::testing::AttritionBinary;
using attrition::testing::RunBinary;
using attrition::testing::RunResult;
using attrition::testing::TempDir;
using testing::GeneratedWorld;

const Driver* Find(const ExplainSummary& s, const std::string& feature) {
  for (const Driver& d : s.drivers) {
    if (d.feature == feature) return &d;
  }
  return nullptr;
}

TEST(ExplainPlanted, RecoversThePlantedSlopesOnAGeneratedWarehouse) {
  const GeneratedWorld* world = GeneratedWorld::Get();
  ASSERT_NE(world, nullptr);
  auto warehouse = warehouse::Warehouse::Open(world->config().warehouse.url);
  ASSERT_TRUE(warehouse.ok());
  TempDir out;
  auto summary = Explain(world->config(), **warehouse,
                         {.planted = true, .shap_rows = 20000, .out_dir = out.path()});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  const ExplainSummary& s = *summary;
  EXPECT_EQ(s.version, world->version());
  EXPECT_LT(s.max_abs_gradient, 1e-6);
  // The default plan maps 15 drivers (7 payors, TYPE 2, age, auto-reorder, StartRight,
  // complaints, harm, returns, warranty); the random effect has no feature.
  EXPECT_EQ(s.planted_mapped, 15);
  ASSERT_EQ(s.planted_without_feature.size(), 1u);
  // Thresholds from what the method does on this data (observed: 14 of 15 right sign, 4
  // inside the Laplace interval, 8 inside the customer-clustered one; the demo's 10,000
  // customers give 14, 6 and 7), with a margin for changes to the generator's streams.
  // Why not "inside for most" as SPEC 11 hopes (docs/explain.md, "What is recovered"):
  //  * The label keeps up to 5 rows after a customer's last order, all labelled 1, while
  //    their scores decay and no new events happen; pauses add positives no covariate
  //    explains; the per-customer random effect and mediating features
  //    (NUM_LAST_ORDER_CUM_ACTIVE_MONTHS, supply on hand, notes) absorb part of each
  //    effect. Slopes come out about a quarter smaller than planted, and with ~80,000
  //    rows the intervals are narrower than that bias.
  //  * IS_WARRANTY_ACTIVE is only a proxy of "warranty ended, not renewed" and is nearly
  //    collinear with LENGTH_OF_WARRANTY_IN_MONTHS (0 without a covering warranty): its
  //    own sign is not identified. It is the one wrong sign.
  EXPECT_GE(s.planted_sign_agrees, 12) << s.planted_sign_agrees << " of " << s.planted_mapped;
  EXPECT_GE(s.planted_inside, 3) << s.planted_inside << " of " << s.planted_mapped;
  EXPECT_GE(s.planted_inside_clustered, 6) << s.planted_inside_clustered;
  EXPECT_GE(s.planted_recovered, 6) << s.planted_recovered;
  // A customer's rows are alike: the clustered interval is wider for every driver.
  for (const Driver& d : s.drivers) {
    if (d.estimated()) {
      EXPECT_GT(d.clustered_sd, d.sd) << d.feature;
    }
  }
  // The strongest, cleanest effects must have their sign whatever the sample.
  for (const char* feature : {"IS_AUTO_REORDER_FLAG", "IS_SR", "PAYOR_TYPE_STATE_MEDICAID",
                              "DIAGNOSIS_TYPE_TYPE_2", "NUM_HARM_FLAG_SUM_LOOKBACK_18M_SCORE",
                              "NUM_AGE"}) {
    const Driver* d = Find(s, feature);
    ASSERT_NE(d, nullptr) << feature;
    ASSERT_TRUE(d->planted.has_value()) << feature;
    EXPECT_TRUE(d->planted->sign_agrees) << feature << " " << d->coefficient;
  }
  const Driver* commercial = Find(s, "PAYOR_TYPE_COMMERCIAL");
  ASSERT_NE(commercial, nullptr);
  EXPECT_EQ(commercial->kind, DriverKind::kReference);
  EXPECT_TRUE(std::filesystem::exists(out.path() / "drivers.html"));
  std::ifstream json_file(out.path() / "drivers.json");
  const nlohmann::json json = nlohmann::json::parse(json_file);
  EXPECT_EQ(json["planted"]["recovered"], s.planted_recovered);
  EXPECT_EQ(json["drivers"].size(), s.drivers.size());
}

TEST(ExplainPlanted, SummarisesShapOfTheProductionModel) {
  const GeneratedWorld* world = GeneratedWorld::Get();
  ASSERT_NE(world, nullptr);
  auto warehouse = warehouse::Warehouse::Open(world->config().warehouse.url);
  ASSERT_TRUE(warehouse.ok());
  TempDir out;
  auto s = Explain(world->config(), **warehouse, {.shap_rows = 3000, .out_dir = out.path()});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->shap_rows, 3000);
  EXPECT_EQ(s->planted_mapped, 0);  // not asked
  // Auto-reorder customers stay: the model and the regression agree that it lowers risk.
  const Driver* reorder = Find(*s, "IS_AUTO_REORDER_FLAG");
  ASSERT_NE(reorder, nullptr);
  EXPECT_GT(reorder->shap_mean_abs, 0.05);
  EXPECT_EQ(reorder->shap_high_sign, -1);
  EXPECT_LT(reorder->odds_ratio_upper, 1.0);
}

TEST(ExplainCommand, WritesTheReportFilesAndPrintsTheTable) {
  if (AttritionBinary().empty()) GTEST_SKIP() << "run through ctest";
  const GeneratedWorld* world = GeneratedWorld::Get();
  ASSERT_NE(world, nullptr);
  const RunResult run = RunBinary(AttritionBinary(), {"explain", "--planted"}, world->dir());
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const std::filesystem::path files =
      std::filesystem::path(world->config().artifacts.dir) / "explain" / world->version();
  EXPECT_TRUE(std::filesystem::exists(files / "drivers.html"));
  EXPECT_TRUE(std::filesystem::exists(files / "drivers.json"));
  EXPECT_NE(run.out.find("IS_AUTO_REORDER_FLAG"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("planted effects recovered:"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("no feature: per-customer random effect"), std::string::npos);
  std::ifstream html(files / "drivers.html");
  const std::string text((std::istreambuf_iterator<char>(html)), {});
  EXPECT_NE(text.find("Odds ratio, 95% credible interval"), std::string::npos);
  EXPECT_NE(text.find("XGBoost mean |SHAP|"), std::string::npos);
}

TEST(ExplainCommand, MissingModelIsOneClearError) {
  if (AttritionBinary().empty()) GTEST_SKIP() << "run through ctest";
  TempDir dir;
  std::ofstream(dir.path() / "attrition.db");  // an (empty) warehouse: the model is missing
  const RunResult run = RunBinary(AttritionBinary(), {"explain"}, dir.path());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err,
            "attrition: error: no model to explain: no model version is production yet in "
            "artifacts; `attrition models promote VERSION --to production` sets it. Train one "
            "with `attrition train`, then promote it with `attrition models promote VERSION` "
            "(or pass --model VERSION)\n");
}

TEST(ExplainCommand, RejectsAPriorSdThatIsNotPositive) {
  if (AttritionBinary().empty()) GTEST_SKIP() << "run through ctest";
  TempDir dir;
  const RunResult run = RunBinary(AttritionBinary(), {"explain", "--prior-sd", "0"}, dir.path());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err.substr(0, run.err.find('\n')),
            "attrition: error: --prior-sd: got '0', expected a positive number");
}

TEST(ExplainCommand, HelpTeachesHowToReadTheReport) {
  if (AttritionBinary().empty()) GTEST_SKIP() << "run through ctest";
  TempDir dir;
  const RunResult run = RunBinary(AttritionBinary(), {"explain", "--help"}, dir.path());
  EXPECT_EQ(run.exit_code, 0);
  for (const char* text : {"--model", "--prior-sd", "--out", "--planted", "credible interval",
                           "Reading the table", "drivers.html"}) {
    EXPECT_NE(run.out.find(text), std::string::npos) << text << "\n" << run.out;
  }
}

TEST(DemoCommand, ExplainsTheDriversAgainstThePlantedHazard) {
  if (AttritionBinary().empty()) GTEST_SKIP() << "run through ctest";
  TempDir dir;
  const RunResult run =
      RunBinary(AttritionBinary(), {"demo", "--dir", "d", "--customers", "2000"}, dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.err.find("[6/6] explaining the drivers"), std::string::npos) << run.err;
  const size_t line = run.out.find("  drivers                  ");
  ASSERT_NE(line, std::string::npos) << run.out;
  EXPECT_NE(run.out.find(" of 15 planted effects recovered", line), std::string::npos) << run.out;
  bool found = false;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(dir.path() / "d" / "artifacts" / "explain")) {
    found = found || entry.path().filename() == "drivers.html";
  }
  EXPECT_TRUE(found);
  // The registry line is a command that works, verbatim, from where the demo was run.
  const std::string hint = "  registry                 attrition models list --artifacts ";
  const size_t at = run.out.find(hint);
  ASSERT_NE(at, std::string::npos) << run.out;
  const size_t begin = at + hint.size();
  const std::string artifacts = run.out.substr(begin, run.out.find('\n', begin) - begin);
  const RunResult list =
      RunBinary(AttritionBinary(), {"models", "list", "--artifacts", artifacts}, dir.path());
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("production"), std::string::npos) << list.out;
}

}  // namespace
}  // namespace attrition::explain
