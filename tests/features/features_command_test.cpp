// `attrition features` as a user runs it: the real binary on a real SQLite file.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "features/source_fixture.h"
#include "support/run_binary.h"
#include "support/temp_dir.h"

namespace attrition::features {
namespace {

using testing::Int;
using testing::Text;
using attrition::testing::AttritionBinary;
using attrition::testing::RunBinary;

// The lines of `text` with runs of spaces collapsed to one and no edge spaces.
std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line, word; std::getline(in, line);) {
    std::istringstream words(line);
    std::string joined;
    while (words >> word) joined += (joined.empty() ? "" : " ") + word;
    lines.push_back(joined);
  }
  return lines;
}

void WriteSmallSources(const std::string& path) {
  testing::SourceFixture f;
  f.StandardProducts();
  f.Customer(Text("C1"));
  f.Sale(Text("O1"), Int(1), Text("C1"), Text("2023-01-10"), Int(2));
  f.Sale(Text("O2"), Int(1), Text("C1"), Text("N/A"), Int(2));
  ASSERT_TRUE(f.WriteTo(path).ok());
}

TEST(FeaturesCommand, PrintsTheRejectedRowsPerViewAndRuleAndTheTablesWritten) {
  attrition::testing::TempDir dir;
  WriteSmallSources(dir.File("s.db"));
  const auto run = RunBinary(AttritionBinary(),
                             {"--warehouse", "sqlite:s.db", "features", "--as-of", "2023-01"},
                             dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("as-of 2023-01, run "), std::string::npos) << run.out;
  const std::vector<std::string> lines = Lines(run.out);
  const auto sales = std::find(lines.begin(), lines.end(), "PA_SALES_HISTORY_VW rows 2");
  ASSERT_NE(sales, lines.end()) << run.out;
  EXPECT_EQ(*(sales + 1), "bad_date 1") << run.out;  // the view is named once
  EXPECT_NE(std::find(lines.begin(), lines.end(), "accepted 1"), lines.end()) << run.out;
  EXPECT_NE(run.out.find("wrote PA_MODELING_DATASET"), std::string::npos) << run.out;
}

TEST(FeaturesCommand, ABadAsOfMonthIsRejectedWithAnExactMessage) {
  attrition::testing::TempDir dir;
  WriteSmallSources(dir.File("s.db"));
  const auto run = RunBinary(AttritionBinary(),
                             {"--warehouse", "sqlite:s.db", "features", "--as-of", "2024-13"},
                             dir.path());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "attrition: error: --as-of: got '2024-13', expected YYYY-MM\n");
}

TEST(FeaturesCommand, ABadTodayIsRejectedWithAnExactMessage) {
  attrition::testing::TempDir dir;
  WriteSmallSources(dir.File("s.db"));
  const auto run = RunBinary(AttritionBinary(),
                             {"--warehouse", "sqlite:s.db", "features", "--today", "2024-02-30"},
                             dir.path());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "attrition: error: --today: got '2024-02-30', expected a date YYYY-MM-DD\n");
}

TEST(FeaturesCommand, AWarehouseWithoutTheSourceViewsExitsTwoNamingTheFirstMissingView) {
  attrition::testing::TempDir dir;
  std::ofstream(dir.path() / "empty.db");  // exists, holds nothing
  const auto run =
      RunBinary(AttritionBinary(), {"--warehouse", "sqlite:empty.db", "features"}, dir.path());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err,
            "attrition: error: source view PRODUCT does not exist in sqlite:empty.db; to get "
            "data, run `attrition generate` (synthetic source views) or `attrition load --table "
            "PRODUCT --csv FILE` (your own extract of it)\n");
}

}  // namespace
}  // namespace attrition::features
