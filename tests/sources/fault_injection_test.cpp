// --dirty: every fault kind of SPEC 3 is in the views, at about its rate, and the report
// counts exactly what the tables hold.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "attrition/calendar.h"
#include "attrition/sources.h"
#include "sources/generated_tables.h"
#include "support/temp_dir.h"

namespace attrition::sources {
namespace {

using testing::Cell;
using testing::GenerateInto;
using testing::OpenSqlite;
using testing::ReadTable;
using testing::Table;

constexpr double kRate = 0.05;
constexpr int64_t kCustomers = 3000;
const Day kLastDay = DayFromCivil(2024, 12, 31);

// What a reader finds wrong with a date cell.
std::string DateFault(const Cell& cell) {
  if (!cell) return "null_date";
  const auto day = ParseIsoDate(*cell);
  if (!day) return "unparseable_date";
  return *day > kLastDay ? "future_date" : "";
}

class DirtyViews : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new attrition::testing::TempDir();
    GenerateOptions options;
    options.customers = kCustomers;
    options.seed = 17;
    options.dirty = kRate;
    report_ = GenerateInto(dir_->File("dirty.db"), options);
    warehouse_ = OpenSqlite(dir_->File("dirty.db")).release();
    for (const auto& row : ReadTable(*warehouse_, "PA_PATIENT_DETAILS_VW").rows) {
      kept_.insert(*row[0]);
    }
  }
  static void TearDownTestSuite() {
    delete warehouse_;
    delete dir_;
  }

  // Counts the date faults of `column` and the orphan rows of `view` as a reader sees them.
  static std::map<std::string, int64_t> ObservedDateFaults(const std::string& view,
                                                           const std::string& column) {
    const Table t = ReadTable(*warehouse_, view);
    std::map<std::string, int64_t> seen;
    for (const auto& row : t.rows) {
      const std::string fault = DateFault(row[t.Column(column)]);
      if (!fault.empty()) ++seen[fault];
      if (!kept_.count(*row[t.Column("CUSTOMER_ID")])) ++seen["orphan_customer"];
    }
    return seen;
  }

  // REQUIRES: `count` is within `tolerance` (relative) of expected_rate * rows.
  static void ExpectRate(const std::string& what, int64_t count, int64_t rows, double expected_rate,
                         double tolerance) {
    const double expected = expected_rate * rows;
    EXPECT_GT(count, expected * (1 - tolerance)) << what << ": " << count << " of " << rows;
    EXPECT_LT(count, expected * (1 + tolerance)) << what << ": " << count << " of " << rows;
  }

  static attrition::testing::TempDir* dir_;
  static warehouse::Warehouse* warehouse_;
  static GenerateReport report_;
  static std::set<std::string> kept_;
};
attrition::testing::TempDir* DirtyViews::dir_ = nullptr;
warehouse::Warehouse* DirtyViews::warehouse_ = nullptr;
GenerateReport DirtyViews::report_;
std::set<std::string> DirtyViews::kept_;

TEST_F(DirtyViews, SalesHoldEverySalesFaultAtAboutASixthOfTheRate) {
  const Table sales = ReadTable(*warehouse_, "PA_SALES_HISTORY_VW");
  std::set<std::string> products;
  for (const auto& row : ReadTable(*warehouse_, "PRODUCT").rows) products.insert(*row[0]);
  std::map<std::string, int64_t> seen;
  for (size_t i = 0; i < sales.rows.size(); ++i) {
    const auto& row = sales.rows[i];
    const std::string date_fault = DateFault(row[sales.Column("ORDER_DATE")]);
    if (!date_fault.empty()) ++seen[date_fault];
    if (!products.count(*row[sales.Column("PRODUCT_ID")])) ++seen["unknown_product"];
    if (std::stoi(*row[sales.Column("QUANTITY")]) < 0) ++seen["negative_quantity"];
    if (i > 0 && row == sales.rows[i - 1]) ++seen["duplicate_line"];
    if (!kept_.count(*row[sales.Column("CUSTOMER_ID")])) ++seen["orphan_customer"];
  }
  const ViewReport& report = report_.View("PA_SALES_HISTORY_VW");
  EXPECT_EQ(report.faults, seen);
  const int64_t rows = report.rows;
  EXPECT_EQ(rows, static_cast<int64_t>(sales.rows.size()));
  // Six kinds at RATE/6 each; one junk form in seven is a NULL.
  ExpectRate("null_date", seen["null_date"], rows, kRate / 6 * 8 / 7, 0.25);
  ExpectRate("unparseable_date", seen["unparseable_date"], rows, kRate / 6 * 6 / 7, 0.25);
  for (const char* kind :
       {"future_date", "unknown_product", "negative_quantity", "duplicate_line"}) {
    ExpectRate(kind, seen[kind], rows, kRate / 6, 0.25);
  }
  ExpectRate("orphan_customer", seen["orphan_customer"], rows, kRate, 0.4);
}

TEST_F(DirtyViews, DetailsLoseRateOfTheCustomersAndGarbleHalfRateOfTheirDates) {
  const ViewReport& report = report_.View("PA_PATIENT_DETAILS_VW");
  EXPECT_EQ(report.faults.at("dropped_customer"), 150);  // round(0.05 * 3000)
  EXPECT_EQ(report.rows, kCustomers - 150);
  const Table details = ReadTable(*warehouse_, "PA_PATIENT_DETAILS_VW");
  std::map<std::string, int64_t> seen;
  for (const auto& row : details.rows) {
    for (const char* column : {"BIRTH_DATE", "INSULIN_START_DATE"}) {
      const std::string fault = DateFault(row[details.Column(column)]);
      ASSERT_NE(fault, "future_date");
      if (fault.empty()) continue;
      std::string name = column;
      for (char& c : name) c = static_cast<char>(std::tolower(c));
      ++seen[fault.substr(0, fault.find('_')) + "_" + name];
    }
  }
  seen["dropped_customer"] = 150;
  EXPECT_EQ(report.faults, seen);
  ExpectRate("birth dates", seen["null_birth_date"] + seen["unparseable_birth_date"], report.rows,
             kRate / 2, 0.4);
  ExpectRate("insulin start dates",
             seen["null_insulin_start_date"] + seen["unparseable_insulin_start_date"], report.rows,
             kRate / 2, 0.4);
}

TEST_F(DirtyViews, EventViewsHoldNullUnparseableAndFutureDatesAtAThirdOfTheRateEach) {
  const std::map<std::string, std::string> views = {
      {"PA_STARTRIGHT_DETAILS_VW", "ENROLL_DATE"},
      {"PA_PATIENT_TOUCHPOINT_VW", "CREATED_DATE"},
      {"PA_PATIENT_COMPLAINTS_VW", "CREATED_DATE"},
  };
  for (const auto& [view, column] : views) {
    const ViewReport& report = report_.View(view);
    auto seen = ObservedDateFaults(view, column);
    EXPECT_EQ(report.faults, seen) << view;
    const int64_t faults = seen["null_date"] + seen["unparseable_date"] + seen["future_date"];
    ExpectRate(view, faults, report.rows, kRate, 0.35);
    EXPECT_GT(seen["null_date"], 0) << view;
    EXPECT_GT(seen["unparseable_date"], 0) << view;
    EXPECT_GT(seen["future_date"], 0) << view;
  }
}

TEST_F(DirtyViews, WarrantiesHoldUnknownStatusesAndBadDates) {
  const std::set<std::string> known = {"E0001", "E0002", "E0003", "E0004", "E0005",
                                       "E0006", "E0007", "INTR",  "ACT",   "INAC",
                                       "LOAN",  "MAL",   "PEND",  "RETU"};
  const Table w = ReadTable(*warehouse_, "PA_WARRANTY_DETAILS_VW");
  std::map<std::string, int64_t> seen;
  for (const auto& row : w.rows) {
    if (!known.count(*row[w.Column("TRAINING_STATUS")])) ++seen["unknown_status"];
    for (const char* column : {"WARRANTY_START_DATE", "WARRANTY_END_DATE"}) {
      const std::string fault = DateFault(row[w.Column(column)]);
      // An end date after the last month is normal; only a start date is a future fault.
      if (!fault.empty() && (fault != "future_date" || column[9] == 'S')) ++seen[fault];
    }
    if (!kept_.count(*row[w.Column("CUSTOMER_ID")])) ++seen["orphan_customer"];
  }
  const ViewReport& report = report_.View("PA_WARRANTY_DETAILS_VW");
  EXPECT_EQ(report.faults, seen);
  ExpectRate("unknown_status", seen["unknown_status"], report.rows, kRate / 4, 0.5);
  ExpectRate("future_date", seen["future_date"], report.rows, kRate / 4, 0.5);
  ExpectRate("junk dates", seen["null_date"] + seen["unparseable_date"], report.rows, kRate / 2,
             0.4);
}

}  // namespace
}  // namespace attrition::sources
