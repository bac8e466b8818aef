// features_write_floor: the time the warehouse needs just to bulk-insert the rows that
// `attrition features` writes (SPEC 13: "the whole run within 1.25x of the time the
// warehouse needs just to bulk-insert the same rows").
//
//   features_write_floor --from sqlite:features.db --to sqlite:floor.db
//
// Loads each table `attrition features` wrote into `--from` (the seven feature tables and
// the run log) into memory, then writes the same rows with the same schemas into `--to`
// through the Warehouse interface (ReplaceTable + RowWriter, one transaction, as the
// pipeline does). Only the writing is timed: per table and in total, with the commit.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "attrition/warehouse.h"

namespace {

using attrition::Status;
using attrition::warehouse::RowCursor;
using attrition::warehouse::Schema;
using attrition::warehouse::ValueKind;
using attrition::warehouse::Warehouse;
using Clock = std::chrono::steady_clock;

const char* const kTables[] = {
    "PA_DEMO_INTERMEDIATE_FEATURES",       "PA_SALES_INTERMEDIATE_FEATURES",
    "PA_STARTRIGHT_INTERMEDIATE_FEATURES", "PA_TOUCHPOINT_INTERMEDIATE_FEATURES",
    "PA_COMPLAINTS_INTERMEDIATE_FEATURES", "PA_WARRANTY_INTERMEDIATE_FEATURES",
    "PA_MODELING_DATASET",                 "PA_FEATURE_RUN_LOG"};

// One table held in memory: values row-major, text in one arena.
struct Cell {
  ValueKind kind;
  union {
    int64_t integer;
    double real;
    struct {
      uint32_t offset;
      uint32_t size;
    } text;
  };
};

struct Table {
  Schema schema;
  size_t rows = 0;
  std::vector<Cell> cells;
  std::string arena;
};

attrition::Result<Table> Load(Warehouse& from, const std::string& name) {
  Table t;
  ATTRITION_ASSIGN_OR_RETURN(t.schema, from.DescribeTable(name));
  std::vector<std::string> columns;
  for (const auto& c : t.schema) columns.push_back(c.name);
  ATTRITION_ASSIGN_OR_RETURN(auto cursor, from.Scan(name, columns));
  while (true) {
    ATTRITION_ASSIGN_OR_RETURN(bool more, cursor->Next());
    if (!more) break;
    ++t.rows;
    for (int i = 0; i < cursor->ColumnCount(); ++i) {
      Cell cell{};
      cell.kind = cursor->Kind(i);
      if (cell.kind == ValueKind::kInteger) cell.integer = cursor->Integer(i);
      if (cell.kind == ValueKind::kReal) cell.real = cursor->Real(i);
      if (cell.kind == ValueKind::kText) {
        const std::string_view text = cursor->Text(i);
        cell.text = {static_cast<uint32_t>(t.arena.size()), static_cast<uint32_t>(text.size())};
        t.arena.append(text);
      }
      t.cells.push_back(cell);
    }
  }
  return t;
}

Status Write(attrition::warehouse::Transaction& tx, const std::string& name, const Table& t) {
  ATTRITION_ASSIGN_OR_RETURN(auto writer, tx.ReplaceTable(name, t.schema, {true}));
  const size_t width = t.schema.size();
  for (size_t r = 0; r < t.rows; ++r) {
    const Cell* row = &t.cells[r * width];
    for (size_t i = 0; i < width; ++i) {
      const int column = static_cast<int>(i);
      switch (row[i].kind) {
        case ValueKind::kNull:
          writer->SetNull(column);
          break;
        case ValueKind::kInteger:
          writer->SetInteger(column, row[i].integer);
          break;
        case ValueKind::kReal:
          writer->SetReal(column, row[i].real);
          break;
        case ValueKind::kText:
          writer->SetText(column, std::string_view(t.arena).substr(row[i].text.offset,
                                                                  row[i].text.size));
          break;
      }
    }
    ATTRITION_RETURN_IF_ERROR(writer->EndRow());
  }
  return writer->Finish();
}

double Since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

Status Run(const std::string& from_url, const std::string& to_url) {
  ATTRITION_ASSIGN_OR_RETURN(auto from, Warehouse::Open(from_url));
  ATTRITION_ASSIGN_OR_RETURN(auto to, Warehouse::Open(to_url));
  for (const char* name : kTables) {
    ATTRITION_ASSIGN_OR_RETURN(bool exists, to->TableExists(name));
    if (exists) return Status::InvalidArgument(to_url + " already has " + name + ": use a fresh file");
  }
  ATTRITION_ASSIGN_OR_RETURN(auto tx, to->Begin());
  double total = 0;
  size_t total_rows = 0;
  for (const char* name : kTables) {
    ATTRITION_ASSIGN_OR_RETURN(Table table, Load(*from, name));
    const auto start = Clock::now();
    ATTRITION_RETURN_IF_ERROR(Write(*tx, name, table));
    const double seconds = Since(start);
    total += seconds;
    total_rows += table.rows;
    std::printf("%-40s %10zu rows x %2zu columns  %7.2fs  %9.0f rows/s\n", name, table.rows,
                table.schema.size(), seconds, table.rows / seconds);
  }
  const auto start = Clock::now();
  ATTRITION_RETURN_IF_ERROR(tx->Commit());
  const double commit = Since(start);
  total += commit;
  std::printf("%-40s %38.2fs\n", "commit", commit);
  std::printf("write floor: %zu rows in %.2fs (%.0f rows/s)\n", total_rows, total,
              total_rows / total);
  return Status::OK();
}

}  // namespace

int main(int argc, char** argv) {
  std::string from, to;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--from") from = argv[i + 1];
    if (flag == "--to") to = argv[i + 1];
  }
  if (from.empty() || to.empty()) {
    std::fprintf(stderr, "usage: features_write_floor --from URL --to URL\n");
    return 2;
  }
  const Status status = Run(from, to);
  if (!status.ok()) {
    std::fprintf(stderr, "features_write_floor: %s\n", status.message().c_str());
    return 1;
  }
  return 0;
}
