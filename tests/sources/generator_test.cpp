// The generator against real SQLite files: determinism, clean output, planted effects,
// id styles and option checks. Fault injection is tested in fault_injection_test.cpp.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include "attrition/calendar.h"
#include "attrition/sources.h"
#include "sources/generated_tables.h"
#include "support/temp_dir.h"

namespace attrition::sources {
namespace {

using testing::GenerateInto;
using testing::OpenSqlite;
using testing::ReadTable;
using testing::Table;

GenerateOptions Small(uint64_t seed, int64_t customers = 1500) {
  GenerateOptions options;
  options.customers = customers;
  options.seed = seed;
  return options;
}

// FNV-1a over every cell of every view, NULL told apart from ''.
uint64_t Fingerprint(warehouse::Warehouse& w) {
  uint64_t h = 1469598103934665603ULL;
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
    h = (h ^ 0xff) * 1099511628211ULL;
  };
  for (const std::string& view : SourceViewNames()) {
    const Table t = ReadTable(w, view);
    for (const auto& column : t.schema) mix(column.name);
    for (const auto& row : t.rows) {
      for (const auto& cell : row) mix(cell ? "v" + *cell : "\x01NULL");
    }
  }
  return h;
}

TEST(Generator, SameSeedWritesIdenticalTablesWhateverTheThreadCount) {
  attrition::testing::TempDir dir;
  GenerateOptions one_thread = Small(7);
  one_thread.threads = 1;
  one_thread.dirty = 0.03;
  GenerateOptions two_threads = one_thread;
  two_threads.threads = 2;
  GenerateInto(dir.File("a.db"), one_thread);
  GenerateInto(dir.File("b.db"), two_threads);
  auto a = OpenSqlite(dir.File("a.db"));
  auto b = OpenSqlite(dir.File("b.db"));
  for (const std::string& view : SourceViewNames()) {
    const Table ta = ReadTable(*a, view);
    const Table tb = ReadTable(*b, view);
    ASSERT_EQ(ta.schema.size(), tb.schema.size()) << view;
    EXPECT_GT(ta.rows.size(), 0u) << view;
    EXPECT_TRUE(ta.rows == tb.rows) << view << " differs between runs";
  }
}

TEST(Generator, DifferentSeedsWriteDifferentTables) {
  attrition::testing::TempDir dir;
  GenerateInto(dir.File("a.db"), Small(1));
  GenerateInto(dir.File("b.db"), Small(2));
  auto a = OpenSqlite(dir.File("a.db"));
  auto b = OpenSqlite(dir.File("b.db"));
  EXPECT_FALSE(ReadTable(*a, "PA_PATIENT_DETAILS_VW").rows ==
               ReadTable(*b, "PA_PATIENT_DETAILS_VW").rows);
  EXPECT_FALSE(ReadTable(*a, "PA_SALES_HISTORY_VW").rows ==
               ReadTable(*b, "PA_SALES_HISTORY_VW").rows);
}

// The bytes are part of the contract: this value changes only when the model does.
// Update it deliberately (and say so in docs/generator.md) when changing the simulation.
TEST(Generator, FixedArgumentsGiveTheRecordedFingerprint) {
  attrition::testing::TempDir dir;
  GenerateOptions options = Small(2024, 300);
  options.dirty = 0.05;
  GenerateInto(dir.File("a.db"), options);
  auto w = OpenSqlite(dir.File("a.db"));
  EXPECT_EQ(Fingerprint(*w), 15499914350408464409ULL);
}

TEST(Generator, ColumnsHaveTheReferenceNamesAndTypes) {
  attrition::testing::TempDir dir;
  GenerateInto(dir.File("a.db"), Small(3, 50));
  auto w = OpenSqlite(dir.File("a.db"));
  const std::map<std::string, std::string> expected = {
      {"PRODUCT",
       "PRODUCT_ID I,PRODUCT_NAME T,CATEGORY T,MODEL T,UNITS_PER_PACK I,DAYS_PER_UNIT I"},
      {"PA_PATIENT_DETAILS_VW",
       "CUSTOMER_ID I,MRN T,BIRTH_DATE T,STATE T,PAYOR_TYPE T,DIAGNOSIS_TYPE T,"
       "INSULIN_START_DATE T,IS_AUTO_REORDER I,LATEST_PRODUCT T,PUMP_START_DATE T"},
      {"PA_SALES_HISTORY_VW",
       "ORDER_ID I,LINE_NO I,CUSTOMER_ID I,MRN T,ORDER_DATE T,PRODUCT_ID I,QUANTITY I,"
       "IS_RETURNED I,CHANNEL T"},
      {"PA_STARTRIGHT_DETAILS_VW", "CUSTOMER_ID I,MRN T,ENROLL_DATE T,COMPLETION_DATE T,STATUS T"},
      {"PA_PATIENT_TOUCHPOINT_VW",
       "TOUCHPOINT_ID I,CUSTOMER_ID I,MRN T,CREATED_DATE T,TOUCHPOINT_TYPE T"},
      {"PA_PATIENT_COMPLAINTS_VW", "SVN_NUMBER T,CUSTOMER_ID I,MRN T,CREATED_DATE T,REASON_CODE T"},
      {"PA_WARRANTY_DETAILS_VW",
       "SERIAL_NUMBER T,CUSTOMER_ID I,MRN T,PRODUCT_MODEL_CATEGORY T,WARRANTY_START_DATE T,"
       "WARRANTY_END_DATE T,TRAINING_STATUS T"},
  };
  for (const auto& [view, columns] : expected) {
    auto schema = w->DescribeTable(view);
    ASSERT_TRUE(schema.ok()) << schema.status().ToString();
    std::string got;
    for (const auto& c : *schema) {
      got += (got.empty() ? "" : ",") + c.name +
             (c.type == warehouse::ColumnType::kInteger ? " I" : " T");
    }
    EXPECT_EQ(got, columns) << view;
  }
}

TEST(Generator, RealisedHazardIsNearThePlantedLevel) {
  attrition::testing::TempDir dir;
  const GenerateReport report = GenerateInto(dir.File("a.db"), Small(11, 3000));
  EXPECT_EQ(report.customers, 3000);
  EXPECT_GT(report.months_at_risk, 3000 * 20);
  // gen.py realises 1.9-2.0% a month on the same model.
  EXPECT_GT(report.realised_monthly_hazard, 0.016);
  EXPECT_LT(report.realised_monthly_hazard, 0.024);
}

TEST(Generator, RewritingReplacesTheViewsWithoutHistory) {
  attrition::testing::TempDir dir;
  GenerateInto(dir.File("a.db"), Small(1, 200));
  const GenerateReport second = GenerateInto(dir.File("a.db"), Small(2, 100));
  auto w = OpenSqlite(dir.File("a.db"));
  EXPECT_EQ(ReadTable(*w, "PA_PATIENT_DETAILS_VW").rows.size(), 100u);
  EXPECT_EQ(static_cast<int64_t>(ReadTable(*w, "PA_SALES_HISTORY_VW").rows.size()),
            second.View("PA_SALES_HISTORY_VW").rows);
  auto history = w->TableExists("PA_SALES_HISTORY_VW_HIST");
  ASSERT_TRUE(history.ok());
  EXPECT_FALSE(*history);
}

TEST(Generator, RejectsOptionsWithMessagesNamingFlagValueAndExpectation) {
  GenerateOptions options;
  options.dirty = 0.7;
  EXPECT_EQ(ValidateGenerateOptions(options).message(),
            "--dirty: got 0.7, expected a rate in [0, 0.5)");
  options.dirty = -0.01;
  EXPECT_EQ(ValidateGenerateOptions(options).message(),
            "--dirty: got -0.01, expected a rate in [0, 0.5)");
  options = GenerateOptions();
  options.customers = 0;
  EXPECT_EQ(ValidateGenerateOptions(options).message(),
            "--customers: got 0, expected a number of customers from 1 to 20000000");
  options = GenerateOptions();
  options.end = MonthFromYearMonth(2020, 6);
  EXPECT_EQ(ValidateGenerateOptions(options).message(),
            "--end: got 2020-06, expected a month from --start (2021-01) to 2999-12");
  EXPECT_EQ(ValidateGenerateOptions(GenerateOptions()).code(), Status::Code::kOk);
}

}  // namespace
}  // namespace attrition::sources
