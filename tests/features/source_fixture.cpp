#include "features/source_fixture.h"

#include <gtest/gtest.h>

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <cstdio>

#include "attrition/calendar.h"

namespace attrition::features::testing {
namespace {

// Feature runs log their phases at info; keep the test output to failures.
[[maybe_unused]] const bool kQuietLogs = [] {
  spdlog::set_level(spdlog::level::warn);
  return true;
}();

const std::string kI = "INTEGER";
const std::string kT = "TEXT";

std::string Mrn(int64_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "MRN%08lld", static_cast<long long>(n));
  return buf;
}

void Bind(sqlite3_stmt* insert, int column, const Value& value) {
  if (const auto* i = std::get_if<int64_t>(&value)) {
    sqlite3_bind_int64(insert, column + 1, *i);
  } else if (const auto* r = std::get_if<double>(&value)) {
    sqlite3_bind_double(insert, column + 1, *r);
  } else if (const auto* s = std::get_if<std::string>(&value)) {
    sqlite3_bind_text(insert, column + 1, s->data(), static_cast<int>(s->size()),
                      SQLITE_TRANSIENT);
  } else {
    sqlite3_bind_null(insert, column + 1);
  }
}

Status Exec(sqlite3* db, const std::string& sql) {
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK) return Status::OK();
  return Status::IOError(sql + ": " + sqlite3_errmsg(db));
}

}  // namespace

SourceFixture::SourceFixture() {
  views_["PRODUCT"].schema = {{"PRODUCT_ID", kI},     {"PRODUCT_NAME", kT},
                              {"CATEGORY", kT},       {"MODEL", kT},
                              {"UNITS_PER_PACK", kI}, {"DAYS_PER_UNIT", kI}};
  views_["PA_PATIENT_DETAILS_VW"].schema = {
      {"CUSTOMER_ID", kT},    {"MRN", kT},
      {"BIRTH_DATE", kT},     {"STATE", kT},
      {"PAYOR_TYPE", kT},     {"DIAGNOSIS_TYPE", kT},
      {"INSULIN_START_DATE", kT}, {"IS_AUTO_REORDER", kI},
      {"LATEST_PRODUCT", kT}, {"PUMP_START_DATE", kT}};
  views_["PA_SALES_HISTORY_VW"].schema = {
      {"ORDER_ID", kT},   {"LINE_NO", kI},    {"CUSTOMER_ID", kT}, {"MRN", kT},
      {"ORDER_DATE", kT}, {"PRODUCT_ID", kI}, {"QUANTITY", kI},    {"IS_RETURNED", kI},
      {"CHANNEL", kT}};
  views_["PA_STARTRIGHT_DETAILS_VW"].schema = {{"CUSTOMER_ID", kT},
                                               {"MRN", kT},
                                               {"ENROLL_DATE", kT},
                                               {"COMPLETION_DATE", kT},
                                               {"STATUS", kT}};
  views_["PA_PATIENT_TOUCHPOINT_VW"].schema = {{"TOUCHPOINT_ID", kT},
                                               {"CUSTOMER_ID", kT},
                                               {"MRN", kT},
                                               {"CREATED_DATE", kT},
                                               {"TOUCHPOINT_TYPE", kT}};
  views_["PA_PATIENT_COMPLAINTS_VW"].schema = {{"SVN_NUMBER", kT},
                                               {"CUSTOMER_ID", kT},
                                               {"MRN", kT},
                                               {"CREATED_DATE", kT},
                                               {"REASON_CODE", kT}};
  views_["PA_WARRANTY_DETAILS_VW"].schema = {
      {"SERIAL_NUMBER", kT},       {"CUSTOMER_ID", kT},       {"MRN", kT},
      {"PRODUCT_MODEL_CATEGORY", kT}, {"WARRANTY_START_DATE", kT}, {"WARRANTY_END_DATE", kT},
      {"TRAINING_STATUS", kT}};
}

void SourceFixture::Add(const std::string& view, std::vector<Value> row) {
  views_.at(view).rows.push_back(std::move(row));
}

void SourceFixture::Product(Value id, std::string category, int64_t units,
                            int64_t days_per_unit) {
  Add("PRODUCT", {id, Text("product"), Text(category), Text("M"), Int(units), Int(days_per_unit)});
}

void SourceFixture::StandardProducts() {
  Product(Int(1), "PUMP", 1, 1);
  Product(Int(2), "INFUSION_SET", 10, 3);
  Product(Int(3), "RESERVOIR", 10, 3);
  Product(Int(4), "SENSOR", 5, 7);
}

void SourceFixture::Customer(Value id, Value birth, Value payor, Value diagnosis, Value insulin,
                             Value auto_reorder) {
  Add("PA_PATIENT_DETAILS_VW", {id, Text(Mrn(next_mrn_++)), birth, Text("MN"), payor, diagnosis,
                                insulin, auto_reorder, Text("780G"), Text("2019-01-01")});
}

void SourceFixture::Sale(Value order, Value line, Value customer, Value date, Value product,
                         Value quantity, Value returned) {
  Add("PA_SALES_HISTORY_VW",
      {order, line, customer, Text("MRN"), date, product, quantity, returned, Text("WEB")});
}

void SourceFixture::Enrolment(Value customer, Value date) {
  Add("PA_STARTRIGHT_DETAILS_VW", {customer, Text("MRN"), date, kNull, Text("In Progress")});
}

void SourceFixture::Touchpoint(Value id, Value customer, Value date) {
  Add("PA_PATIENT_TOUCHPOINT_VW", {id, customer, Text("MRN"), date, Text("CALL")});
}

void SourceFixture::Complaint(Value svn, Value customer, Value date, Value reason) {
  Add("PA_PATIENT_COMPLAINTS_VW", {svn, customer, Text("MRN"), date, reason});
}

void SourceFixture::Warranty(Value customer, Value start, Value end, Value status) {
  static int64_t serial = 0;
  Add("PA_WARRANTY_DETAILS_VW", {Text("NG" + std::to_string(++serial)), customer, Text("MRN"),
                                 Text("INSULIN PUMP 780G"), start, end, status});
}

Status SourceFixture::WriteTo(const std::string& path) const {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    sqlite3_close(db);
    return Status::IOError("cannot open " + path);
  }
  Status status = Exec(db, "BEGIN");
  for (auto it = views_.begin(); status.ok() && it != views_.end(); ++it) {
    const auto& [name, view] = *it;
    std::string create = "CREATE TABLE " + name + " (", insert = "INSERT INTO " + name + " VALUES (";
    for (size_t i = 0; i < view.schema.size(); ++i) {
      create += (i ? ", " : "") + view.schema[i].first + " " + view.schema[i].second;
      insert += i ? ", ?" : "?";
    }
    status = Exec(db, create + ")");
    sqlite3_stmt* stmt = nullptr;
    if (status.ok() && sqlite3_prepare_v2(db, (insert + ")").c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      status = Status::IOError(sqlite3_errmsg(db));
    }
    for (size_t r = 0; status.ok() && r < view.rows.size(); ++r) {
      for (size_t i = 0; i < view.rows[r].size(); ++i) Bind(stmt, static_cast<int>(i), view.rows[r][i]);
      if (sqlite3_step(stmt) != SQLITE_DONE) status = Status::IOError(sqlite3_errmsg(db));
      sqlite3_reset(stmt);
    }
    sqlite3_finalize(stmt);
  }
  if (status.ok()) status = Exec(db, "COMMIT");
  sqlite3_close(db);
  return status;
}

std::unique_ptr<warehouse::Warehouse> OpenSqlite(const std::string& path) {
  auto w = warehouse::Warehouse::Open("sqlite:" + path);
  EXPECT_TRUE(w.ok()) << w.status().ToString();
  return w.ok() ? std::move(*w) : nullptr;
}

std::vector<std::vector<std::string>> QueryRows(warehouse::Warehouse& warehouse,
                                                const std::string& sql) {
  std::vector<std::vector<std::string>> rows;
  auto cursor = warehouse.Query(sql);
  EXPECT_TRUE(cursor.ok()) << cursor.status().ToString();
  if (!cursor.ok()) return rows;
  while (true) {
    auto more = (*cursor)->Next();
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    std::vector<std::string>& row = rows.emplace_back();
    for (int i = 0; i < (*cursor)->ColumnCount(); ++i) {
      static constexpr char kKind[] = {'n', 'i', 'r', 't'};
      row.push_back(std::string(1, kKind[static_cast<int>((*cursor)->Kind(i))]) + ":" +
                    std::string((*cursor)->Text(i)));
    }
  }
  return rows;
}

}  // namespace attrition::features::testing
