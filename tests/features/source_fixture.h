// Source views written row by row into a real SQLite file, for feature tests that need
// exact control of every value (a NULL date, an INTEGER id, a duplicate line), plus a
// seeded random generator of plausible (and some dirty) customers for property tests.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include "attrition/status.h"
#include "attrition/warehouse.h"

namespace attrition::features::testing {

// A SQL value: NULL, INTEGER, REAL or TEXT.
using Value = std::variant<std::monostate, int64_t, double, std::string>;
inline const Value kNull = std::monostate{};
inline Value Int(int64_t v) { return v; }
inline Value Real(double v) { return v; }
inline Value Text(std::string v) { return v; }

// One view: its columns with their declared SQL types ("" = no type, so each value keeps
// the storage class it is given, as in an extract of mixed types) and its rows.
struct View {
  std::vector<std::pair<std::string, std::string>> schema;  // name, declared type
  std::vector<std::vector<Value>> rows;
};

// The seven source views (SPEC 3), with the column types gen.py declares.
class SourceFixture {
 public:
  SourceFixture();

  // Rows in the column order of SPEC 3.
  void Product(Value id, std::string category, int64_t units, int64_t days_per_unit);
  void Customer(Value id, Value birth = Text("1970-01-01"), Value payor = Text("Commercial"),
                Value diagnosis = Text("TYPE 1"), Value insulin = Text("2000-01-01"),
                Value auto_reorder = Int(0));
  void Sale(Value order, Value line, Value customer, Value date, Value product,
            Value quantity = Int(1), Value returned = Int(0));
  void Enrolment(Value customer, Value date);
  void Touchpoint(Value id, Value customer, Value date);
  void Complaint(Value svn, Value customer, Value date, Value reason = Text("R100"));
  void Warranty(Value customer, Value start, Value end, Value status = Text("E0002"));

  // Four products: 1 PUMP, 2 INFUSION_SET (10 units x 3 days), 3 RESERVOIR, 4 SENSOR.
  void StandardProducts();

  std::map<std::string, View>& views() { return views_; }
  const std::map<std::string, View>& views() const { return views_; }

  // Creates every view in the SQLite file at `path` (which must not hold them yet), with
  // the sqlite3 API directly so that declared types are exactly the fixture's.
  Status WriteTo(const std::string& path) const;

 private:
  void Add(const std::string& view, std::vector<Value> row);
  std::map<std::string, View> views_;
  int64_t next_mrn_ = 1;
};

struct RandomSourceOptions {
  int customers = 200;
  int first_month_year = 2020;  // data from January of this year ...
  int months = 48;              // ... for this many months
  double dirty = 0.02;          // share of rows with a fault
  uint32_t seed = 1;
};

// Plausible sources: customers ordering consumables on a rhythm, returns, touchpoints,
// complaints of several lines (some with a late Z101), warranties with mixed statuses,
// StartRight enrolments; `dirty` of the rows get a bad date, a duplicate, a negative
// quantity, an unknown product or an orphan customer. Ids are text ('C-0001', 'O-17').
SourceFixture RandomSources(const RandomSourceOptions& options);

// Opens the SQLite file at `path` as a warehouse; fails the calling test on error.
std::unique_ptr<warehouse::Warehouse> OpenSqlite(const std::string& path);

// Every row of `sql`, each value as "kind:text" (kind n/i/r/t), for exact comparisons.
std::vector<std::vector<std::string>> QueryRows(warehouse::Warehouse& warehouse,
                                                const std::string& sql);

}  // namespace attrition::features::testing
