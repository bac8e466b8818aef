// One ODBC connection (unixODBC) with attrition's error handling, and what the backend
// needs to know about the database behind it (its SQL dialect).
//
// Every failure becomes a Status whose message names the work, the SQLSTATEs and the
// driver's text, with secrets of the connection string (PWD, PRIV_KEY_FILE_PWD, ...)
// replaced by "***". SQLSTATE classes map to codes: 08, 57 and HYT → Unavailable,
// 42S02/42P01 and 42S22/42703 → NotFound, 22/23/42/07 and the driver manager's IM →
// InvalidArgument, 28 → InvalidArgument (login), 25 → FailedPrecondition, else IOError.
//
// Not thread-safe: one user at a time, like the Warehouse that owns it.
#pragma once

#include <sql.h>
#include <sqlext.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "attrition/status.h"
#include "attrition/warehouse.h"
#include "warehouse/postgres_odbc_common.h"

namespace attrition::warehouse {

// What differs between the databases the ODBC backend talks to.
struct OdbcDialect {
  std::string dbms;  // SQL_DBMS_NAME: "PostgreSQL", "Snowflake", ...
  IdentifierCase fold = IdentifierCase::kUpper;
  // DDL takes part in transactions (PostgreSQL). When false (Snowflake: DDL commits the
  // open transaction), ReplaceTable writes a staging table and swaps it in at Commit().
  bool transactional_ddl = true;
  std::string integer_type = "BIGINT";
  std::string real_type = "DOUBLE PRECISION";
  std::string text_type = "VARCHAR(65535)";
  // Statement that swaps the contents of two tables atomically, with {a} and {b}, or
  // empty when there is none (then: DROP + ALTER TABLE ... RENAME TO).
  std::string swap_tables;

  const std::string& TypeName(ColumnType type) const;
};

// Owns a statement handle.
class OdbcStatement {
 public:
  OdbcStatement() = default;
  explicit OdbcStatement(SQLHSTMT stmt) : stmt_(stmt) {}
  OdbcStatement(OdbcStatement&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }
  OdbcStatement& operator=(OdbcStatement&& other) noexcept {
    std::swap(stmt_, other.stmt_);
    return *this;
  }
  ~OdbcStatement() {
    if (stmt_ != nullptr) SQLFreeHandle(SQL_HANDLE_STMT, stmt_);
  }
  SQLHSTMT get() const { return stmt_; }

 private:
  SQLHSTMT stmt_ = nullptr;
};

class OdbcConnection {
 public:
  // Connects with `connection_string` (DSN=...;UID=...;PWD=... or Driver=...;...).
  // Errors: Unavailable when the server cannot be reached, InvalidArgument when the data
  // source or driver is unknown or the login fails.
  static Result<std::unique_ptr<OdbcConnection>> Connect(std::string_view connection_string);

  ~OdbcConnection();
  OdbcConnection(const OdbcConnection&) = delete;
  OdbcConnection& operator=(const OdbcConnection&) = delete;

  // "odbc:" + the masked connection string.
  const std::string& describe() const { return describe_; }
  const OdbcDialect& dialect() const { return dialect_; }
  // The schema unqualified names resolve to, as stored ("attrition", "PUBLIC").
  const std::string& default_schema() const { return default_schema_; }
  SQLHDBC dbc() const { return dbc_; }

  Result<OdbcStatement> NewStatement(std::string_view what);
  // Runs one statement that returns no rows. `what` describes the work for messages.
  Status Exec(const std::string& sql, std::string_view what);

  // The Status for a failed call on `handle` of `type`, or OK for SQL_SUCCESS*.
  Status Check(SQLRETURN rc, SQLSMALLINT type, SQLHANDLE handle, std::string_view what) const;

  // Manual-commit mode on or off; SQLEndTran.
  Status SetAutocommit(bool on);
  Status EndTransaction(bool commit);

  // True once an error showed the connection to the server is lost (SQLSTATE 08xxx).
  bool lost() const { return lost_; }
  // Connects again after the connection was lost. Unavailable on failure.
  Status Reconnect();
  OdbcDialect& mutable_dialect() { return dialect_; }

 private:
  OdbcConnection() = default;
  Status Inspect();        // fills dialect_ and default_schema_
  Status StreamResults();  // makes the driver stream results when it would not

  SQLHENV env_ = nullptr;
  SQLHDBC dbc_ = nullptr;
  bool connected_ = false;
  std::string connection_string_;  // as connected, secrets included
  mutable bool lost_ = false;
  std::string describe_;
  std::string target_;  // "host:port" or "DSN=name", for messages
  std::vector<std::string> secrets_;
  OdbcDialect dialect_;
  std::string default_schema_;
};

}  // namespace attrition::warehouse
