// Dirty data (SPEC 4, I4): every fault kind is counted under its own rule, in rule order,
// and no fault stops the run.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "attrition/features.h"
#include "features/source_fixture.h"
#include "support/temp_dir.h"

namespace attrition::features {
namespace {

using testing::Int;
using testing::kNull;
using testing::Real;
using testing::Text;
using Counts = std::map<std::string, std::map<std::string, int64_t>>;

// The counts of the latest run in PA_FEATURE_RUN_LOG.
Counts RunLogCounts(const std::string& db) {
  auto w = testing::OpenSqlite(db);
  Counts counts;
  for (const auto& row : testing::QueryRows(
           *w, "SELECT VIEW_NAME, RULE, ROW_COUNT FROM PA_FEATURE_RUN_LOG WHERE RUN_ID = "
               "(SELECT RUN_ID FROM PA_FEATURE_RUN_LOG ORDER BY rowid DESC LIMIT 1)")) {
    counts[row[0].substr(2)][row[1].substr(2)] = std::stoll(row[2].substr(2));
  }
  return counts;
}

testing::SourceFixture DirtySources() {
  testing::SourceFixture f;
  // LINE_NO, PRODUCT_ID and QUANTITY untyped, so text and numbers stay as given.
  for (const int column : {1, 5, 6}) f.views().at("PA_SALES_HISTORY_VW").schema[column].second = "";
  f.StandardProducts();
  f.Product(kNull, "SENSOR", 1, 1);  // ignored
  f.Product(Int(2), "SENSOR", 1, 1);  // a duplicate id: the first row counts

  f.Customer(Text("C1"), Text("N/A"), Text("Commercial"), Text("TYPE 1"), Text("2021-02-30"));
  f.Customer(Text("C2"));
  f.Customer(Text("C1"));  // duplicate
  f.Customer(kNull);       // bad_customer_id
  f.Customer(Text(""));    // bad_customer_id

  const auto sale = [&f](const char* order, testing::Value line, testing::Value customer,
                         testing::Value date, testing::Value product = Int(2),
                         testing::Value quantity = Int(1)) {
    f.Sale(order ? Text(order) : kNull, line, customer, date, product, quantity);
  };
  sale("O1", Int(1), Text("C1"), Text("2023-01-10"));
  sale("O2", Int(1), Text("C2"), Text("2023-02-10"), Int(3), Int(2));
  // bad_date
  sale("O3", Int(1), Text("C1"), kNull);
  sale("O4", Int(1), Text("C1"), Text("13/05/2023"));
  sale("O5", Int(1), Text("C1"), Text("2023-02-30"));
  sale("O6", Int(1), Text("C1"), Text("20230510"));
  sale("O20", Int(1), Text("zz"), kNull);  // bad date and orphan: the first rule counts
  // future_date (as-of 2023-06)
  sale("O7", Int(1), Text("C1"), Text("2023-07-01"));
  sale("O1", Int(1), Text("C1"), Text("2023-08-01"));  // a future copy is future, not duplicate
  // orphan_customer: ids match exactly
  sale("O8", Int(1), Text("c1"), Text("2023-01-10"));
  sale("O9", Int(1), Text(" C1"), Text("2023-01-10"));
  sale("O10", Int(1), kNull, Text("2023-01-10"));
  sale("O11", Int(1), Text("C3"), Text("2023-01-10"));
  // unknown_product ('2' as text matches the INTEGER id 2; '02' does not)
  sale("O12", Int(1), Text("C1"), Text("2023-01-10"), Int(99));
  sale("O13", Int(1), Text("C1"), Text("2023-01-10"), kNull);
  sale("O14", Int(1), Text("C1"), Text("2023-01-10"), Text("02"));
  // negative_quantity (NULL and non-numbers too); ' 3 ' is a number
  sale("O15", Int(1), Text("C1"), Text("2023-01-10"), Int(2), Int(-2));
  sale("O16", Int(1), Text("C1"), Text("2023-01-10"), Int(2), kNull);
  sale("O17", Int(1), Text("C1"), Text("2023-01-10"), Int(2), Text("abc"));
  sale("O18", Int(1), Text("C2"), Text("2023-03-05"), Text("2"), Text(" 3 "));
  // missing_key
  sale(nullptr, Int(1), Text("C1"), Text("2023-01-10"));
  sale("", Int(1), Text("C1"), Text("2023-01-10"));
  // duplicate: same ORDER_ID and LINE_NO by value; the earliest date wins
  sale("O1", Int(1), Text("C1"), Text("2023-01-20"));
  sale("O2", Real(1.0), Text("C2"), Text("2023-02-10"));
  sale("O19", Int(1), Text("C2"), Text("2023-03-15"));
  sale("O19", Int(1), Text("C2"), Text("2023-01-25"));  // displaces the row read before it
  sale("O1", Text("1"), Text("C1"), Text("2023-01-12"));  // LINE_NO '1' is not 1: kept

  f.Enrolment(Text("C1"), Text("2023-01-05"));
  f.Enrolment(Text("C2"), Text("N/A"));
  f.Enrolment(Text("C2"), Text("2024-01-01"));
  f.Enrolment(Text("C9"), Text("2023-01-01"));

  f.Touchpoint(Text("T1"), Text("C1"), Text("2023-01-05"));
  f.Touchpoint(Text("T1"), Text("C1"), Text("2023-02-01"));  // duplicate
  f.Touchpoint(kNull, Text("C1"), Text("2023-01-05"));
  f.Touchpoint(Text(""), Text("C1"), Text("2023-01-05"));
  f.Touchpoint(Text("T2"), Text("C2"), Text(""));
  f.Touchpoint(Text("T3"), Text("C-1"), Text("2023-01-05"));

  f.Complaint(Text("S1"), Text("C1"), Text("2023-02-01"));
  f.Complaint(Text("S1"), Text("C1"), Text("2023-03-01"), Text("Z101"));
  f.Complaint(kNull, Text("C1"), Text("2023-02-01"));
  f.Complaint(Text("S2"), Text("C2"), Text("2023-13-01"));
  f.Complaint(Text("S3"), Text("C2"), Text("2099-01-01"));

  f.Warranty(Text("C1"), Text("2022-01-01"), Text("2026-01-01"));
  f.Warranty(Text("C1"), kNull, Text("2026-01-01"));
  f.Warranty(Text("C1"), Text("2022-01-01"), Text("N/A"));
  f.Warranty(Text("C2"), Text("2023-05-01"), Text("2023-04-01"));
  f.Warranty(Text("C2"), Text("2023-01-01"), Text("2027-01-01"), Text("ACTIVE"));
  f.Warranty(Text("C2"), Text("2023-01-01"), Text("2027-01-01"), Text("Active"));
  f.Warranty(Text("C2"), Text("2023-07-01"), Text("2027-01-01"));
  f.Warranty(Text("C-2"), Text("2023-01-01"), Text("2027-01-01"));
  return f;
}

TEST(DirtyData, EveryFaultKindIsCountedUnderItsOwnRuleAndTheRunCompletes) {
  attrition::testing::TempDir dir;
  const std::string db = dir.File("dirty.db");
  ASSERT_TRUE(DirtySources().WriteTo(db).ok());
  FeatureOptions options;
  options.as_of = MonthFromYearMonth(2023, 6);
  auto result = BuildFeatures("sqlite:" + db, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();

  const Counts expected = {
      {"PA_PATIENT_DETAILS_VW",
       {{"rows", 5}, {"bad_customer_id", 2}, {"duplicate", 1}, {"accepted", 2},
        {"nulled_birth_date", 1}, {"nulled_insulin_start_date", 1}}},
      {"PA_SALES_HISTORY_VW",
       {{"rows", 27}, {"bad_date", 5}, {"future_date", 2}, {"orphan_customer", 4},
        {"unknown_product", 3}, {"negative_quantity", 3}, {"missing_key", 2},
        {"duplicate", 3}, {"accepted", 5}}},
      {"PA_STARTRIGHT_DETAILS_VW",
       {{"rows", 4}, {"bad_date", 1}, {"future_date", 1}, {"orphan_customer", 1},
        {"accepted", 1}}},
      {"PA_PATIENT_TOUCHPOINT_VW",
       {{"rows", 6}, {"bad_date", 1}, {"future_date", 0}, {"orphan_customer", 1},
        {"missing_key", 2}, {"duplicate", 1}, {"accepted", 1}}},
      {"PA_PATIENT_COMPLAINTS_VW",
       {{"rows", 5}, {"bad_date", 1}, {"future_date", 1}, {"orphan_customer", 0},
        {"missing_key", 1}, {"accepted", 2}}},
      {"PA_WARRANTY_DETAILS_VW",
       {{"rows", 8}, {"bad_date", 2}, {"future_date", 1}, {"orphan_customer", 1},
        {"end_before_start", 1}, {"unknown_status", 1}, {"accepted", 2}}},
  };
  EXPECT_EQ(RunLogCounts(db), expected);
  Counts returned;
  for (const RuleCount& c : result->rule_counts) returned[c.view][c.rule] = c.rows;
  EXPECT_EQ(returned, expected);
}

TEST(DirtyData, OfDuplicateOrderLinesTheEarliestDatedIsKeptWhateverTheReadOrder) {
  attrition::testing::TempDir dir;
  const std::string db = dir.File("dirty.db");
  ASSERT_TRUE(DirtySources().WriteTo(db).ok());
  FeatureOptions options;
  options.as_of = MonthFromYearMonth(2023, 6);
  ASSERT_TRUE(BuildFeatures("sqlite:" + db, options).ok());
  auto w = testing::OpenSqlite(db);
  const auto rows = testing::QueryRows(
      *w, "SELECT MONTH FROM PA_SALES_INTERMEDIATE_FEATURES WHERE CUSTOMER_ID = 'C2' "
          "ORDER BY rowid LIMIT 1");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "t:2023-01");  // O19's January copy, read after its March copy
}

TEST(DirtyData, BadDetailDatesAreWrittenAsNullNotRejected) {
  attrition::testing::TempDir dir;
  const std::string db = dir.File("dirty.db");
  ASSERT_TRUE(DirtySources().WriteTo(db).ok());
  FeatureOptions options;
  options.as_of = MonthFromYearMonth(2023, 6);
  ASSERT_TRUE(BuildFeatures("sqlite:" + db, options).ok());
  auto w = testing::OpenSqlite(db);
  EXPECT_EQ(testing::QueryRows(*w, "SELECT CUSTOMER_ID, BIRTH_DATE, INSULIN_START_DATE FROM "
                                   "PA_DEMO_INTERMEDIATE_FEATURES ORDER BY rowid"),
            (std::vector<std::vector<std::string>>{{"t:C1", "n:", "n:"},
                                                   {"t:C2", "t:1970-01-01", "t:2000-01-01"}}));
  const auto ages = testing::QueryRows(
      *w, "SELECT DISTINCT NUM_AGE, NUM_YEARS_ON_INSULIN FROM PA_MODELING_DATASET "
          "WHERE CUSTOMER_ID = 'C1'");
  EXPECT_EQ(ages, (std::vector<std::vector<std::string>>{{"n:", "n:"}}));
}

}  // namespace
}  // namespace attrition::features
