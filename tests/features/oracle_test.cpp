// Equality with the Python oracle (features.py, whose interpretations I1-I19 are part of
// the contract): on generated sources, every table `attrition features` writes equals
// what features.py computes from the same database, every column of every row, and so do
// the reject counts. tests/features/oracle_check.py does the comparing; the 20,000-
// customer versions are bench/features_oracle.sh.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "support/run_binary.h"
#include "support/temp_dir.h"

namespace attrition::features {
namespace {

namespace fs = std::filesystem;
using attrition::testing::AttritionBinary;
using attrition::testing::RunBinary;

const char kPython[] = "/usr/bin/python3";

fs::path SourceDir() {
  const char* dir = std::getenv("ATTRITION_SOURCE_DIR");
  return dir != nullptr && *dir != '\0' ? dir : ATTRITION_TEST_SOURCE_DIR;
}

fs::path PythonRef() {
  const char* dir = std::getenv("ATTRITION_PYTHON_REF");
  return dir != nullptr ? fs::path(dir) : SourceDir() / ".." / "shared" / "peers" / "python_ref";
}

// Runs oracle_check.py on `source_db`; the test fails with its report when it is not OK.
void ExpectEqualToOracle(const attrition::testing::TempDir& dir, const std::string& source_db) {
  const auto run = RunBinary(kPython,
                             {(SourceDir() / "tests" / "features" / "oracle_check.py").string(),
                              "--source", source_db, "--binary", AttritionBinary(), "--workdir",
                              dir.File("oracle"), "--python-ref", PythonRef().string(),
                              "--today", "2025-01-15"},
                             dir.path());
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("\nOK\n"), std::string::npos) << run.out << run.err;
}

class OracleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kPython) || !fs::exists(PythonRef() / "features.py")) {
      GTEST_SKIP() << "needs " << kPython << " and " << (PythonRef() / "features.py");
    }
  }

  // gen.py with `args` into dir/src.db.
  std::string Generate(const attrition::testing::TempDir& dir, std::vector<std::string> args) {
    args.insert(args.begin(), {(PythonRef() / "gen.py").string(), "--db", dir.File("src.db")});
    const auto run = RunBinary(kPython, args, dir.path());
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return dir.File("src.db");
  }
};

TEST_F(OracleTest, EqualsFeaturesPyOnGenPyDataWithNumericIdsAndTwoPercentDirt) {
  attrition::testing::TempDir dir;
  ExpectEqualToOracle(dir, Generate(dir, {"--customers", "1500", "--dirty", "0.02"}));
}

TEST_F(OracleTest, EqualsFeaturesPyOnGenPyDataWithTextIdsNearMissOrphansAndThreePercentDirt) {
  attrition::testing::TempDir dir;
  ExpectEqualToOracle(dir, Generate(dir, {"--customers", "1500", "--dirty", "0.03",
                                          "--id-style", "alnum", "--seed", "7"}));
}

TEST_F(OracleTest, EqualsFeaturesPyOnDataFromAttritionGenerate) {
  attrition::testing::TempDir dir;
  const auto run = RunBinary(AttritionBinary(),
                             {"--warehouse", "sqlite:src.db", "generate", "--customers", "1500",
                              "--dirty", "0.02"},
                             dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  ExpectEqualToOracle(dir, dir.File("src.db"));
}

}  // namespace
}  // namespace attrition::features
