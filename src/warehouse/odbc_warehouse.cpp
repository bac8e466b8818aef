#include "warehouse/odbc_warehouse.h"

#include <algorithm>
#include <cassert>

#include "warehouse/odbc_connection.h"
#include "warehouse/odbc_cursor.h"
#include "warehouse/odbc_session.h"
#include "warehouse/odbc_writer.h"
#include "warehouse/postgres_odbc_common.h"

namespace attrition::warehouse {
namespace {

// A column as the catalog (SQLColumns) describes it.
struct CatalogColumn {
  std::string name;  // as stored
  ColumnType type;
};

ColumnType TypeOfSqlType(SQLSMALLINT type, SQLSMALLINT decimal_digits) {
  switch (type) {
    case SQL_TINYINT:
    case SQL_SMALLINT:
    case SQL_INTEGER:
    case SQL_BIGINT:
      return ColumnType::kInteger;
    case SQL_DECIMAL:
    case SQL_NUMERIC:  // NUMBER(38,0), Snowflake's INTEGER, is an integer column
      return decimal_digits == 0 ? ColumnType::kInteger : ColumnType::kReal;
    case SQL_REAL:
    case SQL_FLOAT:
    case SQL_DOUBLE:
      return ColumnType::kReal;
    default:
      return ColumnType::kText;
  }
}

// `name` escaped for a catalog-function pattern argument (where _ and % are wildcards).
std::string EscapePattern(std::string_view name, std::string_view escape) {
  std::string out;
  for (char c : name) {
    if (!escape.empty() && (c == '_' || c == '%' || escape.find(c) != std::string_view::npos)) {
      out += escape;
    }
    out += c;
  }
  return out;
}

// Last dot-separated part of a name.
std::string_view LastPart(std::string_view name) {
  const size_t dot = name.rfind('.');
  return dot == std::string_view::npos ? name : name.substr(dot + 1);
}

class OdbcWarehouse;

class OdbcTransaction final : public Transaction {
 public:
  explicit OdbcTransaction(OdbcWarehouse* warehouse) : warehouse_(warehouse) {}
  ~OdbcTransaction() override;

  Result<std::unique_ptr<RowWriter>> ReplaceTable(const std::string& table, const Schema& schema,
                                                  const ReplaceOptions& options) override;
  Result<std::unique_ptr<RowWriter>> AppendRows(const std::string& table,
                                                const Schema& schema) override;
  Status ArchiveRows(const std::string& table, const std::string& column,
                     const std::vector<std::string>& values) override;
  Status Commit() override;

 private:
  // A table replaced through a staging table (DDL outside transactions).
  struct PendingSwap {
    std::string table;
    std::string staging;
    bool existed;
  };

  // Runs DML on the transaction's connection.
  Status Dml(const std::string& sql, std::string_view what,
             const std::vector<std::string>& params = {});
  // Runs DDL where the dialect allows it: in the transaction, or on the DDL connection.
  Status Ddl(const std::string& sql, std::string_view what);
  Status CreateTable(const std::string& table, const Schema& schema);
  Status CopyToHistory(const std::string& table, const std::vector<CatalogColumn>& columns,
                       const std::string& where, const std::vector<std::string>& params);
  Status Swap(const PendingSwap& swap);
  void End();

  OdbcWarehouse* warehouse_;
  bool open_ = true;
  std::vector<PendingSwap> pending_;
};

class OdbcWarehouse final : public Warehouse {
 public:
  OdbcWarehouse(std::shared_ptr<OdbcSession> session, std::string connection_string)
      : session_(std::move(session)), connection_string_(std::move(connection_string)) {}

  std::string Describe() const override { return session_->connection->describe(); }

  Result<std::unique_ptr<RowCursor>> Scan(const std::string& table,
                                          const std::vector<std::string>& columns) override;
  Result<std::unique_ptr<RowCursor>> Query(const std::string& sql) override;
  Result<bool> TableExists(const std::string& table) override;
  Result<Schema> DescribeTable(const std::string& table) override;
  Result<std::unique_ptr<Transaction>> Begin() override;

  // The catalog's columns of `table`, in table order; empty when it does not exist.
  Result<std::vector<CatalogColumn>> Columns(const std::string& table);
  Status NoTable(const std::string& table) const {
    return Status::NotFound("table " + table + " does not exist in " + Describe());
  }
  std::string Name(std::string_view name) const { return SqlName(name, dialect().fold); }
  const OdbcDialect& dialect() const { return session_->connection->dialect(); }
  const std::shared_ptr<OdbcSession>& session() const { return session_; }
  // The autocommit connection for DDL, opened on first use.
  Result<OdbcConnection*> DdlConnection();

 private:
  // Reconnects a connection lost between transactions (a restarted server).
  Status Reconnect() {
    if (!session_->connection->lost() || session_->in_transaction) return Status::OK();
    return session_->connection->Reconnect();
  }

  std::shared_ptr<OdbcSession> session_;
  std::string connection_string_;
};

Result<OdbcConnection*> OdbcWarehouse::DdlConnection() {
  if (session_->ddl && session_->ddl->lost()) session_->ddl.reset();
  if (!session_->ddl) {
    ATTRITION_ASSIGN_OR_RETURN(session_->ddl, OdbcConnection::Connect(connection_string_));
  }
  return session_->ddl.get();
}

Result<std::vector<CatalogColumn>> OdbcWarehouse::Columns(const std::string& table) {
  ATTRITION_RETURN_IF_ERROR(Reconnect());
  OdbcConnection& connection = *session_->connection;
  const IdentifierCase fold = dialect().fold;
  // [[catalog.]schema.]table
  std::vector<std::string> parts;
  for (size_t at = 0;;) {
    const size_t dot = table.find('.', at);
    parts.push_back(FoldName(std::string_view(table).substr(at, dot - at), fold));
    if (dot == std::string::npos) break;
    at = dot + 1;
  }
  const std::string name = parts.back();
  const std::string schema =
      parts.size() >= 2 ? parts[parts.size() - 2] : connection.default_schema();
  const std::string catalog = parts.size() >= 3 ? parts[parts.size() - 3] : "";

  char escape[8] = {};
  SQLSMALLINT escape_length = 0;
  SQLGetInfo(connection.dbc(), SQL_SEARCH_PATTERN_ESCAPE, escape, sizeof escape, &escape_length);
  std::string schema_pattern = EscapePattern(schema, escape);
  std::string name_pattern = EscapePattern(name, escape);
  std::string catalog_text = catalog;

  const std::string what = "describing table " + table;
  ATTRITION_ASSIGN_OR_RETURN(OdbcStatement stmt, connection.NewStatement(what));
  auto text = [](std::string& s) { return reinterpret_cast<SQLCHAR*>(s.data()); };
  ATTRITION_RETURN_IF_ERROR(session_->Note(connection.Check(
      SQLColumns(stmt.get(), catalog.empty() ? nullptr : text(catalog_text),
                 catalog.empty() ? 0 : SQL_NTS, schema.empty() ? nullptr : text(schema_pattern),
                 schema.empty() ? 0 : SQL_NTS, text(name_pattern), SQL_NTS, nullptr, 0),
      SQL_HANDLE_STMT, stmt.get(), what)));

  std::vector<std::pair<int, CatalogColumn>> found;
  while (true) {
    const SQLRETURN rc = SQLFetch(stmt.get());
    if (rc == SQL_NO_DATA) break;
    ATTRITION_RETURN_IF_ERROR(
        session_->Note(connection.Check(rc, SQL_HANDLE_STMT, stmt.get(), what)));
    char table_schema[256] = {}, table_name[256] = {}, column_name[256] = {};
    SQLSMALLINT data_type = 0, digits = 0;
    SQLINTEGER position = 0;
    SQLLEN ind[6];
    SQLGetData(stmt.get(), 2, SQL_C_CHAR, table_schema, sizeof table_schema, &ind[0]);
    SQLGetData(stmt.get(), 3, SQL_C_CHAR, table_name, sizeof table_name, &ind[1]);
    SQLGetData(stmt.get(), 4, SQL_C_CHAR, column_name, sizeof column_name, &ind[2]);
    SQLGetData(stmt.get(), 5, SQL_C_SSHORT, &data_type, 0, &ind[3]);
    SQLGetData(stmt.get(), 9, SQL_C_SSHORT, &digits, 0, &ind[4]);
    SQLGetData(stmt.get(), 17, SQL_C_SLONG, &position, 0, &ind[5]);
    if (name != table_name || (!schema.empty() && schema != table_schema)) continue;
    if (ind[4] == SQL_NULL_DATA) digits = -1;
    found.push_back({position, {column_name, TypeOfSqlType(data_type, digits)}});
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<CatalogColumn> columns;
  for (auto& [position, column] : found) columns.push_back(std::move(column));
  return columns;
}

Result<std::unique_ptr<RowCursor>> OdbcWarehouse::Scan(const std::string& table,
                                                       const std::vector<std::string>& columns) {
  ATTRITION_ASSIGN_OR_RETURN(std::vector<CatalogColumn> stored, Columns(table));
  if (stored.empty()) return NoTable(table);
  std::string sql = "SELECT ";
  for (size_t i = 0; i < columns.size(); ++i) {
    const bool found = std::any_of(stored.begin(), stored.end(), [&](const CatalogColumn& c) {
      return SameName(c.name, columns[i]);
    });
    if (!found) {
      return Status::NotFound("reading table " + table + ": no such column: " + columns[i] +
                              " in " + Describe());
    }
    sql += (i ? "," : "") + Name(columns[i]);
  }
  sql += " FROM " + Name(table);
  ATTRITION_ASSIGN_OR_RETURN(auto cursor, OdbcCursor::Open(session_, sql));
  return std::unique_ptr<RowCursor>(std::move(cursor));
}

Result<std::unique_ptr<RowCursor>> OdbcWarehouse::Query(const std::string& sql) {
  ATTRITION_RETURN_IF_ERROR(Reconnect());
  ATTRITION_ASSIGN_OR_RETURN(auto cursor, OdbcCursor::Open(session_, sql));
  return std::unique_ptr<RowCursor>(std::move(cursor));
}

Result<bool> OdbcWarehouse::TableExists(const std::string& table) {
  ATTRITION_ASSIGN_OR_RETURN(std::vector<CatalogColumn> columns, Columns(table));
  return !columns.empty();
}

Result<Schema> OdbcWarehouse::DescribeTable(const std::string& table) {
  ATTRITION_ASSIGN_OR_RETURN(std::vector<CatalogColumn> columns, Columns(table));
  if (columns.empty()) return NoTable(table);
  Schema schema;
  for (const CatalogColumn& c : columns) {
    schema.push_back({ReportedName(c.name, dialect().fold), c.type});
  }
  return schema;
}

Result<std::unique_ptr<Transaction>> OdbcWarehouse::Begin() {
  if (session_->in_transaction) {
    return Status::FailedPrecondition("a transaction is already open on " + Describe());
  }
  ATTRITION_RETURN_IF_ERROR(Reconnect());
  ATTRITION_RETURN_IF_ERROR(session_->connection->SetAutocommit(false));
  session_->in_transaction = true;
  session_->failed = false;
  return std::unique_ptr<Transaction>(new OdbcTransaction(this));
}

OdbcTransaction::~OdbcTransaction() {
  if (!open_) return;
  OdbcConnection& connection = *warehouse_->session()->connection;
  connection.EndTransaction(/*commit=*/false);
  End();
  for (const PendingSwap& swap : pending_) {
    Ddl("DROP TABLE IF EXISTS " + warehouse_->Name(swap.staging), "dropping " + swap.staging);
  }
}

void OdbcTransaction::End() {
  open_ = false;
  warehouse_->session()->connection->SetAutocommit(true);
  warehouse_->session()->in_transaction = false;
}

Status OdbcTransaction::Dml(const std::string& sql, std::string_view what,
                            const std::vector<std::string>& params) {
  return OdbcCursor::Open(warehouse_->session(), sql, params, std::string(what)).status();
}

Status OdbcTransaction::Ddl(const std::string& sql, std::string_view what) {
  if (warehouse_->dialect().transactional_ddl) {
    return warehouse_->session()->Note(warehouse_->session()->connection->Exec(sql, what));
  }
  ATTRITION_ASSIGN_OR_RETURN(OdbcConnection * ddl, warehouse_->DdlConnection());
  return ddl->Exec(sql, what);
}

Status OdbcTransaction::CreateTable(const std::string& table, const Schema& schema) {
  std::string sql = "CREATE TABLE " + warehouse_->Name(table) + " (";
  for (size_t i = 0; i < schema.size(); ++i) {
    sql += (i ? ", " : "") + warehouse_->Name(schema[i].name) + " " +
           warehouse_->dialect().TypeName(schema[i].type);
  }
  return Ddl(sql + ")", "creating table " + table);
}

Status OdbcTransaction::CopyToHistory(const std::string& table,
                                      const std::vector<CatalogColumn>& columns,
                                      const std::string& where,
                                      const std::vector<std::string>& params) {
  const std::string hist = HistoryTable(table);
  ATTRITION_ASSIGN_OR_RETURN(std::vector<CatalogColumn> hist_columns, warehouse_->Columns(hist));
  if (hist_columns.empty()) {
    ATTRITION_RETURN_IF_ERROR(Ddl("CREATE TABLE " + warehouse_->Name(hist) + " AS SELECT * FROM " +
                                      warehouse_->Name(table) + " WHERE 1 = 0",
                                  "creating table " + hist));
  } else {
    for (const CatalogColumn& c : columns) {
      const bool present = std::any_of(hist_columns.begin(), hist_columns.end(),
                                       [&](const CatalogColumn& h) { return h.name == c.name; });
      if (present) continue;
      ATTRITION_RETURN_IF_ERROR(Ddl("ALTER TABLE " + warehouse_->Name(hist) + " ADD COLUMN " +
                                        SqlName(c.name, IdentifierCase::kAsIs) + " " +
                                        warehouse_->dialect().TypeName(c.type),
                                    "adding column " + c.name + " to " + hist));
    }
  }
  std::string list;
  for (const CatalogColumn& c : columns) {
    list += (list.empty() ? "" : ",") + SqlName(c.name, IdentifierCase::kAsIs);
  }
  return Dml("INSERT INTO " + warehouse_->Name(hist) + " (" + list + ") SELECT " + list + " FROM " +
                 warehouse_->Name(table) + where,
             "copying " + table + " into " + hist, params);
}

Result<std::unique_ptr<RowWriter>> OdbcTransaction::ReplaceTable(const std::string& table,
                                                                 const Schema& schema,
                                                                 const ReplaceOptions& options) {
  assert(open_);
  ATTRITION_ASSIGN_OR_RETURN(std::vector<CatalogColumn> columns, warehouse_->Columns(table));
  const bool exists = !columns.empty();
  if (exists && options.keep_history) {
    ATTRITION_RETURN_IF_ERROR(CopyToHistory(table, columns, "", {}));
  }
  std::string target = table;
  if (warehouse_->dialect().transactional_ddl) {
    if (exists) {
      ATTRITION_RETURN_IF_ERROR(
          Ddl("DROP TABLE " + warehouse_->Name(table), "replacing table " + table));
    }
  } else {
    target = table + "__ATTRITION_NEW";
    ATTRITION_RETURN_IF_ERROR(
        Ddl("DROP TABLE IF EXISTS " + warehouse_->Name(target), "dropping " + target));
    pending_.push_back({table, target, exists});
  }
  ATTRITION_RETURN_IF_ERROR(CreateTable(target, schema));
  return OdbcArrayWriter::Open(warehouse_->session(), table, warehouse_->Name(target), schema);
}

Result<std::unique_ptr<RowWriter>> OdbcTransaction::AppendRows(const std::string& table,
                                                               const Schema& schema) {
  assert(open_);
  ATTRITION_ASSIGN_OR_RETURN(bool exists, warehouse_->TableExists(table));
  if (!exists) ATTRITION_RETURN_IF_ERROR(CreateTable(table, schema));
  return OdbcArrayWriter::Open(warehouse_->session(), table, warehouse_->Name(table), schema);
}

Status OdbcTransaction::ArchiveRows(const std::string& table, const std::string& column,
                                    const std::vector<std::string>& values) {
  assert(open_);
  ATTRITION_ASSIGN_OR_RETURN(std::vector<CatalogColumn> columns, warehouse_->Columns(table));
  if (columns.empty() || values.empty()) return Status::OK();
  auto stored = std::find_if(columns.begin(), columns.end(),
                             [&](const CatalogColumn& c) { return SameName(c.name, column); });
  if (stored == columns.end()) {
    return Status::NotFound("archiving rows of " + table + ": no such column: " + column + " in " +
                            warehouse_->Describe());
  }
  // Compared as text; a text column is compared as it is, so an index still applies.
  std::string lhs = warehouse_->Name(column);
  if (stored->type != ColumnType::kText) {
    lhs = "CAST(" + lhs + " AS " + warehouse_->dialect().TypeName(ColumnType::kText) + ")";
  }
  constexpr size_t kChunk = 500;
  for (size_t first = 0; first < values.size(); first += kChunk) {
    const std::vector<std::string> chunk(values.begin() + first,
                                         values.begin() + std::min(values.size(), first + kChunk));
    std::string where = " WHERE " + lhs + " IN (";
    for (size_t i = 0; i < chunk.size(); ++i) where += i ? ",?" : "?";
    where += ")";
    ATTRITION_RETURN_IF_ERROR(CopyToHistory(table, columns, where, chunk));
    ATTRITION_RETURN_IF_ERROR(Dml("DELETE FROM " + warehouse_->Name(table) + where,
                                  "deleting archived rows of " + table, chunk));
  }
  return Status::OK();
}

Status OdbcTransaction::Swap(const PendingSwap& swap) {
  const OdbcDialect& dialect = warehouse_->dialect();
  const std::string table = warehouse_->Name(swap.table);
  const std::string staging = warehouse_->Name(swap.staging);
  const std::string what = "swapping in the new rows of " + swap.table;
  if (swap.existed && !dialect.swap_tables.empty()) {
    std::string sql = dialect.swap_tables;
    sql.replace(sql.find("{a}"), 3, staging);
    sql.replace(sql.find("{b}"), 3, table);
    ATTRITION_RETURN_IF_ERROR(Ddl(sql, what));
    return Ddl("DROP TABLE " + staging, what);
  }
  if (swap.existed) ATTRITION_RETURN_IF_ERROR(Ddl("DROP TABLE " + table, what));
  // PostgreSQL takes an unqualified new name (the table stays in its schema).
  const std::string new_name =
      SameName(dialect.dbms, "PostgreSQL") ? warehouse_->Name(LastPart(swap.table)) : table;
  return Ddl("ALTER TABLE " + staging + " RENAME TO " + new_name, what);
}

Status OdbcTransaction::Commit() {
  if (!open_) return Status::FailedPrecondition("transaction already committed");
  OdbcSession& session = *warehouse_->session();
  if (session.failed) {
    session.connection->EndTransaction(/*commit=*/false);
    End();
    for (const PendingSwap& swap : pending_) {
      Ddl("DROP TABLE IF EXISTS " + warehouse_->Name(swap.staging), "dropping " + swap.staging);
    }
    return Status::FailedPrecondition(
        "committing: the transaction was rolled back because a statement in it failed");
  }
  Status committed = session.connection->EndTransaction(/*commit=*/true);
  if (!committed.ok()) {
    session.connection->EndTransaction(/*commit=*/false);
    End();
    return committed;
  }
  End();
  for (const PendingSwap& swap : pending_) {
    Status swapped = Swap(swap);
    if (!swapped.ok()) {
      return swapped.WithContext("the rows of " + swap.table + " were committed to " +
                                 swap.staging + " but not swapped in");
    }
  }
  return Status::OK();
}

}  // namespace

Result<std::unique_ptr<Warehouse>> OpenOdbc(std::string_view connection_string,
                                            const OdbcOptions& options) {
  auto session = std::make_shared<OdbcSession>();
  ATTRITION_ASSIGN_OR_RETURN(session->connection, OdbcConnection::Connect(connection_string));
  if (options.transactional_ddl) {
    session->connection->mutable_dialect().transactional_ddl = *options.transactional_ddl;
  }
  return std::unique_ptr<Warehouse>(
      new OdbcWarehouse(std::move(session), std::string(connection_string)));
}

}  // namespace attrition::warehouse
