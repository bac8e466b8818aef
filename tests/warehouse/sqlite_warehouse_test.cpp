#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <string>
#include <vector>

#include "attrition/warehouse.h"
#include "support/temp_dir.h"

namespace attrition::warehouse {
namespace {

const Schema kSchema = {{"ID", ColumnType::kText},
                        {"N", ColumnType::kInteger},
                        {"X", ColumnType::kReal}};

std::unique_ptr<Warehouse> OpenOrDie(const std::string& path) {
  auto w = Warehouse::Open("sqlite:" + path);
  EXPECT_TRUE(w.ok()) << w.status().ToString();
  return std::move(w).value();
}

void WriteRows(Warehouse& w, const std::string& table, int first, int count, bool keep_history) {
  auto txn = w.Begin();
  ASSERT_TRUE(txn.ok()) << txn.status().ToString();
  auto writer = (*txn)->ReplaceTable(table, kSchema, {.keep_history = keep_history});
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  for (int i = first; i < first + count; ++i) {
    (*writer)->SetText(0, "C-" + std::to_string(i));
    (*writer)->SetInteger(1, i);
    if (i % 3 == 0) {
      (*writer)->SetReal(2, std::nan(""));
    } else {
      (*writer)->SetReal(2, i / 4.0);
    }
    ASSERT_TRUE((*writer)->EndRow().ok());
  }
  ASSERT_TRUE((*writer)->Finish().ok());
  writer->reset();
  ASSERT_TRUE((*txn)->Commit().ok());
}

std::vector<std::string> ReadAll(Warehouse& w, const std::string& table) {
  auto cursor = w.Scan(table, {"ID", "N", "X"});
  EXPECT_TRUE(cursor.ok()) << cursor.status().ToString();
  std::vector<std::string> rows;
  while (true) {
    auto more = (*cursor)->Next();
    EXPECT_TRUE(more.ok());
    if (!*more) break;
    std::string row(((*cursor)->Text(0)));
    row += "|" + std::to_string((*cursor)->Integer(1)) + "|";
    row += (*cursor)->Kind(2) == ValueKind::kNull ? "NULL" : std::string((*cursor)->Text(2));
    rows.push_back(row);
  }
  return rows;
}

int64_t CountRows(Warehouse& w, const std::string& table) {
  auto cursor = w.Query("SELECT COUNT(*) FROM " + table);
  EXPECT_TRUE(cursor.ok());
  EXPECT_TRUE(*(*cursor)->Next());
  return (*cursor)->Integer(0);
}

TEST(SqliteWarehouse, RoundTripsTextIntegersRealsAndNulls) {
  testing::TempDir dir;
  auto w = OpenOrDie(dir.File("w.db"));
  WriteRows(*w, "T", 1, 4, true);
  EXPECT_EQ(ReadAll(*w, "T"),
            (std::vector<std::string>{"C-1|1|0.25", "C-2|2|0.5", "C-3|3|NULL", "C-4|4|1.0"}));
  auto schema = w->DescribeTable("T");
  ASSERT_TRUE(schema.ok());
  EXPECT_EQ((*schema)[1].type, ColumnType::kInteger);
  EXPECT_EQ((*schema)[2].type, ColumnType::kReal);
}

TEST(SqliteWarehouse, TextOfAnIntegerIsItsDecimalForm) {
  testing::TempDir dir;
  auto w = OpenOrDie(dir.File("w.db"));
  WriteRows(*w, "T", 1000001, 1, false);
  auto cursor = w->Query("SELECT N, ID FROM T");
  ASSERT_TRUE(cursor.ok());
  ASSERT_TRUE(*(*cursor)->Next());
  EXPECT_EQ((*cursor)->Kind(0), ValueKind::kInteger);
  EXPECT_EQ((*cursor)->Text(0), "1000001");
  EXPECT_EQ((*cursor)->Kind(0), ValueKind::kInteger);
  EXPECT_EQ((*cursor)->Kind(1), ValueKind::kText);
}

TEST(SqliteWarehouse, ReplaceKeepsThePreviousRowsInHist) {
  testing::TempDir dir;
  auto w = OpenOrDie(dir.File("w.db"));
  WriteRows(*w, "T", 1, 3, true);
  WriteRows(*w, "T", 10, 2, true);
  WriteRows(*w, "T", 20, 5, true);
  EXPECT_EQ(CountRows(*w, "T"), 5);
  EXPECT_EQ(CountRows(*w, "T_HIST"), 3 + 2);
}

TEST(SqliteWarehouse, HistGainsColumnsTheTableGained) {
  testing::TempDir dir;
  auto w = OpenOrDie(dir.File("w.db"));
  WriteRows(*w, "T", 1, 2, true);
  WriteRows(*w, "T", 1, 2, true);  // T_HIST now has ID, N, X
  {
    auto txn = w->Begin();
    Schema wider = kSchema;
    wider.push_back({"EXTRA", ColumnType::kText});
    auto writer = (*txn)->ReplaceTable("T", wider, {});
    ASSERT_TRUE(writer.ok());
    (*writer)->SetText(0, "Z");
    (*writer)->SetText(3, "e");
    ASSERT_TRUE((*writer)->EndRow().ok());
    writer->reset();
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  WriteRows(*w, "T", 1, 1, true);  // copies the wide row into T_HIST
  auto cursor = w->Query("SELECT COUNT(*) FROM T_HIST WHERE EXTRA = 'e'");
  ASSERT_TRUE(cursor.ok());
  ASSERT_TRUE(*(*cursor)->Next());
  EXPECT_EQ((*cursor)->Integer(0), 1);
}

TEST(SqliteWarehouse, AnUncommittedTransactionChangesNothing) {
  testing::TempDir dir;
  auto w = OpenOrDie(dir.File("w.db"));
  WriteRows(*w, "T", 1, 3, true);
  {
    auto txn = w->Begin();
    auto writer = (*txn)->ReplaceTable("T", kSchema, {});
    (*writer)->SetText(0, "lost");
    ASSERT_TRUE((*writer)->EndRow().ok());
  }  // destroyed without Commit
  EXPECT_EQ(CountRows(*w, "T"), 3);
  EXPECT_FALSE(*w->TableExists("T_HIST"));
}

TEST(SqliteWarehouse, ArchiveRowsMovesMatchingRowsToHist) {
  testing::TempDir dir;
  auto w = OpenOrDie(dir.File("w.db"));
  WriteRows(*w, "T", 1, 5, false);
  auto txn = w->Begin();
  ASSERT_TRUE((*txn)->ArchiveRows("T", "ID", {"C-2", "C-4", "C-9"}).ok());
  ASSERT_TRUE((*txn)->Commit().ok());
  EXPECT_EQ(CountRows(*w, "T"), 3);
  EXPECT_EQ(CountRows(*w, "T_HIST"), 2);
}

TEST(SqliteWarehouse, MissingTableAndColumnAreNotFoundByName) {
  testing::TempDir dir;
  auto w = OpenOrDie(dir.File("w.db"));
  auto missing = w->Scan("NOPE", {"A"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
  EXPECT_EQ(missing.status().message(),
            "table NOPE does not exist in sqlite:" + dir.File("w.db"));
  WriteRows(*w, "T", 1, 1, false);
  auto column = w->Scan("T", {"ID", "NOPE"});
  ASSERT_FALSE(column.ok());
  EXPECT_EQ(column.status().code(), Status::Code::kNotFound);
  EXPECT_NE(column.status().message().find("no such column: NOPE"), std::string::npos)
      << column.status().message();
}

TEST(SqliteWarehouse, UnknownSchemeIsRejectedWithTheExpectedForms) {
  auto w = Warehouse::Open("mysql://x");
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().message(),
            "warehouse.url: got 'mysql://x', expected sqlite:PATH, postgresql://... or odbc:...");
}

// A writer killed by SIGKILL at any point leaves the previous table and its history.
TEST(SqliteWarehouse, AProcessKilledMidWriteLeavesTheTablesAsBefore) {
  testing::TempDir dir;
  const std::string path = dir.File("w.db");
  {
    auto w = OpenOrDie(path);
    WriteRows(*w, "T", 1, 100, true);
    WriteRows(*w, "T", 200, 50, true);
  }
  for (int delay_ms : {5, 40, 150}) {
    int fd[2];
    ASSERT_EQ(pipe(fd), 0);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      close(fd[0]);
      auto w = Warehouse::Open("sqlite:" + path);
      auto txn = (*w)->Begin();
      auto writer = (*txn)->ReplaceTable("T", kSchema, {});
      if (write(fd[1], "x", 1) != 1) _exit(3);
      for (int i = 0;; ++i) {  // writes until killed
        (*writer)->SetText(0, "killed-" + std::to_string(i));
        (*writer)->SetInteger(1, i);
        if (!(*writer)->EndRow().ok()) _exit(2);
      }
    }
    close(fd[1]);
    char c;
    ASSERT_EQ(read(fd[0], &c, 1), 1);
    close(fd[0]);
    usleep(delay_ms * 1000);
    kill(child, SIGKILL);
    int wstatus = 0;
    waitpid(child, &wstatus, 0);
    ASSERT_TRUE(WIFSIGNALED(wstatus));

    auto w = OpenOrDie(path);
    EXPECT_EQ(CountRows(*w, "T"), 50) << "after kill at " << delay_ms << " ms";
    EXPECT_EQ(CountRows(*w, "T_HIST"), 100);
    EXPECT_EQ(ReadAll(*w, "T").front(), "C-200|200|50.0");
  }
}

}  // namespace
}  // namespace attrition::warehouse
