// The warehouse: where source views are read from and result tables are written to.
//
// One interface, three backends chosen by URL (SPEC 5):
//   sqlite:PATH             embedded file (the default, zero set-up)
//   postgresql://...        a PostgreSQL server through libpq
//   odbc:...                any ODBC driver through unixODBC (Snowflake in production)
//
// Reads stream: a RowCursor holds one row at a time, so memory does not grow with the
// size of a view. Writes are bulk: a RowWriter receives rows inside a Transaction and
// uses the backend's fast path (prepared statements, COPY, array binding). Nothing a
// transaction writes is visible until Commit(); a process killed at any point before
// Commit() leaves every table as it was.
//
// Threading: a Warehouse and the objects it returns are used by one thread at a time.
// Open one Warehouse per thread to read in parallel. A RowCursor must be destroyed
// before Begin() is called on the same Warehouse, and a RowWriter before Commit().
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "attrition/status.h"

namespace attrition::warehouse {

enum class ColumnType { kInteger, kReal, kText };

struct Column {
  std::string name;
  ColumnType type;
};
using Schema = std::vector<Column>;

// Storage class of one value as read (a column declared INTEGER may still hold text in
// an extract; readers decide what to do with it).
enum class ValueKind { kNull, kInteger, kReal, kText };

// Forward-only stream over the rows of a query. Column positions follow the query.
class RowCursor {
 public:
  virtual ~RowCursor() = default;

  // Moves to the next row: true when there is one, false after the last row, or the
  // error that stopped the stream (a server that went away, a corrupt file).
  virtual Result<bool> Next() = 0;

  virtual int ColumnCount() const = 0;
  virtual ValueKind Kind(int column) const = 0;
  // REQUIRES: Kind(column) == kInteger
  virtual int64_t Integer(int column) const = 0;
  // REQUIRES: Kind(column) is kInteger or kReal
  virtual double Real(int column) const = 0;
  // The value's text form, as SQL CAST(x AS TEXT) gives it: the string itself, or the
  // decimal form of a number ("1000001"). Empty for NULL. Valid until the next Next().
  virtual std::string_view Text(int column) const = 0;
};

// Receives the rows of one table inside a Transaction. Set the values of a row by column
// position, then EndRow(); a column not set in a row is NULL. Values are copied.
class RowWriter {
 public:
  virtual ~RowWriter() = default;

  virtual void SetNull(int column) = 0;
  virtual void SetInteger(int column, int64_t value) = 0;
  virtual void SetReal(int column, double value) = 0;  // NaN is written as NULL
  virtual void SetText(int column, std::string_view value) = 0;
  // As SetText, for bytes the caller keeps valid and unchanged until EndRow() returns:
  // a backend may then use them in place instead of copying them (SQLite binds them
  // without the copy and free per value, ~1 s per 3M rows of 14 texts).
  virtual void SetTextView(int column, std::string_view value) { SetText(column, value); }

  // Hands the row to the backend (which may buffer it).
  virtual Status EndRow() = 0;
  // Flushes buffered rows. REQUIRES: called once, after the last EndRow().
  virtual Status Finish() = 0;
};

struct ReplaceOptions {
  // Copy the table's current rows into <TABLE>_HIST before replacing it (SPEC 4).
  bool keep_history = true;
};

// A unit of work: everything in it becomes visible at Commit(), or not at all.
// Destroying an uncommitted Transaction rolls it back.
class Transaction {
 public:
  virtual ~Transaction() = default;

  // Replaces `table` by an empty one with `schema` and returns a writer for its rows.
  // With keep_history, the current rows are first appended to <table>_HIST (created with
  // the current columns when missing; columns are matched by name).
  virtual Result<std::unique_ptr<RowWriter>> ReplaceTable(const std::string& table,
                                                          const Schema& schema,
                                                          const ReplaceOptions& options) = 0;

  // Appends rows to `table`, creating it with `schema` when it does not exist.
  virtual Result<std::unique_ptr<RowWriter>> AppendRows(const std::string& table,
                                                        const Schema& schema) = 0;

  // Moves the rows of `table` whose text column `column` equals one of `values` into
  // <table>_HIST and deletes them from `table` (a re-run replacing its own rows).
  virtual Status ArchiveRows(const std::string& table, const std::string& column,
                             const std::vector<std::string>& values) = 0;

  virtual Status Commit() = 0;
};

class Warehouse {
 public:
  // Opens the warehouse named by `url` (see the top of this file). Errors name the URL
  // with any password masked.
  static Result<std::unique_ptr<Warehouse>> Open(std::string_view url);

  // Open() for a command that only works on data already there (features, train, score,
  // explain): a sqlite: file that does not exist is NotFound saying how to fill one,
  // instead of an empty file created and left behind. Servers are opened as by Open().
  static Result<std::unique_ptr<Warehouse>> OpenExisting(std::string_view url);

  virtual ~Warehouse() = default;

  // The URL with secrets masked, for logs and messages.
  virtual std::string Describe() const = 0;

  // Streams the named columns of `table` in storage order. A missing table or column is
  // NotFound naming it.
  virtual Result<std::unique_ptr<RowCursor>> Scan(const std::string& table,
                                                  const std::vector<std::string>& columns) = 0;

  // Streams the rows of a query written in portable SQL.
  virtual Result<std::unique_ptr<RowCursor>> Query(const std::string& sql) = 0;

  virtual Result<bool> TableExists(const std::string& table) = 0;

  // Column names and declared types of `table`, in table order.
  virtual Result<Schema> DescribeTable(const std::string& table) = 0;

  virtual Result<std::unique_ptr<Transaction>> Begin() = 0;
};

}  // namespace attrition::warehouse
