// BuildFeatures end to end on real SQLite files: errors, as-of month, row order, history.
#include <gtest/gtest.h>

#include <string>

#include "attrition/features.h"
#include "features/source_fixture.h"
#include "support/temp_dir.h"

namespace attrition::features {
namespace {

using testing::Int;
using testing::kNull;
using testing::Text;
using Rows = std::vector<std::vector<std::string>>;

const char* const kTables[] = {
    "PA_DEMO_INTERMEDIATE_FEATURES",       "PA_SALES_INTERMEDIATE_FEATURES",
    "PA_STARTRIGHT_INTERMEDIATE_FEATURES", "PA_TOUCHPOINT_INTERMEDIATE_FEATURES",
    "PA_COMPLAINTS_INTERMEDIATE_FEATURES", "PA_WARRANTY_INTERMEDIATE_FEATURES",
    "PA_MODELING_DATASET"};

testing::SourceFixture TwoCustomers() {
  testing::SourceFixture f;
  f.StandardProducts();
  f.Customer(Text("C1"));
  f.Customer(Text("C2"));
  f.Sale(Text("O1"), Int(1), Text("C1"), Text("2023-01-10"), Int(2));
  f.Sale(Text("O2"), Int(1), Text("C2"), Text("2023-03-10"), Int(3));
  f.Sale(Text("O3"), Int(1), Text("C2"), Text("2023-06-10"), Int(3));  // the data end in June
  f.Enrolment(Text("C1"), Text("2023-02-01"));
  f.Touchpoint(Text("T1"), Text("C2"), Text("2023-02-01"));
  f.Complaint(Text("S1"), Text("C1"), Text("2023-02-01"));
  f.Warranty(Text("C1"), Text("2022-01-01"), Text("2026-01-01"));
  return f;
}

FeatureOptions AsOf(int year, int month) {
  FeatureOptions options;
  options.as_of = MonthFromYearMonth(year, month);
  return options;
}

Rows Query(const std::string& db, const std::string& sql) {
  auto w = testing::OpenSqlite(db);
  return testing::QueryRows(*w, sql);
}

TEST(FeaturePipeline, AMissingSourceViewIsNotFoundNamingTheView) {
  attrition::testing::TempDir dir;
  const std::string db = dir.File("s.db");
  testing::SourceFixture f = TwoCustomers();
  f.views().erase("PA_PATIENT_TOUCHPOINT_VW");
  ASSERT_TRUE(f.WriteTo(db).ok());
  auto result = BuildFeatures("sqlite:" + db, AsOf(2023, 6));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), Status::Code::kNotFound);
  EXPECT_EQ(result.status().message(),
            "source view PA_PATIENT_TOUCHPOINT_VW does not exist in sqlite:" + db +
                "; to get data, run `attrition generate` (synthetic source views) or `attrition "
                "load --table PA_PATIENT_TOUCHPOINT_VW --csv FILE` (your own extract of it)");
}

TEST(FeaturePipeline, AMissingColumnIsNotFoundNamingTheViewAndTheColumn) {
  attrition::testing::TempDir dir;
  const std::string db = dir.File("s.db");
  testing::SourceFixture f = TwoCustomers();
  testing::View& sales = f.views().at("PA_SALES_HISTORY_VW");
  sales.schema.erase(sales.schema.begin() + 6);  // QUANTITY
  for (auto& row : sales.rows) row.erase(row.begin() + 6);
  ASSERT_TRUE(f.WriteTo(db).ok());
  auto result = BuildFeatures("sqlite:" + db, AsOf(2023, 6));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), Status::Code::kNotFound);
  EXPECT_EQ(result.status().message(),
            "source view PA_SALES_HISTORY_VW in sqlite:" + db + " has no column QUANTITY");
}

TEST(FeaturePipeline, WithoutAValidOrderDateAndNoPinnedMonthTheRunFailsSayingWhy) {
  attrition::testing::TempDir dir;
  const std::string db = dir.File("s.db");
  testing::SourceFixture f;
  f.StandardProducts();
  f.Customer(Text("C1"));
  f.Sale(Text("O1"), Int(1), Text("C1"), Text("N/A"), Int(2));
  f.Sale(Text("O2"), Int(1), Text("C1"), Text("2024-02-01"), Int(2));  // after today
  ASSERT_TRUE(f.WriteTo(db).ok());
  FeatureOptions options;
  options.today = DayFromCivil(2024, 1, 15);
  auto result = BuildFeatures("sqlite:" + db, options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_EQ(result.status().message(),
            "PA_SALES_HISTORY_VW has no valid ORDER_DATE on or before 2024-01-15, so there is "
            "no as-of month; pin one with --as-of YYYY-MM");
}

TEST(FeaturePipeline, TheAsOfMonthIsTheLatestValidOrderMonthNotAfterTodayEvenOfARejectedRow) {
  attrition::testing::TempDir dir;
  const std::string db = dir.File("s.db");
  testing::SourceFixture f = TwoCustomers();
  f.Sale(Text("O3"), Int(1), Text("nobody"), Text("2023-07-20"), Int(2));  // orphan (I2)
  f.Sale(Text("O4"), Int(1), Text("C1"), Text("2023-09-01"), Int(2));      // after today
  ASSERT_TRUE(f.WriteTo(db).ok());
  FeatureOptions options;
  options.today = DayFromCivil(2023, 8, 15);
  auto result = BuildFeatures("sqlite:" + db, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(FormatMonth(result->as_of), "2023-07");
  EXPECT_EQ(Query(db, "SELECT MAX(MONTH) FROM PA_SALES_INTERMEDIATE_FEATURES"),
            (Rows{{"t:2023-07"}}));
  EXPECT_EQ(Query(db, "SELECT ROW_COUNT FROM PA_FEATURE_RUN_LOG WHERE "
                      "VIEW_NAME = 'PA_SALES_HISTORY_VW' AND RULE = 'future_date'"),
            (Rows{{"i:1"}}));
}

TEST(FeaturePipeline, APinnedMonthAfterTheLastMonthOfDataIsRefusedAndWritesNothing) {
  attrition::testing::TempDir dir;
  const std::string db = dir.File("s.db");
  ASSERT_TRUE(TwoCustomers().WriteTo(db).ok());
  auto result = BuildFeatures("sqlite:" + db, AsOf(2023, 7));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(result.status().message(),
            "as-of month: got 2023-07, expected 2023-06 or earlier: the latest valid "
            "ORDER_DATE in PA_SALES_HISTORY_VW is 2023-06-10, and the months after it would "
            "count as months without orders, labelling customers as lost who may not be");
  EXPECT_EQ(Query(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'PA_MODELING_DATASET'"),
            (Rows{{"i:0"}}));
}

TEST(FeaturePipeline, RowsAreOrderedByTheBytesOfCustomerIdThenByMonth) {
  attrition::testing::TempDir dir;
  const std::string db = dir.File("s.db");
  testing::SourceFixture f;
  f.StandardProducts();
  const char* ids[] = {"a", "C-9", "7", "Z", "C-10", "007"};
  int order = 0;
  for (const char* id : ids) {
    f.Customer(Text(id));
    f.Sale(Text("O" + std::to_string(++order)), Int(1), Text(id), Text("2023-05-02"), Int(2));
  }
  f.Customer(Int(8));  // an INTEGER id is its text '8'
  f.Sale(Text("O9"), Int(1), Text("8"), Text("2023-05-02"), Int(2));
  f.Sale(Text("O10"), Int(1), Text("a"), Text("2023-06-02"), Int(2));  // the data end in June
  ASSERT_TRUE(f.WriteTo(db).ok());
  ASSERT_TRUE(BuildFeatures("sqlite:" + db, AsOf(2023, 6)).ok());
  EXPECT_EQ(Query(db, "SELECT CUSTOMER_ID, MONTH FROM PA_SALES_INTERMEDIATE_FEATURES ORDER BY rowid"),
            (Rows{{"t:007", "t:2023-05"},  {"t:007", "t:2023-06"},  {"t:7", "t:2023-05"},
                  {"t:7", "t:2023-06"},    {"t:8", "t:2023-05"},    {"t:8", "t:2023-06"},
                  {"t:C-10", "t:2023-05"}, {"t:C-10", "t:2023-06"}, {"t:C-9", "t:2023-05"},
                  {"t:C-9", "t:2023-06"},  {"t:Z", "t:2023-05"},    {"t:Z", "t:2023-06"},
                  {"t:a", "t:2023-05"},    {"t:a", "t:2023-06"}}));
}

TEST(FeaturePipeline, TheModelingDatasetHasTheContractColumnsInOrder) {
  attrition::testing::TempDir dir;
  const std::string db = dir.File("s.db");
  ASSERT_TRUE(TwoCustomers().WriteTo(db).ok());
  ASSERT_TRUE(BuildFeatures("sqlite:" + db, AsOf(2023, 6)).ok());
  EXPECT_EQ(
      Query(db, "SELECT name || ' ' || type FROM pragma_table_info('PA_MODELING_DATASET')"),
      (Rows{{"t:CUSTOMER_ID TEXT"},
            {"t:MRN TEXT"},
            {"t:MONTH TEXT"},
            {"t:IS_PAYOR_TYPE TEXT"},
            {"t:IS_DIAGNOSIS_TYPE TEXT"},
            {"t:IS_AUTO_REORDER_FLAG INTEGER"},
            {"t:NUM_AGE INTEGER"},
            {"t:NUM_YEARS_ON_INSULIN INTEGER"},
            {"t:NUM_CUM_ACTIVE_MONTH INTEGER"},
            {"t:NUM_LAST_ORDER_CUM_ACTIVE_MONTHS INTEGER"},
            {"t:NUM_IS_RETURNED_SUMLOOKBACK_6M_SCORE REAL"},
            {"t:NUM_INFUSION_SET_RESIDUAL_ADJ INTEGER"},
            {"t:IS_ACTIVE INTEGER"},
            {"t:IS_SR INTEGER"},
            {"t:NUM_TOTAL_NOTE_COUNT_LOOKBACK_12M_SCORE REAL"},
            {"t:NUM_REGULAR_COMPLAINT_LOOKBACK_18M_SCORE REAL"},
            {"t:NUM_HARM_FLAG_SUM_LOOKBACK_18M_SCORE REAL"},
            {"t:IS_WARRANTY_ACTIVE INTEGER"},
            {"t:LENGTH_OF_WARRANTY_IN_MONTHS REAL"},
            {"t:NUM_MONTHS_TO_WARRANTY_END INTEGER"},
            {"t:IS_ATTRITION_FLAG_C INTEGER"},
            {"t:INGESTED_DATE TEXT"},
            {"t:UPDATED_DATE TEXT"},
            {"t:STAGE TEXT"}}));
}

TEST(FeaturePipeline, ViewTablesStartAtTheFirstRowOfTheirViewButNeverBeforeTheSpine) {
  attrition::testing::TempDir dir;
  const std::string db = dir.File("s.db");
  ASSERT_TRUE(TwoCustomers().WriteTo(db).ok());
  ASSERT_TRUE(BuildFeatures("sqlite:" + db, AsOf(2023, 4)).ok());
  EXPECT_EQ(Query(db, "SELECT CUSTOMER_ID, MONTH, IS_SR FROM PA_STARTRIGHT_INTERMEDIATE_FEATURES"),
            (Rows{{"t:C1", "t:2023-02", "i:1"},
                  {"t:C1", "t:2023-03", "i:1"},
                  {"t:C1", "t:2023-04", "i:1"}}));
  // C2's touchpoint (Feb) is before its spine (Mar): rows from Mar, the Feb note counted.
  EXPECT_EQ(Query(db, "SELECT CUSTOMER_ID, MONTH, NUM_TOTAL_NOTE_COUNT_LOOKBACK_12M_SCORE "
                      "FROM PA_TOUCHPOINT_INTERMEDIATE_FEATURES"),
            (Rows{{"t:C2", "t:2023-03", "r:0.916666666666667"},
                  {"t:C2", "t:2023-04", "r:0.833333333333333"}}));
  EXPECT_EQ(Query(db, "SELECT COUNT(*) FROM PA_WARRANTY_INTERMEDIATE_FEATURES"), (Rows{{"i:4"}}));
}

TEST(FeaturePipeline, ASecondRunCopiesTheFirstRunsRowsIntoHistoryAndAppendsToTheRunLog) {
  attrition::testing::TempDir dir;
  const std::string db = dir.File("s.db");
  ASSERT_TRUE(TwoCustomers().WriteTo(db).ok());
  ASSERT_TRUE(BuildFeatures("sqlite:" + db, AsOf(2023, 6)).ok());
  std::map<std::string, Rows> first;
  for (const char* table : kTables) {
    first[table] = Query(db, std::string("SELECT * FROM ") + table + " ORDER BY rowid");
    ASSERT_FALSE(first[table].empty()) << table;
  }
  auto second = BuildFeatures("sqlite:" + db, AsOf(2023, 6));
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  for (const char* table : kTables) {
    EXPECT_EQ(Query(db, std::string("SELECT * FROM ") + table + "_HIST ORDER BY rowid"),
              first[table])
        << table;
    EXPECT_EQ(Query(db, std::string("SELECT COUNT(*) FROM ") + table)[0][0],
              "i:" + std::to_string(first[table].size()))
        << table;
  }
  EXPECT_EQ(Query(db, "SELECT COUNT(DISTINCT RUN_ID), COUNT(*) FROM PA_FEATURE_RUN_LOG"),
            (Rows{{"i:2", "i:" + std::to_string(2 * second->rule_counts.size())}}));
}

TEST(FeaturePipeline, OneThreadAndTwoThreadsWriteIdenticalTables) {
  attrition::testing::TempDir dir;
  testing::RandomSourceOptions sources;
  sources.customers = 300;
  sources.seed = 11;
  const testing::SourceFixture f = testing::RandomSources(sources);
  const std::string one = dir.File("one.db"), two = dir.File("two.db");
  ASSERT_TRUE(f.WriteTo(one).ok());
  ASSERT_TRUE(f.WriteTo(two).ok());
  FeatureOptions options = AsOf(2023, 12);
  options.threads = 1;
  ASSERT_TRUE(BuildFeatures("sqlite:" + one, options).ok());
  options.threads = 2;
  ASSERT_TRUE(BuildFeatures("sqlite:" + two, options).ok());
  for (const char* table : kTables) {
    const std::string sql = std::string("SELECT * FROM ") + table + " ORDER BY rowid";
    Rows a = Query(one, sql), b = Query(two, sql);
    for (Rows* rows : {&a, &b}) {
      for (auto& row : *rows) row.resize(row.size() - 3);  // drop the run's metadata
    }
    EXPECT_EQ(a, b) << table;
  }
}

}  // namespace
}  // namespace attrition::features
