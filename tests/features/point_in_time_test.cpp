// Point-in-time correctness as a property (SPEC 4): for random sources and random months
// M, adding or changing source rows dated after M leaves every feature of every month
// <= M unchanged in every table; only labels (IS_ATTRITION_FLAG_C) may change.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "attrition/features.h"
#include "features/source_fixture.h"
#include "support/temp_dir.h"

namespace attrition::features {
namespace {

using testing::Int;
using testing::Text;
using testing::Value;
using Rows = std::vector<std::vector<std::string>>;

constexpr int kYear = 2020, kMonths = 48;
const Month kFirst = MonthFromYearMonth(kYear, 1);
const Month kAsOf = kFirst + kMonths - 1;

// The date column of each dated view (for warranties: the start, I2).
const std::map<std::string, int> kDateColumn = {
    {"PA_SALES_HISTORY_VW", 4},      {"PA_STARTRIGHT_DETAILS_VW", 2},
    {"PA_PATIENT_TOUCHPOINT_VW", 3}, {"PA_PATIENT_COMPLAINTS_VW", 3},
    {"PA_WARRANTY_DETAILS_VW", 4}};

class AfterMonthMutator {
 public:
  AfterMonthMutator(Month m, uint32_t seed) : cutoff_(LastDayOfMonth(m)), random_(seed) {}

  // Changes, deletes and adds rows dated after the cutoff, in every dated view.
  void Mutate(testing::SourceFixture* f) {
    for (auto& [name, column] : kDateColumn) {
      auto& rows = f->views().at(name).rows;
      std::vector<std::vector<Value>> kept;
      for (auto& row : rows) {
        if (!After(row[column])) {
          kept.push_back(row);
          continue;
        }
        if (Chance(0.2)) continue;  // deleted
        if (Chance(0.5)) Scramble(name, column, &row);
        kept.push_back(row);
        if (Chance(0.2)) {  // a copy (a duplicate key), dated anywhere after the cutoff
          kept.push_back(row);
          kept.back()[column] = LaterDate();
        }
      }
      rows = std::move(kept);
    }
    AddRows(f);
  }

 private:
  bool Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(random_) < p; }
  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random_); }

  bool After(const Value& v) const {
    const auto* text = std::get_if<std::string>(&v);
    if (text == nullptr) return false;
    const std::optional<Day> day = ParseIsoDate(*text);
    return day && *day > cutoff_;
  }
  Value LaterDate() {
    const Day last = LastDayOfMonth(kAsOf);
    return Text(FormatDay(cutoff_ + 1 + Uniform(0, last - cutoff_ - 1)));
  }
  Value Customer() { return Text("C-00" + std::to_string(Uniform(10, 99))); }  // C-0010..C-0099

  void Scramble(const std::string& view, int date_column, std::vector<Value>* row) {
    (*row)[date_column] = LaterDate();
    if (view == "PA_SALES_HISTORY_VW") {
      (*row)[5] = Int(Uniform(1, 4));     // PRODUCT_ID
      (*row)[6] = Int(Uniform(0, 5));     // QUANTITY
      (*row)[7] = Int(Chance(0.3));       // IS_RETURNED
    } else if (view == "PA_PATIENT_COMPLAINTS_VW") {
      (*row)[4] = Text(Chance(0.5) ? "Z101" : "R1");
    } else if (view == "PA_WARRANTY_DETAILS_VW") {
      (*row)[6] = Text(Chance(0.5) ? "E0002" : "INAC");
    }
  }

  void AddRows(testing::SourceFixture* f) {
    const auto& complaints = f->views().at("PA_PATIENT_COMPLAINTS_VW").rows;
    std::vector<std::vector<Value>> z101;
    for (int i = 0; i < 30 && !complaints.empty(); ++i) {
      auto row = complaints[Uniform(0, static_cast<int>(complaints.size()) - 1)];
      row[3] = LaterDate();
      row[4] = Text("Z101");  // a late harm line for an existing SVN
      z101.push_back(row);
    }
    for (auto& row : z101) f->Complaint(row[0], row[1], row[3], row[4]);
    const auto& sales = f->views().at("PA_SALES_HISTORY_VW").rows;
    for (int i = 0; i < 40 && !sales.empty(); ++i) {
      auto row = sales[Uniform(0, static_cast<int>(sales.size()) - 1)];  // same ORDER_ID+LINE_NO
      f->Sale(row[0], row[1], row[2], LaterDate(), row[5], row[6], row[7]);
    }
    for (int i = 0; i < 40; ++i) {
      f->Sale(Text("NEW-" + std::to_string(i)), Int(1), Customer(), LaterDate(), Int(Uniform(1, 4)));
      f->Touchpoint(Text("NEWT-" + std::to_string(i)), Customer(), LaterDate());
      f->Complaint(Text("NEWS-" + std::to_string(i)), Customer(), LaterDate(), Text("Z101"));
      f->Enrolment(Customer(), LaterDate());
      f->Warranty(Customer(), LaterDate(), Text("2030-01-01"));
    }
  }

  Day cutoff_;
  std::mt19937 random_;
};

// Every column but the label and the run metadata, for months <= m, in storage order.
Rows FeaturesUpTo(const std::string& db, const std::string& table, Month m) {
  auto w = testing::OpenSqlite(db);
  auto schema = w->DescribeTable(table);
  EXPECT_TRUE(schema.ok());
  std::string columns;
  for (const auto& c : *schema) {
    if (c.name == "IS_ATTRITION_FLAG_C" || c.name == "INGESTED_DATE" ||
        c.name == "UPDATED_DATE" || c.name == "STAGE") {
      continue;
    }
    columns += (columns.empty() ? "" : ", ") + c.name;
  }
  return testing::QueryRows(*w, "SELECT " + columns + " FROM " + table + " WHERE MONTH <= '" +
                                    FormatMonth(m) + "' ORDER BY rowid");
}

TEST(PointInTime, RowsDatedAfterAMonthNeverChangeAnyFeatureOfThatMonthOrBefore) {
  const char* tables[] = {"PA_SALES_INTERMEDIATE_FEATURES", "PA_STARTRIGHT_INTERMEDIATE_FEATURES",
                          "PA_TOUCHPOINT_INTERMEDIATE_FEATURES",
                          "PA_COMPLAINTS_INTERMEDIATE_FEATURES",
                          "PA_WARRANTY_INTERMEDIATE_FEATURES", "PA_MODELING_DATASET"};
  std::mt19937 random(2024);
  for (uint32_t seed = 1; seed <= 3; ++seed) {
    attrition::testing::TempDir dir;
    testing::RandomSourceOptions options;
    options.customers = 120;
    options.first_month_year = kYear;
    options.months = kMonths;
    options.seed = seed;
    const testing::SourceFixture base = testing::RandomSources(options);
    const std::string base_db = dir.File("base.db");
    ASSERT_TRUE(base.WriteTo(base_db).ok());
    FeatureOptions run;
    run.as_of = kAsOf;
    ASSERT_TRUE(BuildFeatures("sqlite:" + base_db, run).ok());
    for (int trial = 0; trial < 3; ++trial) {
      const Month m = kFirst + std::uniform_int_distribution<int>(6, kMonths - 3)(random);
      SCOPED_TRACE("seed " + std::to_string(seed) + ", M = " + FormatMonth(m));
      testing::SourceFixture changed = base;
      AfterMonthMutator(m, seed * 100 + trial).Mutate(&changed);
      const std::string changed_db = dir.File("changed" + std::to_string(trial) + ".db");
      ASSERT_TRUE(changed.WriteTo(changed_db).ok());
      ASSERT_TRUE(BuildFeatures("sqlite:" + changed_db, run).ok());
      for (const char* table : tables) {
        const Rows before = FeaturesUpTo(base_db, table, m);
        EXPECT_FALSE(before.empty()) << table;
        EXPECT_EQ(FeaturesUpTo(changed_db, table, m), before) << table;
      }
    }
  }
}

}  // namespace
}  // namespace attrition::features
