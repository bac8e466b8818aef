// CSV import (SPEC 2, `attrition load`): how a dataset that did not come from the feature
// pipeline enters the warehouse.
//
// LoadCsv reads a CSV file with a header row (RFC 4180: quoted fields may hold delimiters,
// line breaks and doubled quotes; CRLF or LF line ends), infers each column's type from
// its cells, and replaces one warehouse table with the good rows in one transaction (the
// previous rows go to <TABLE>_HIST first). The file is read twice: once to infer types
// and find bad lines, once to write.
//
// Types: INTEGER when every non-empty cell of the column is an integer, REAL when every
// non-empty cell is a number, else TEXT (see src/load/cell_types.h for what counts).
// Values: in INTEGER and REAL columns an empty or whitespace-only cell is NULL; in TEXT
// columns an empty unquoted cell is NULL and a quoted empty cell ("") is the empty string
// (PostgreSQL COPY's rule); text is stored exactly as written.
//
// Bad lines never stop a load: a record with the wrong number of fields or broken quoting
// is counted, its physical line number kept, and skipped. Blank lines are skipped.
// The load fails, writing nothing, when the header is missing or unusable, when every
// data line is bad, or when the warehouse refuses the write.
//
// Thread safety: LoadCsv uses `warehouse` exclusively for the duration of the call.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "attrition/status.h"
#include "attrition/warehouse.h"

namespace attrition::load {

struct CsvLoadOptions {
  char delimiter = ',';
  // Columns stored as TEXT whatever their cells look like (zero-padded codes such as
  // "02134" stay intact). Names must match header names exactly.
  std::vector<std::string> text_columns;
  // How many bad lines the summary keeps with their line numbers (all are counted).
  int max_reported_bad_lines = 10;
  // Copy the table's current rows into <TABLE>_HIST before replacing it (SPEC 4).
  bool keep_history = true;
  // Draw a progress line on a terminal.
  bool show_progress = true;
};

struct BadLine {
  int64_t line = 0;    // physical line in the file where the record starts (header = 1)
  std::string reason;  // "expected 3 fields, got 4"
};

struct LoadedColumn {
  std::string name;
  warehouse::ColumnType type = warehouse::ColumnType::kText;
  int64_t nulls = 0;         // NULL cells among the loaded rows
  std::string example;       // the first non-empty value, cut to 40 bytes
  bool forced_text = false;  // listed in CsvLoadOptions::text_columns
};

struct LoadSummary {
  std::string csv_path;
  std::string table;
  std::string warehouse;  // Warehouse::Describe()
  int64_t rows = 0;       // rows written
  int64_t bad_lines = 0;  // records skipped as bad
  int64_t blank_lines = 0;
  std::vector<BadLine> first_bad_lines;  // at most max_reported_bad_lines, in file order
  std::vector<LoadedColumn> columns;     // in header order
  double seconds = 0;
};

// Loads `csv_path` into `table` (a plain identifier: letters, digits and _, not starting
// with a digit). Errors: NotFound for a missing file; InvalidArgument naming the file for
// a bad table name, an empty file, a header with an empty or repeated name or broken
// quoting, an unknown text_columns name, or a file whose every data line is bad; the
// warehouse's Status (with context) when writing fails.
Result<LoadSummary> LoadCsv(warehouse::Warehouse& warehouse, const std::string& csv_path,
                            const std::string& table, const CsvLoadOptions& options);

// The summary as a person reads it: one line of totals, the bad lines shown, and a table
// of columns with their inferred types, NULL counts and an example value.
std::string FormatLoadSummary(const LoadSummary& summary);

}  // namespace attrition::load
