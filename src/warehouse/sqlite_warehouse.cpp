// SQLite backend. One connection per Warehouse; writes go through prepared INSERT
// statements inside one transaction (SQLite's bulk-load fast path), and the rollback
// journal makes a killed run leave the file exactly as before the transaction.
#include "warehouse/sqlite_warehouse.h"

#include <sqlite3.h>

#include <cmath>
#include <mutex>
#include <string>
#include <vector>

#include "warehouse/sql_text.h"

namespace attrition::warehouse {
namespace {

Status SqliteError(sqlite3* db, std::string_view what) {
  std::string message(what);
  message += ": ";
  message += db ? sqlite3_errmsg(db) : "out of memory";
  const int code = db ? sqlite3_errcode(db) : SQLITE_NOMEM;
  if (message.find("no such table") != std::string::npos ||
      message.find("no such column") != std::string::npos) {
    return Status::NotFound(std::move(message));
  }
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) return Status::Unavailable(std::move(message));
  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) return Status::Corruption(std::move(message));
  return Status::IOError(std::move(message));
}

// Owns a prepared statement.
class Statement {
 public:
  Statement() = default;
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Statement(Statement&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Statement& operator=(Statement&& other) noexcept {
    std::swap(stmt_, other.stmt_);
    return *this;
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

Result<Statement> Prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr) !=
      SQLITE_OK) {
    return SqliteError(db, "preparing `" + sql + "`");
  }
  return Statement(stmt);
}

Status Exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    Status status = SqliteError(db, "executing `" + sql + "`");
    sqlite3_free(error);
    return status;
  }
  return Status::OK();
}

class SqliteCursor final : public RowCursor {
 public:
  SqliteCursor(sqlite3* db, Statement stmt)
      : db_(db), stmt_(std::move(stmt)), kinds_(sqlite3_column_count(stmt_.get())) {}

  Result<bool> Next() override {
    const int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_DONE) return false;
    if (rc != SQLITE_ROW) return SqliteError(db_, "reading rows");
    // Kinds are read before any text conversion, which may change a value's type.
    for (size_t i = 0; i < kinds_.size(); ++i) {
      switch (sqlite3_column_type(stmt_.get(), static_cast<int>(i))) {
        case SQLITE_INTEGER:
          kinds_[i] = ValueKind::kInteger;
          break;
        case SQLITE_FLOAT:
          kinds_[i] = ValueKind::kReal;
          break;
        case SQLITE_NULL:
          kinds_[i] = ValueKind::kNull;
          break;
        default:
          kinds_[i] = ValueKind::kText;
      }
    }
    return true;
  }
  int ColumnCount() const override { return static_cast<int>(kinds_.size()); }
  ValueKind Kind(int column) const override { return kinds_[column]; }
  int64_t Integer(int column) const override {
    return sqlite3_column_int64(stmt_.get(), column);
  }
  double Real(int column) const override { return sqlite3_column_double(stmt_.get(), column); }
  std::string_view Text(int column) const override {
    if (kinds_[column] == ValueKind::kNull) return {};
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_.get(), column));
    return {text, static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), column))};
  }

 private:
  sqlite3* db_;
  Statement stmt_;
  std::vector<ValueKind> kinds_;
};

class SqliteWriter final : public RowWriter {
 public:
  SqliteWriter(sqlite3* db, Statement insert, std::string table)
      : db_(db), insert_(std::move(insert)), table_(std::move(table)),
        set_in_row_(static_cast<size_t>(sqlite3_bind_parameter_count(insert_.get())), 0) {}

  void SetNull(int column) override {
    Mark(column);
    sqlite3_bind_null(insert_.get(), column + 1);
  }
  void SetInteger(int column, int64_t value) override {
    Mark(column);
    sqlite3_bind_int64(insert_.get(), column + 1, value);
  }
  void SetReal(int column, double value) override {
    if (std::isnan(value)) {
      SetNull(column);
    } else {
      Mark(column);
      sqlite3_bind_double(insert_.get(), column + 1, value);
    }
  }
  void SetText(int column, std::string_view value) override {
    Mark(column);
    sqlite3_bind_text(insert_.get(), column + 1, value.data(), static_cast<int>(value.size()),
                      SQLITE_TRANSIENT);
  }
  void SetTextView(int column, std::string_view value) override {
    Mark(column);
    sqlite3_bind_text(insert_.get(), column + 1, value.data(), static_cast<int>(value.size()),
                      SQLITE_STATIC);
  }
  Status EndRow() override {
    // Columns not set in this row are NULL, whatever the previous row bound. Speed: only
    // those are unbound (none in the common case), instead of sqlite3_clear_bindings
    // after every row (~1.5% of a bulk insert).
    if (set_count_ < set_in_row_.size()) {
      for (size_t c = 0; c < set_in_row_.size(); ++c) {
        if (set_in_row_[c] != row_ + 1) sqlite3_bind_null(insert_.get(), static_cast<int>(c) + 1);
      }
    }
    const int rc = sqlite3_step(insert_.get());
    sqlite3_reset(insert_.get());
    ++row_;
    set_count_ = 0;
    if (rc != SQLITE_DONE) return SqliteError(db_, "inserting into " + table_);
    return Status::OK();
  }
  Status Finish() override { return Status::OK(); }

 private:
  // Counts the distinct columns set in the current row.
  void Mark(int column) {
    if (column < 0 || static_cast<size_t>(column) >= set_in_row_.size()) return;  // bind fails
    uint64_t& stamp = set_in_row_[static_cast<size_t>(column)];
    if (stamp != row_ + 1) {
      stamp = row_ + 1;
      ++set_count_;
    }
  }

  sqlite3* db_;
  Statement insert_;
  std::string table_;
  std::vector<uint64_t> set_in_row_;  // per column: 1 + the row it was last set in
  uint64_t row_ = 0;
  size_t set_count_ = 0;
};

class SqliteWarehouse;

class SqliteTransaction final : public Transaction {
 public:
  explicit SqliteTransaction(SqliteWarehouse* warehouse);
  ~SqliteTransaction() override;

  Result<std::unique_ptr<RowWriter>> ReplaceTable(const std::string& table, const Schema& schema,
                                                  const ReplaceOptions& options) override;
  Result<std::unique_ptr<RowWriter>> AppendRows(const std::string& table,
                                                const Schema& schema) override;
  Status ArchiveRows(const std::string& table, const std::string& column,
                     const std::vector<std::string>& values) override;
  Status Commit() override;

 private:
  // Appends the rows selected by `where` (SQL, may be empty) from `table` to its _HIST,
  // creating _HIST or adding the columns it lacks first.
  Status CopyToHistory(const std::string& table, const std::string& where,
                       const std::vector<std::string>& params);
  Result<std::unique_ptr<RowWriter>> WriterFor(const std::string& table, const Schema& schema);

  SqliteWarehouse* warehouse_;
  bool open_ = true;
};

class SqliteWarehouse final : public Warehouse {
 public:
  SqliteWarehouse(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteWarehouse() override { sqlite3_close_v2(db_); }

  std::string Describe() const override { return "sqlite:" + path_; }

  Result<std::unique_ptr<RowCursor>> Scan(const std::string& table,
                                          const std::vector<std::string>& columns) override {
    ATTRITION_ASSIGN_OR_RETURN(bool exists, TableExists(table));
    if (!exists) return Status::NotFound("table " + table + " does not exist in " + Describe());
    return Query(SelectColumnsSql(table, columns));
  }

  Result<std::unique_ptr<RowCursor>> Query(const std::string& sql) override {
    ATTRITION_ASSIGN_OR_RETURN(Statement stmt, Prepare(db_, sql));
    return std::unique_ptr<RowCursor>(new SqliteCursor(db_, std::move(stmt)));
  }

  Result<bool> TableExists(const std::string& table) override {
    ATTRITION_ASSIGN_OR_RETURN(
        Statement stmt,
        Prepare(db_, "SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND "
                     "name = ?1 COLLATE NOCASE"));
    sqlite3_bind_text(stmt.get(), 1, table.data(), static_cast<int>(table.size()),
                      SQLITE_TRANSIENT);
    const int rc = sqlite3_step(stmt.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return SqliteError(db_, "looking up table " + table);
  }

  Result<Schema> DescribeTable(const std::string& table) override {
    ATTRITION_ASSIGN_OR_RETURN(Statement stmt,
                               Prepare(db_, "PRAGMA table_info(" + QuoteIdentifier(table) + ")"));
    Schema schema;
    int rc;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
      const auto* name = reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), 1));
      const auto* type = reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), 2));
      schema.push_back({name ? name : "", ColumnTypeFromDeclared(type ? type : "")});
    }
    if (rc != SQLITE_DONE) return SqliteError(db_, "describing table " + table);
    if (schema.empty()) return Status::NotFound("table " + table + " does not exist in " + Describe());
    return schema;
  }

  Result<std::unique_ptr<Transaction>> Begin() override {
    ATTRITION_RETURN_IF_ERROR(Exec(db_, "BEGIN IMMEDIATE"));
    return std::unique_ptr<Transaction>(new SqliteTransaction(this));
  }

  sqlite3* db() const { return db_; }

 private:
  sqlite3* db_;
  std::string path_;
};

SqliteTransaction::SqliteTransaction(SqliteWarehouse* warehouse) : warehouse_(warehouse) {}

SqliteTransaction::~SqliteTransaction() {
  if (open_) Exec(warehouse_->db(), "ROLLBACK");
}

Status SqliteTransaction::Commit() {
  if (!open_) return Status::FailedPrecondition("transaction already committed");
  open_ = false;
  Status status = Exec(warehouse_->db(), "COMMIT");
  if (!status.ok()) Exec(warehouse_->db(), "ROLLBACK");
  return status;
}

Status SqliteTransaction::CopyToHistory(const std::string& table, const std::string& where,
                                        const std::vector<std::string>& params) {
  sqlite3* db = warehouse_->db();
  const std::string hist = table + "_HIST";
  ATTRITION_ASSIGN_OR_RETURN(Schema current, warehouse_->DescribeTable(table));
  ATTRITION_ASSIGN_OR_RETURN(bool hist_exists, warehouse_->TableExists(hist));
  if (!hist_exists) {
    ATTRITION_RETURN_IF_ERROR(Exec(db, CreateTableSql(hist, current)));
  } else {
    ATTRITION_ASSIGN_OR_RETURN(Schema hist_schema, warehouse_->DescribeTable(hist));
    for (const Column& column : MissingColumns(hist_schema, current)) {
      ATTRITION_RETURN_IF_ERROR(Exec(db, AddColumnSql(hist, column)));
    }
  }
  const std::string columns = ColumnList(current);
  std::string sql = "INSERT INTO " + QuoteIdentifier(hist) + " (" + columns + ") SELECT " +
                    columns + " FROM " + QuoteIdentifier(table) + where;
  ATTRITION_ASSIGN_OR_RETURN(Statement stmt, Prepare(db, sql));
  for (size_t i = 0; i < params.size(); ++i) {
    sqlite3_bind_text(stmt.get(), static_cast<int>(i + 1), params[i].data(),
                      static_cast<int>(params[i].size()), SQLITE_TRANSIENT);
  }
  if (sqlite3_step(stmt.get()) != SQLITE_DONE) {
    return SqliteError(db, "copying " + table + " into " + hist);
  }
  return Status::OK();
}

Result<std::unique_ptr<RowWriter>> SqliteTransaction::WriterFor(const std::string& table,
                                                                const Schema& schema) {
  ATTRITION_ASSIGN_OR_RETURN(Statement insert, Prepare(warehouse_->db(), InsertSql(table, schema)));
  return std::unique_ptr<RowWriter>(new SqliteWriter(warehouse_->db(), std::move(insert), table));
}

Result<std::unique_ptr<RowWriter>> SqliteTransaction::ReplaceTable(const std::string& table,
                                                                   const Schema& schema,
                                                                   const ReplaceOptions& options) {
  assert(open_);
  ATTRITION_ASSIGN_OR_RETURN(bool exists, warehouse_->TableExists(table));
  if (exists) {
    if (options.keep_history) ATTRITION_RETURN_IF_ERROR(CopyToHistory(table, "", {}));
    ATTRITION_RETURN_IF_ERROR(Exec(warehouse_->db(), "DROP TABLE " + QuoteIdentifier(table)));
  }
  ATTRITION_RETURN_IF_ERROR(Exec(warehouse_->db(), CreateTableSql(table, schema)));
  return WriterFor(table, schema);
}

Result<std::unique_ptr<RowWriter>> SqliteTransaction::AppendRows(const std::string& table,
                                                                 const Schema& schema) {
  assert(open_);
  ATTRITION_ASSIGN_OR_RETURN(bool exists, warehouse_->TableExists(table));
  if (!exists) ATTRITION_RETURN_IF_ERROR(Exec(warehouse_->db(), CreateTableSql(table, schema)));
  return WriterFor(table, schema);
}

Status SqliteTransaction::ArchiveRows(const std::string& table, const std::string& column,
                                      const std::vector<std::string>& values) {
  assert(open_);
  ATTRITION_ASSIGN_OR_RETURN(bool exists, warehouse_->TableExists(table));
  if (!exists || values.empty()) return Status::OK();
  const std::string where = " WHERE " + QuoteIdentifier(column) + " IN (" +
                            PlaceholderList(values.size()) + ")";
  ATTRITION_RETURN_IF_ERROR(CopyToHistory(table, where, values));
  ATTRITION_ASSIGN_OR_RETURN(
      Statement del, Prepare(warehouse_->db(), "DELETE FROM " + QuoteIdentifier(table) + where));
  for (size_t i = 0; i < values.size(); ++i) {
    sqlite3_bind_text(del.get(), static_cast<int>(i + 1), values[i].data(),
                      static_cast<int>(values[i].size()), SQLITE_TRANSIENT);
  }
  if (sqlite3_step(del.get()) != SQLITE_DONE) {
    return SqliteError(warehouse_->db(), "deleting archived rows of " + table);
  }
  return Status::OK();
}

}  // namespace

Result<std::unique_ptr<Warehouse>> OpenSqlite(std::string_view path_view) {
  std::string path(path_view);
  if (path.empty()) {
    return Status::InvalidArgument("warehouse.url: 'sqlite:' needs a file path, e.g. sqlite:attrition.db");
  }
  // Speed: SQLite's allocation statistics take a global mutex on every allocation (~5% of a
  // bulk insert in a profile); nothing here reads them. Only possible before SQLite
  // initialises, i.e. before the process's first connection.
  static std::once_flag no_memstatus;
  std::call_once(no_memstatus, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  sqlite3* db = nullptr;
  // NOMUTEX: a Warehouse is used by one thread at a time (warehouse.h), so SQLite's
  // per-call locking is pure overhead on the bulk-insert path (~17% in a profile).
  const int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Status status = SqliteError(db, "opening sqlite:" + path);
    sqlite3_close_v2(db);
    return status;
  }
  auto warehouse = std::make_unique<SqliteWarehouse>(db, path);
  sqlite3_busy_timeout(db, 10000);
  // A double-quoted name is an identifier, never a string literal: without this SQLite
  // would read a missing column "X" as the text 'X' instead of reporting it.
  sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, nullptr);
  // The rollback journal (the default) is what makes a killed run harmless; keep it.
  // synchronous=NORMAL still fsyncs at commit; a 64 MiB page cache keeps bulk loads
  // from spilling early.
  ATTRITION_RETURN_IF_ERROR(Exec(db, "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"));
  return std::unique_ptr<Warehouse>(std::move(warehouse));
}

}  // namespace attrition::warehouse
