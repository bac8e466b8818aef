// What the views hold on a clean run: valid rows only, the planted effects, the id styles.
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

using testing::GenerateInto;
using testing::OpenSqlite;
using testing::ReadTable;
using testing::Table;

const Day kLastDay = DayFromCivil(2024, 12, 31);

class CleanViews : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new attrition::testing::TempDir();
    GenerateOptions options;
    options.customers = 3000;
    options.seed = 5;
    report_ = GenerateInto(dir_->File("clean.db"), options);
    warehouse_ = OpenSqlite(dir_->File("clean.db")).release();
  }
  static void TearDownTestSuite() {
    delete warehouse_;
    delete dir_;
  }
  static Table View(const std::string& name) { return ReadTable(*warehouse_, name); }
  static std::set<std::string> DetailCustomers() {
    const Table details = View("PA_PATIENT_DETAILS_VW");
    std::set<std::string> ids;
    for (const auto& row : details.rows) ids.insert(*row[0]);
    return ids;
  }

  static attrition::testing::TempDir* dir_;
  static warehouse::Warehouse* warehouse_;
  static GenerateReport report_;
};
attrition::testing::TempDir* CleanViews::dir_ = nullptr;
warehouse::Warehouse* CleanViews::warehouse_ = nullptr;
GenerateReport CleanViews::report_;

TEST_F(CleanViews, EveryDateParsesAndNoEventIsAfterTheLastMonth) {
  const std::map<std::string, std::vector<std::string>> dates = {
      {"PA_PATIENT_DETAILS_VW", {"BIRTH_DATE", "INSULIN_START_DATE", "PUMP_START_DATE"}},
      {"PA_SALES_HISTORY_VW", {"ORDER_DATE"}},
      {"PA_STARTRIGHT_DETAILS_VW", {"ENROLL_DATE", "COMPLETION_DATE"}},
      {"PA_PATIENT_TOUCHPOINT_VW", {"CREATED_DATE"}},
      {"PA_PATIENT_COMPLAINTS_VW", {"CREATED_DATE"}},
      {"PA_WARRANTY_DETAILS_VW", {"WARRANTY_START_DATE", "WARRANTY_END_DATE"}},
  };
  for (const auto& [view, columns] : dates) {
    const Table t = View(view);
    for (const std::string& column : columns) {
      const int c = t.Column(column);
      for (const auto& row : t.rows) {
        if (column == "COMPLETION_DATE" && !row[c]) continue;  // NULL until completed
        ASSERT_TRUE(row[c]) << view << "." << column << " is NULL";
        const auto day = ParseIsoDate(*row[c]);
        ASSERT_TRUE(day) << view << "." << column << " = '" << *row[c] << "'";
        if (column != "WARRANTY_END_DATE") {
          EXPECT_LE(*day, kLastDay) << view << "." << column;
        }
      }
    }
  }
}

TEST_F(CleanViews, EverySaleIsOfAKnownProductInAPositiveQuantityOnce) {
  std::set<std::string> products;
  for (const auto& row : View("PRODUCT").rows) products.insert(*row[0]);
  EXPECT_EQ(products.size(), 12u);
  const Table sales = View("PA_SALES_HISTORY_VW");
  std::set<std::pair<std::string, std::string>> keys;
  for (const auto& row : sales.rows) {
    EXPECT_TRUE(products.count(*row[sales.Column("PRODUCT_ID")])) << *row[5];
    EXPECT_GT(std::stoi(*row[sales.Column("QUANTITY")]), 0);
    EXPECT_TRUE(keys.insert({*row[0], *row[1]}).second) << "duplicate line " << *row[0];
  }
}

TEST_F(CleanViews, EveryCustomerOfEveryViewIsInTheDetailsView) {
  const std::set<std::string> customers = DetailCustomers();
  EXPECT_EQ(customers.size(), 3000u);
  for (const std::string& view : SourceViewNames()) {
    if (view == "PRODUCT" || view == "PA_PATIENT_DETAILS_VW") continue;
    const Table t = View(view);
    const int c = t.Column("CUSTOMER_ID");
    for (const auto& row : t.rows) ASSERT_TRUE(customers.count(*row[c])) << view << " " << *row[c];
  }
}

TEST_F(CleanViews, EveryTrainingStatusIsAKnownCodeAndMostAreActive) {
  const std::set<std::string> known = {"E0001", "E0002", "E0003", "E0004", "E0005",
                                       "E0006", "E0007", "INTR",  "ACT",   "INAC",
                                       "LOAN",  "MAL",   "PEND",  "RETU"};
  const Table w = View("PA_WARRANTY_DETAILS_VW");
  int active = 0;
  for (const auto& row : w.rows) {
    const std::string& status = *row[w.Column("TRAINING_STATUS")];
    EXPECT_TRUE(known.count(status)) << status;
    active += status == "E0002" || status == "ACT";
  }
  const double share = static_cast<double>(active) / w.rows.size();
  EXPECT_GT(share, 0.80);  // 90% of pumps are Active, less the malfunction replacements
  EXPECT_LT(share, 0.92);
}

TEST_F(CleanViews, NoFaultIsReported) {
  for (const ViewReport& v : report_.views) EXPECT_TRUE(v.faults.empty()) << v.view;
}

// Monthly rate at which customers stop ordering, by the value of a details column: the
// customers whose last non-returned consumable order is before 2024-07 (six silent months
// at the end), over the months from their first such order to their last (or 2024-06).
// The planted hazard's strongest terms must show in it.
std::map<std::string, double> StopRateBy(const Table& details, const Table& sales,
                                         const std::set<std::string>& startright,
                                         const std::string& attribute) {
  std::map<std::string, std::pair<Month, Month>> span;  // customer -> first, last month
  for (const auto& row : sales.rows) {
    const int product = std::stoi(*row[sales.Column("PRODUCT_ID")]);
    if (product < 10 || *row[sales.Column("IS_RETURNED")] == "1") continue;
    const Month m = MonthOfDay(*ParseIsoDate(*row[sales.Column("ORDER_DATE")]));
    auto [it, inserted] = span.try_emplace(*row[sales.Column("CUSTOMER_ID")], m, m);
    it->second.first = std::min(it->second.first, m);
    it->second.second = std::max(it->second.second, m);
  }
  const Month last_observed = MonthFromYearMonth(2024, 6);
  std::map<std::string, std::pair<int, int>> counts;  // value -> (stopped, months)
  for (const auto& row : details.rows) {
    const auto it = span.find(*row[0]);
    if (it == span.end()) continue;
    const std::string value = attribute == "STARTRIGHT" ? (startright.count(*row[0]) ? "1" : "0")
                                                        : *row[details.Column(attribute)];
    const auto [first, last] = it->second;
    counts[value].first += last <= last_observed;
    counts[value].second += std::min(last, last_observed) - first + 1;
  }
  std::map<std::string, double> rate;
  for (const auto& [value, c] : counts) rate[value] = static_cast<double>(c.first) / c.second;
  return rate;
}

TEST_F(CleanViews, PlantedEffectsShowInTheRateAtWhichCustomersStopOrdering) {
  const Table details = View("PA_PATIENT_DETAILS_VW");
  const Table sales = View("PA_SALES_HISTORY_VW");
  std::set<std::string> startright;
  for (const auto& row : View("PA_STARTRIGHT_DETAILS_VW").rows) startright.insert(*row[0]);
  // Auto-reorder -0.70, StartRight -0.45, State Medicaid +0.70 against Commercial.
  const auto by_auto = StopRateBy(details, sales, startright, "IS_AUTO_REORDER");
  EXPECT_LT(by_auto.at("1"), 0.75 * by_auto.at("0"))
      << "auto-reorder " << by_auto.at("1") << " vs others " << by_auto.at("0");
  const auto by_sr = StopRateBy(details, sales, startright, "STARTRIGHT");
  EXPECT_LT(by_sr.at("1"), 0.85 * by_sr.at("0"))
      << "StartRight " << by_sr.at("1") << " vs others " << by_sr.at("0");
  const auto by_payor = StopRateBy(details, sales, startright, "PAYOR_TYPE");
  EXPECT_GT(by_payor.at("State Medicaid"), 1.3 * by_payor.at("Commercial"))
      << "State Medicaid " << by_payor.at("State Medicaid") << " vs Commercial "
      << by_payor.at("Commercial");
}

TEST(AlnumIds, WriteTheSameRowsWithTextIdsAndNearMissOrphans) {
  attrition::testing::TempDir dir;
  GenerateOptions options;
  options.customers = 400;
  options.seed = 9;
  options.dirty = 0.05;
  GenerateInto(dir.File("numeric.db"), options);
  options.id_style = IdStyle::kAlnum;
  GenerateInto(dir.File("alnum.db"), options);
  auto numeric = OpenSqlite(dir.File("numeric.db"));
  auto alnum = OpenSqlite(dir.File("alnum.db"));
  for (const std::string& view : SourceViewNames()) {
    EXPECT_EQ(ReadTable(*numeric, view).rows.size(), ReadTable(*alnum, view).rows.size()) << view;
  }
  const Table n_details = ReadTable(*numeric, "PA_PATIENT_DETAILS_VW");
  const Table a_details = ReadTable(*alnum, "PA_PATIENT_DETAILS_VW");
  EXPECT_EQ(a_details.schema[0].type, warehouse::ColumnType::kText);
  EXPECT_EQ(*a_details.rows[0][0], "C-000" + *n_details.rows[0][0]);  // 'C-0001000001'
  std::set<std::string> kept;
  for (const auto& row : a_details.rows) kept.insert(*row[0]);

  const Table sales = ReadTable(*alnum, "PA_SALES_HISTORY_VW");
  int orphan_rows = 0;
  for (const auto& row : sales.rows) {
    EXPECT_EQ(row[0]->rfind("ORD-1", 0), 0u) << *row[0];
    const std::string& customer = *row[2];
    if (kept.count(customer)) continue;
    ++orphan_rows;
    // A near miss: equal to a kept id after trimming, case folding or dropping one zero.
    std::string folded = customer;
    for (char& c : folded) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    folded.erase(0, folded.find_first_not_of(' '));
    folded.erase(folded.find_last_not_of(' ') + 1);
    if (folded.size() == 13) folded.erase(2, 1);
    EXPECT_TRUE(kept.count(folded)) << "'" << customer << "' is not a near miss";
  }
  EXPECT_GT(orphan_rows, 0);
  std::set<std::string> products;
  for (const auto& row : ReadTable(*alnum, "PRODUCT").rows) products.insert(*row[0]);
  EXPECT_TRUE(products.count("P-PU-1"));
  EXPECT_TRUE(products.count("P-IS-10"));
  EXPECT_TRUE(products.count("P-SE-31"));
  const Table touchpoints = ReadTable(*alnum, "PA_PATIENT_TOUCHPOINT_VW");
  EXPECT_EQ(*touchpoints.rows[0][0], "TP-50000001");
}

}  // namespace
}  // namespace attrition::sources
