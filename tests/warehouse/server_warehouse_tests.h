// Behaviour every server backend (PostgreSQL through libpq, PostgreSQL through ODBC) must
// show against a real PostgreSQL. Included by postgres_warehouse_test.cpp and
// odbc_warehouse_test.cpp, each of which instantiates ServerWarehouseTest with its URL.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "attrition/warehouse.h"
#include "support/postgres_server.h"

namespace attrition::warehouse {

// How a backend opens the PostgreSQL whose superuser URL is `base_url`, with search_path
// set to `schema`.
struct ServerBackend {
  std::string name;
  std::function<Result<std::unique_ptr<Warehouse>>(const std::string& base_url,
                                                   const std::string& schema)>
      open;
  // False when DDL runs outside the transaction (a staging table is swapped in at
  // Commit): then tables and _HIST created by a rolled-back transaction remain, empty.
  bool transactional_ddl = true;
};

inline void PrintTo(const ServerBackend& backend, std::ostream* out) { *out << backend.name; }

inline std::string PrintBackend(const ::testing::TestParamInfo<ServerBackend>& info) {
  return info.param.name;
}

const Schema kServerSchema = {
    {"ID", ColumnType::kText}, {"N", ColumnType::kInteger}, {"X", ColumnType::kReal}};

// Resident memory of this process in bytes.
inline int64_t ResidentBytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6)) * 1024;
  }
  return 0;
}

inline double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Replaces `table` by rows C-first.. with N = i and X = i/4 (NULL when i % 3 == 0).
inline void WriteServerRows(Warehouse& w, const std::string& table, int first, int count,
                            bool keep_history) {
  auto txn = w.Begin();
  ASSERT_TRUE(txn.ok()) << txn.status().ToString();
  auto writer = (*txn)->ReplaceTable(table, kServerSchema, {.keep_history = keep_history});
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  for (int i = first; i < first + count; ++i) {
    (*writer)->SetText(0, "C-" + std::to_string(i));
    (*writer)->SetInteger(1, i);
    (*writer)->SetReal(2, i % 3 == 0 ? std::nan("") : i / 4.0);
    ASSERT_TRUE((*writer)->EndRow().ok());
  }
  ASSERT_TRUE((*writer)->Finish().ok());
  writer->reset();
  Status committed = (*txn)->Commit();
  ASSERT_TRUE(committed.ok()) << committed.ToString();
}

// Rows of `table` as "ID|N|X" in ID order.
inline std::vector<std::string> ReadServerRows(Warehouse& w, const std::string& table) {
  auto cursor = w.Query("SELECT ID, N, X FROM " + table + " ORDER BY N");
  EXPECT_TRUE(cursor.ok()) << cursor.status().ToString();
  std::vector<std::string> rows;
  if (!cursor.ok()) return rows;
  while (true) {
    auto more = (*cursor)->Next();
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    std::string row((*cursor)->Text(0));
    row += "|" + std::to_string((*cursor)->Integer(1)) + "|";
    row += (*cursor)->Kind(2) == ValueKind::kNull ? "NULL" : std::string((*cursor)->Text(2));
    rows.push_back(row);
  }
  return rows;
}

inline int64_t CountServerRows(Warehouse& w, const std::string& table) {
  auto cursor = w.Query("SELECT COUNT(*) FROM " + table);
  EXPECT_TRUE(cursor.ok()) << cursor.status().ToString();
  if (!cursor.ok()) return -1;
  auto more = (*cursor)->Next();
  EXPECT_TRUE(more.ok() && *more);
  EXPECT_EQ((*cursor)->Kind(0), ValueKind::kInteger);
  return (*cursor)->Integer(0);
}

class ServerWarehouseTest : public ::testing::TestWithParam<ServerBackend> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(testing::PostgresEnvironment::IsUp()) << testing::PostgresEnvironment::Error();
    schema_ = std::make_unique<testing::PostgresSchema>(testing::PostgresEnvironment::BaseUrl());
    w_ = Open();
    ASSERT_NE(w_, nullptr);
  }

  std::unique_ptr<Warehouse> Open() {
    auto w = GetParam().open(testing::PostgresEnvironment::BaseUrl(), schema_->name());
    EXPECT_TRUE(w.ok()) << w.status().ToString();
    return w.ok() ? std::move(w).value() : nullptr;
  }

  std::unique_ptr<testing::PostgresSchema> schema_;
  std::unique_ptr<Warehouse> w_;
};

TEST_P(ServerWarehouseTest, RoundTripsEveryTypeIncludingNullNanAndAwkwardText) {
  const Schema schema = {{"ID", ColumnType::kText},
                         {"N", ColumnType::kInteger},
                         {"X", ColumnType::kReal},
                         {"S", ColumnType::kText}};
  const double kNan = std::nan(""), kInf = std::numeric_limits<double>::infinity();
  struct Row {
    int64_t n;
    bool n_null;
    double x;
    const char* s;  // null for NULL
  };
  const std::vector<Row> rows = {
      {0, false, 0.0, ""},
      {std::numeric_limits<int64_t>::max(), false, 0.1, "tab\there"},
      {std::numeric_limits<int64_t>::min(), false, -1e300, "line\nbreak\r\nCRLF"},
      {-1, false, kNan, "back\\slash \\N \\. \\t end\\"},
      {0, true, kInf, "quotes ' '' \" `; DROP TABLE T; --"},
      {42, false, -kInf, "unicode: \xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x99\x82"},
      {7, false, 1.0 / 3, nullptr},
      {8, false, 1e-300, "\\N"},
  };
  {
    auto txn = w_->Begin();
    ASSERT_TRUE(txn.ok()) << txn.status().ToString();
    auto writer = (*txn)->ReplaceTable("TYPES", schema, {});
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    for (size_t i = 0; i < rows.size(); ++i) {
      (*writer)->SetText(0, "r" + std::to_string(i));
      if (!rows[i].n_null) (*writer)->SetInteger(1, rows[i].n);
      (*writer)->SetReal(2, rows[i].x);
      if (rows[i].s) (*writer)->SetText(3, rows[i].s);
      ASSERT_TRUE((*writer)->EndRow().ok());
    }
    ASSERT_TRUE((*writer)->Finish().ok());
    writer->reset();
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  auto cursor = w_->Scan("TYPES", {"ID", "N", "X", "S"});
  ASSERT_TRUE(cursor.ok()) << cursor.status().ToString();
  ASSERT_EQ((*cursor)->ColumnCount(), 4);
  std::vector<std::string> ids;
  for (size_t i = 0;; ++i) {
    auto more = (*cursor)->Next();
    ASSERT_TRUE(more.ok()) << more.status().ToString();
    if (!*more) break;
    ASSERT_LT(i, rows.size());
    // Rows come back in the order written (a fresh heap table, one scan).
    const Row& row = rows[i];
    RowCursor& c = **cursor;
    EXPECT_EQ(c.Text(0), "r" + std::to_string(i));
    if (row.n_null) {
      EXPECT_EQ(c.Kind(1), ValueKind::kNull);
      EXPECT_EQ(c.Text(1), "");
    } else {
      EXPECT_EQ(c.Kind(1), ValueKind::kInteger);
      EXPECT_EQ(c.Integer(1), row.n);
      EXPECT_EQ(c.Text(1), std::to_string(row.n));
    }
    if (std::isnan(row.x)) {
      EXPECT_EQ(c.Kind(2), ValueKind::kNull) << "NaN is written as NULL";
    } else {
      EXPECT_EQ(c.Kind(2), ValueKind::kReal);
      EXPECT_EQ(c.Real(2), row.x) << "row " << i << " text " << c.Text(2);
    }
    if (row.s == nullptr) {
      EXPECT_EQ(c.Kind(3), ValueKind::kNull);
    } else {
      EXPECT_EQ(c.Kind(3), ValueKind::kText) << "row " << i;
      EXPECT_EQ(c.Text(3), row.s) << "row " << i;
    }
    ids.emplace_back(c.Text(0));
  }
  EXPECT_EQ(ids.size(), rows.size());

  auto described = w_->DescribeTable("types");
  ASSERT_TRUE(described.ok()) << described.status().ToString();
  ASSERT_EQ(described->size(), 4u);
  for (size_t i = 0; i < schema.size(); ++i) {
    EXPECT_EQ((*described)[i].name, schema[i].name);
    EXPECT_EQ((*described)[i].type, schema[i].type);
  }
}

TEST_P(ServerWarehouseTest, TextOfANumberIsItsDecimalFormAndSumsOfIntegersAreIntegers) {
  WriteServerRows(*w_, "T", 1000001, 2, false);
  auto cursor = w_->Query("SELECT N, ID, SUM(N) OVER (), X FROM T ORDER BY N");
  ASSERT_TRUE(cursor.ok()) << cursor.status().ToString();
  ASSERT_TRUE(*(*cursor)->Next());
  EXPECT_EQ((*cursor)->Kind(0), ValueKind::kInteger);
  EXPECT_EQ((*cursor)->Text(0), "1000001");
  EXPECT_EQ((*cursor)->Kind(1), ValueKind::kText);
  EXPECT_EQ((*cursor)->Kind(2), ValueKind::kInteger);
  EXPECT_EQ((*cursor)->Integer(2), 2000003);
  EXPECT_EQ((*cursor)->Kind(3), ValueKind::kReal);
  EXPECT_EQ((*cursor)->Text(3), "250000.25");
  EXPECT_EQ((*cursor)->Real(3), 250000.25);
}

TEST_P(ServerWarehouseTest, UpperAndLowerCaseNamesMeanTheSameTable) {
  WriteServerRows(*w_, "PA_UPPER", 1, 3, false);
  EXPECT_TRUE(*w_->TableExists("PA_UPPER"));
  EXPECT_TRUE(*w_->TableExists("pa_upper"));
  EXPECT_EQ(CountServerRows(*w_, "pa_upper"), 3);
  EXPECT_EQ(CountServerRows(*w_, "PA_UPPER"), 3);
  auto cursor = w_->Scan("pa_Upper", {"id", "N"});
  ASSERT_TRUE(cursor.ok()) << cursor.status().ToString();
  auto schema = w_->DescribeTable("pa_upper");
  ASSERT_TRUE(schema.ok());
  EXPECT_EQ((*schema)[0].name, "ID") << "names are reported in upper case";
}

TEST_P(ServerWarehouseTest, ReplaceKeepsThePreviousRowsInHist) {
  WriteServerRows(*w_, "T", 1, 3, true);
  WriteServerRows(*w_, "T", 10, 2, true);
  WriteServerRows(*w_, "T", 20, 5, true);
  EXPECT_EQ(CountServerRows(*w_, "T"), 5);
  EXPECT_EQ(CountServerRows(*w_, "T_HIST"), 3 + 2);
  EXPECT_EQ(ReadServerRows(*w_, "T").front(), "C-20|20|5");
  WriteServerRows(*w_, "T", 30, 1, false);
  EXPECT_EQ(CountServerRows(*w_, "T_HIST"), 3 + 2) << "keep_history = false";
}

TEST_P(ServerWarehouseTest, HistGainsColumnsTheTableGained) {
  WriteServerRows(*w_, "T", 1, 2, true);
  WriteServerRows(*w_, "T", 1, 2, true);  // T_HIST now has ID, N, X
  {
    auto txn = w_->Begin();
    Schema wider = kServerSchema;
    wider.push_back({"EXTRA", ColumnType::kText});
    auto writer = (*txn)->ReplaceTable("T", wider, {});
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    (*writer)->SetText(0, "Z");
    (*writer)->SetText(3, "e");
    ASSERT_TRUE((*writer)->EndRow().ok());
    ASSERT_TRUE((*writer)->Finish().ok());
    writer->reset();
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  WriteServerRows(*w_, "T", 1, 1, true);  // copies the wide row into T_HIST
  auto cursor = w_->Query("SELECT COUNT(*) FROM T_HIST WHERE EXTRA = 'e'");
  ASSERT_TRUE(cursor.ok()) << cursor.status().ToString();
  ASSERT_TRUE(*(*cursor)->Next());
  EXPECT_EQ((*cursor)->Integer(0), 1);
}

TEST_P(ServerWarehouseTest, AnUncommittedTransactionChangesNothing) {
  WriteServerRows(*w_, "T", 1, 3, true);
  {
    auto txn = w_->Begin();
    ASSERT_TRUE(txn.ok());
    auto writer = (*txn)->ReplaceTable("T", kServerSchema, {});
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    for (int i = 0; i < 50000; ++i) {  // enough to be flushed to the server
      (*writer)->SetText(0, "lost");
      ASSERT_TRUE((*writer)->EndRow().ok());
    }
    ASSERT_TRUE((*writer)->Finish().ok());
    auto appended = (*txn)->AppendRows("NEW_TABLE", kServerSchema);
    ASSERT_TRUE(appended.ok()) << appended.status().ToString();
    ASSERT_TRUE((*txn)->ArchiveRows("T", "ID", {"C-1"}).ok());
  }  // destroyed without Commit
  EXPECT_EQ(CountServerRows(*w_, "T"), 3);
  if (GetParam().transactional_ddl) {
    EXPECT_FALSE(*w_->TableExists("T_HIST"));
    EXPECT_FALSE(*w_->TableExists("NEW_TABLE"));
  } else {
    EXPECT_EQ(CountServerRows(*w_, "T_HIST"), 0);
    EXPECT_EQ(CountServerRows(*w_, "NEW_TABLE"), 0);
    EXPECT_FALSE(*w_->TableExists("T__ATTRITION_NEW")) << "the staging table is dropped";
  }
  // The warehouse stays usable.
  WriteServerRows(*w_, "T", 5, 1, true);
  EXPECT_EQ(CountServerRows(*w_, "T_HIST"), 3);
}

TEST_P(ServerWarehouseTest, ArchiveRowsMovesMatchingRowsToHist) {
  WriteServerRows(*w_, "T", 1, 5, false);
  auto txn = w_->Begin();
  ASSERT_TRUE((*txn)->ArchiveRows("T", "ID", {"C-2", "C-4", "C-9", "it's \"odd\"\\"}).ok());
  ASSERT_TRUE((*txn)->ArchiveRows("T", "N", {"5"}).ok()) << "compared as text";
  ASSERT_TRUE((*txn)->ArchiveRows("MISSING", "ID", {"x"}).ok()) << "no table, nothing to move";
  ASSERT_TRUE((*txn)->Commit().ok());
  EXPECT_EQ(ReadServerRows(*w_, "T"), (std::vector<std::string>{"C-1|1|0.25", "C-3|3|NULL"}));
  EXPECT_EQ(CountServerRows(*w_, "T_HIST"), 3);
}

TEST_P(ServerWarehouseTest, AppendRowsCreatesTheTableThenAppends) {
  for (int round = 0; round < 2; ++round) {
    auto txn = w_->Begin();
    auto writer = (*txn)->AppendRows("LOG", kServerSchema);
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    (*writer)->SetText(0, "x");
    (*writer)->SetInteger(1, round);
    ASSERT_TRUE((*writer)->EndRow().ok());
    ASSERT_TRUE((*writer)->Finish().ok());
    writer->reset();
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  EXPECT_EQ(CountServerRows(*w_, "LOG"), 2);
}

TEST_P(ServerWarehouseTest, MissingTableAndColumnAreNotFoundByName) {
  auto missing = w_->Scan("NOPE", {"A"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
  EXPECT_EQ(missing.status().message(), "table NOPE does not exist in " + w_->Describe());
  auto described = w_->DescribeTable("NOPE");
  ASSERT_FALSE(described.ok());
  EXPECT_EQ(described.status().message(), "table NOPE does not exist in " + w_->Describe());
  EXPECT_FALSE(*w_->TableExists("NOPE"));

  WriteServerRows(*w_, "T", 1, 1, false);
  auto column = w_->Scan("T", {"ID", "NOPE"});
  ASSERT_FALSE(column.ok());
  EXPECT_EQ(column.status().code(), Status::Code::kNotFound);
  EXPECT_EQ(column.status().message(),
            "reading table T: no such column: NOPE in " + w_->Describe());

  auto query = w_->Query("SELECT * FROM NOPE");
  ASSERT_FALSE(query.ok());
  EXPECT_EQ(query.status().code(), Status::Code::kNotFound);
  EXPECT_NE(query.status().message().find("nope"), std::string::npos) << query.status().message();
}

TEST_P(ServerWarehouseTest, ReadsAndWritesInterleaveInOneTransaction) {
  WriteServerRows(*w_, "SRC", 1, 25000, false);
  auto txn = w_->Begin();
  ASSERT_TRUE(txn.ok());
  auto writer = (*txn)->ReplaceTable("DST", kServerSchema, {});
  ASSERT_TRUE(writer.ok());
  auto a = w_->Scan("SRC", {"ID", "N"});
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  auto b = w_->Query("SELECT N FROM SRC ORDER BY N DESC");
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  int64_t rows = 0;
  while (true) {
    auto more = (*a)->Next();
    ASSERT_TRUE(more.ok()) << more.status().ToString();
    if (!*more) break;
    auto more_b = (*b)->Next();
    ASSERT_TRUE(more_b.ok() && *more_b);
    (*writer)->SetText(0, (*a)->Text(0));
    (*writer)->SetInteger(1, (*a)->Integer(1) + (*b)->Integer(0));
    ASSERT_TRUE((*writer)->EndRow().ok());
    ++rows;
  }
  EXPECT_EQ(rows, 25000);
  ASSERT_TRUE((*writer)->Finish().ok());
  a->reset();
  b->reset();
  writer->reset();
  // The transaction reads its own writes.
  EXPECT_EQ(CountServerRows(*w_, GetParam().transactional_ddl ? "DST" : "DST__ATTRITION_NEW"),
            25000);
  ASSERT_TRUE((*txn)->Commit().ok());
  auto check = w_->Query("SELECT MIN(N), MAX(N) FROM DST");
  ASSERT_TRUE(check.ok() && *(*check)->Next());
  EXPECT_EQ((*check)->Integer(0), 25001);
  EXPECT_EQ((*check)->Integer(1), 25001);
}

TEST_P(ServerWarehouseTest, QueryRunsStatementsThatReturnNoRows) {
  WriteServerRows(*w_, "T", 1, 4, false);
  auto deleted = w_->Query("DELETE FROM T WHERE N > 2");
  ASSERT_TRUE(deleted.ok()) << deleted.status().ToString();
  EXPECT_FALSE(*(*deleted)->Next());
  deleted->reset();
  auto index = w_->Query("CREATE INDEX t_n ON T (N)");
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  index->reset();
  EXPECT_EQ(CountServerRows(*w_, "T"), 2);
}

TEST_P(ServerWarehouseTest, SchemaQualifiedNamesWork) {
  schema_->Run("CREATE SCHEMA IF NOT EXISTS " + schema_->name() + "_cdh");
  const std::string table = schema_->name() + "_CDH.PA_SALES_HISTORY_VW";
  WriteServerRows(*w_, table, 1, 2, true);
  WriteServerRows(*w_, table, 1, 3, true);
  EXPECT_TRUE(*w_->TableExists(table));
  EXPECT_EQ(CountServerRows(*w_, table), 3);
  EXPECT_EQ(CountServerRows(*w_, table + "_HIST"), 2);
  schema_->Run("DROP SCHEMA " + schema_->name() + "_cdh CASCADE");
}

TEST_P(ServerWarehouseTest, StreamsAMillionRowsWithBoundedMemory) {
  constexpr int64_t kRows = 1000000;
  auto filled = w_->Query(
      "CREATE TABLE BIG AS SELECT g AS N, g / 8.0::float8 AS X, "
      "repeat('x', 40) || g::text AS S FROM generate_series(1, 1000000) g");
  ASSERT_TRUE(filled.ok()) << filled.status().ToString();
  filled->reset();
  const int64_t before = ResidentBytes();
  int64_t peak = before, rows = 0, sum = 0;
  const auto start = std::chrono::steady_clock::now();
  {
    auto cursor = w_->Scan("BIG", {"N", "X", "S"});
    ASSERT_TRUE(cursor.ok()) << cursor.status().ToString();
    while (true) {
      auto more = (*cursor)->Next();
      ASSERT_TRUE(more.ok()) << more.status().ToString();
      if (!*more) break;
      sum += (*cursor)->Integer(0);
      if (++rows % 50000 == 0) peak = std::max(peak, ResidentBytes());
    }
  }
  EXPECT_EQ(rows, kRows);
  EXPECT_EQ(sum, kRows * (kRows + 1) / 2);
  // The table is ~70 MB of text; holding it would take several times that.
  EXPECT_LT(peak - before, 32 << 20) << "resident memory grew while streaming";
  std::printf("[ %s ] streamed %lld rows in %.2f s, resident growth %.1f MiB\n",
              GetParam().name.c_str(), static_cast<long long>(rows), SecondsSince(start),
              (peak - before) / 1048576.0);
}

TEST_P(ServerWarehouseTest, BeginWhileACursorIsOpenIsRefused) {
  WriteServerRows(*w_, "T", 1, 2, false);
  auto cursor = w_->Scan("T", {"ID"});
  ASSERT_TRUE(cursor.ok());
  auto txn = w_->Begin();
  if (!txn.ok()) {
    EXPECT_EQ(txn.status().code(), Status::Code::kFailedPrecondition);
    EXPECT_NE(txn.status().message().find("destroy it before Begin()"), std::string::npos)
        << txn.status().message();
  }
  cursor->reset();
  txn = Result<std::unique_ptr<Transaction>>(Status::Internal("reset"));
  EXPECT_TRUE(w_->Begin().ok());
}

}  // namespace attrition::warehouse
