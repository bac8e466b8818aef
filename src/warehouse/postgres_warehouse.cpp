#include "warehouse/postgres_warehouse.h"

#include <cassert>
#include <cctype>

#include "warehouse/postgres_connection.h"
#include "warehouse/postgres_copy.h"
#include "warehouse/postgres_cursor.h"
#include "warehouse/postgres_odbc_common.h"
#include "warehouse/postgres_session.h"

namespace attrition::warehouse {
namespace {

constexpr IdentifierCase kFold = IdentifierCase::kLower;

std::string Name(std::string_view name) { return SqlName(name, kFold); }

std::string_view TypeName(ColumnType type) {
  switch (type) {
    case ColumnType::kInteger:
      return "BIGINT";
    case ColumnType::kReal:
      return "DOUBLE PRECISION";
    case ColumnType::kText:
      return "TEXT";
  }
  return "TEXT";
}

// A column as PostgreSQL stores it.
struct StoredColumn {
  std::string name;      // as stored (folded)
  std::string sql_type;  // format_type(), e.g. "double precision"
  ColumnType type;
};

ColumnType TypeOfOid(Oid oid) {
  switch (oid) {
    case 20:  // int8
    case 21:  // int2
    case 23:  // int4
      return ColumnType::kInteger;
    case 700:   // float4
    case 701:   // float8
    case 1700:  // numeric
      return ColumnType::kReal;
    default:
      return ColumnType::kText;
  }
}

std::string QuotedList(const std::vector<StoredColumn>& columns) {
  std::string out;
  for (const StoredColumn& c : columns) {
    if (!out.empty()) out += ',';
    out += SqlName(c.name, IdentifierCase::kAsIs);
  }
  return out;
}

// True when `sql` is a statement a cursor can be declared for.
bool ReturnsRows(std::string_view sql) {
  size_t i = 0;
  while (i < sql.size()) {
    if (std::isspace(static_cast<unsigned char>(sql[i]))) {
      ++i;
    } else if (sql.substr(i, 2) == "--") {
      i = sql.find('\n', i);
    } else if (sql.substr(i, 2) == "/*") {
      i = sql.find("*/", i);
      if (i != std::string_view::npos) i += 2;
    } else {
      break;
    }
  }
  if (i >= sql.size()) return false;
  if (sql[i] == '(') return true;
  size_t end = i;
  while (end < sql.size() && std::isalpha(static_cast<unsigned char>(sql[end]))) ++end;
  const std::string_view word = sql.substr(i, end - i);
  return SameName(word, "SELECT") || SameName(word, "WITH") || SameName(word, "VALUES") ||
         SameName(word, "TABLE");
}

// `values` as a PostgreSQL text[] literal.
std::string TextArray(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

class PgWarehouse final : public Warehouse {
 public:
  explicit PgWarehouse(std::shared_ptr<PgSession> session) : session_(std::move(session)) {}

  std::string Describe() const override { return session_->connection->masked_url(); }

  Result<std::unique_ptr<RowCursor>> Scan(const std::string& table,
                                          const std::vector<std::string>& columns) override;
  Result<std::unique_ptr<RowCursor>> Query(const std::string& sql) override;
  Result<bool> TableExists(const std::string& table) override;
  Result<Schema> DescribeTable(const std::string& table) override;
  Result<std::unique_ptr<Transaction>> Begin() override;

  // The stored columns of `table`, in table order; empty when it does not exist.
  Result<std::vector<StoredColumn>> Columns(const std::string& table);
  Status NoTable(const std::string& table) const {
    return Status::NotFound("table " + table + " does not exist in " + Describe());
  }
  PgConnection& connection() { return *session_->connection; }
  const std::shared_ptr<PgSession>& session() { return session_; }

 private:
  // Reconnects a connection lost between transactions (a restarted server).
  Status Reconnect();

  std::shared_ptr<PgSession> session_;
};

class PgTransaction final : public Transaction {
 public:
  explicit PgTransaction(PgWarehouse* warehouse) : warehouse_(warehouse) {}
  ~PgTransaction() override;

  Result<std::unique_ptr<RowWriter>> ReplaceTable(const std::string& table, const Schema& schema,
                                                  const ReplaceOptions& options) override;
  Result<std::unique_ptr<RowWriter>> AppendRows(const std::string& table,
                                                const Schema& schema) override;
  Status ArchiveRows(const std::string& table, const std::string& column,
                     const std::vector<std::string>& values) override;
  Status Commit() override;

 private:
  Status Exec(const std::string& sql, std::string_view what,
              const std::vector<std::string>& params = {}) {
    return warehouse_->connection().Exec(sql, what, params).status();
  }
  Status CreateTable(const std::string& table, const Schema& schema);
  // Appends the rows of `table` (all, or those matching `where` with `params`) to its
  // _HIST, creating _HIST or adding the columns it lacks first.
  Status CopyToHistory(const std::string& table, const std::vector<StoredColumn>& columns,
                       const std::string& where, const std::vector<std::string>& params);
  std::unique_ptr<RowWriter> WriterFor(const std::string& table, const Schema& schema);
  void End();

  PgWarehouse* warehouse_;
  bool open_ = true;
};

Status PgWarehouse::Reconnect() {
  if (!session_->connection->Broken() || session_->in_transaction ||
      session_->implicit_transaction) {
    return Status::OK();
  }
  return session_->connection->Reset();
}

Result<std::vector<StoredColumn>> PgWarehouse::Columns(const std::string& table) {
  ATTRITION_RETURN_IF_ERROR(Reconnect());
  ATTRITION_ASSIGN_OR_RETURN(
      PgResult result, session_->connection->Exec(
                           "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.atttypid "
                           "FROM pg_catalog.pg_attribute a WHERE a.attrelid = to_regclass($1) "
                           "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
                           "describing table " + table, {Name(table)}));
  std::vector<StoredColumn> columns;
  for (int i = 0; i < PQntuples(result.get()); ++i) {
    const Oid oid = static_cast<Oid>(std::stoul(PQgetvalue(result.get(), i, 2)));
    columns.push_back(
        {PQgetvalue(result.get(), i, 0), PQgetvalue(result.get(), i, 1), TypeOfOid(oid)});
  }
  return columns;
}

Result<std::unique_ptr<RowCursor>> PgWarehouse::Scan(const std::string& table,
                                                     const std::vector<std::string>& columns) {
  ATTRITION_ASSIGN_OR_RETURN(std::vector<StoredColumn> stored, Columns(table));
  if (stored.empty()) return NoTable(table);
  std::string sql = "SELECT ";
  for (size_t i = 0; i < columns.size(); ++i) {
    bool found = false;
    for (const StoredColumn& s : stored) found = found || SameName(s.name, columns[i]);
    if (!found) {
      return Status::NotFound("reading table " + table + ": no such column: " + columns[i] +
                              " in " + Describe());
    }
    if (i) sql += ',';
    sql += Name(columns[i]);
  }
  sql += " FROM " + Name(table);
  return PgCursor::Open(session_, sql);
}

Result<std::unique_ptr<RowCursor>> PgWarehouse::Query(const std::string& sql) {
  ATTRITION_RETURN_IF_ERROR(Reconnect());
  if (ReturnsRows(sql)) return PgCursor::Open(session_, sql);
  return PgCursor::RunDirect(session_, sql);
}

Result<bool> PgWarehouse::TableExists(const std::string& table) {
  ATTRITION_RETURN_IF_ERROR(Reconnect());
  ATTRITION_ASSIGN_OR_RETURN(
      PgResult result, session_->connection->Exec("SELECT to_regclass($1) IS NOT NULL",
                                                  "looking up table " + table, {Name(table)}));
  return std::string_view(PQgetvalue(result.get(), 0, 0)) == "t";
}

Result<Schema> PgWarehouse::DescribeTable(const std::string& table) {
  ATTRITION_ASSIGN_OR_RETURN(std::vector<StoredColumn> stored, Columns(table));
  if (stored.empty()) return NoTable(table);
  Schema schema;
  for (const StoredColumn& c : stored) schema.push_back({ReportedName(c.name, kFold), c.type});
  return schema;
}

Result<std::unique_ptr<Transaction>> PgWarehouse::Begin() {
  if (session_->in_transaction) {
    return Status::FailedPrecondition("a transaction is already open on " + Describe());
  }
  if (session_->implicit_transaction) {
    return Status::FailedPrecondition("a RowCursor is still open on " + Describe() +
                                      "; destroy it before Begin()");
  }
  ATTRITION_RETURN_IF_ERROR(Reconnect());
  ATTRITION_RETURN_IF_ERROR(session_->connection->Exec("BEGIN", "starting a transaction").status());
  session_->in_transaction = true;
  return std::unique_ptr<Transaction>(new PgTransaction(this));
}

PgTransaction::~PgTransaction() {
  if (!open_) return;
  if (!warehouse_->connection().Broken()) {
    warehouse_->connection().Exec("ROLLBACK", "rolling back").status();
  }
  End();
}

void PgTransaction::End() {
  open_ = false;
  warehouse_->session()->in_transaction = false;
  ++warehouse_->session()->transaction_generation;
}

Status PgTransaction::Commit() {
  if (!open_) return Status::FailedPrecondition("transaction already committed");
  Result<PgResult> result = warehouse_->connection().Exec("COMMIT", "committing");
  End();
  if (!result.ok()) return result.status();
  // COMMIT of a transaction in which a statement failed reports ROLLBACK, not an error.
  if (std::string_view(PQcmdStatus(result->get())) != "COMMIT") {
    return Status::FailedPrecondition(
        "committing: the transaction was rolled back because a statement in it failed");
  }
  return Status::OK();
}

Status PgTransaction::CreateTable(const std::string& table, const Schema& schema) {
  std::string sql = "CREATE TABLE " + Name(table) + " (";
  for (size_t i = 0; i < schema.size(); ++i) {
    if (i) sql += ", ";
    sql += Name(schema[i].name);
    sql += ' ';
    sql += TypeName(schema[i].type);
  }
  return Exec(sql + ")", "creating table " + table);
}

Status PgTransaction::CopyToHistory(const std::string& table,
                                    const std::vector<StoredColumn>& columns,
                                    const std::string& where,
                                    const std::vector<std::string>& params) {
  const std::string hist = HistoryTable(table);
  ATTRITION_ASSIGN_OR_RETURN(std::vector<StoredColumn> hist_columns, warehouse_->Columns(hist));
  if (hist_columns.empty()) {
    ATTRITION_RETURN_IF_ERROR(
        Exec("CREATE TABLE " + Name(hist) + " AS TABLE " + Name(table) + " WITH NO DATA",
             "creating table " + hist));
  } else {
    for (const StoredColumn& c : columns) {
      bool present = false;
      for (const StoredColumn& h : hist_columns) present = present || h.name == c.name;
      if (present) continue;
      ATTRITION_RETURN_IF_ERROR(Exec("ALTER TABLE " + Name(hist) + " ADD COLUMN " +
                                         SqlName(c.name, IdentifierCase::kAsIs) + " " + c.sql_type,
                                     "adding column " + c.name + " to " + hist));
    }
  }
  const std::string list = QuotedList(columns);
  return Exec("INSERT INTO " + Name(hist) + " (" + list + ") SELECT " + list + " FROM " +
                  Name(table) + where,
              "copying " + table + " into " + hist, params);
}

std::unique_ptr<RowWriter> PgTransaction::WriterFor(const std::string& table,
                                                    const Schema& schema) {
  std::string sql = "COPY " + Name(table) + " (";
  for (size_t i = 0; i < schema.size(); ++i) {
    if (i) sql += ',';
    sql += Name(schema[i].name);
  }
  sql += ") FROM STDIN";
  return std::make_unique<PgCopyWriter>(warehouse_->session(), table, std::move(sql),
                                        static_cast<int>(schema.size()));
}

Result<std::unique_ptr<RowWriter>> PgTransaction::ReplaceTable(const std::string& table,
                                                               const Schema& schema,
                                                               const ReplaceOptions& options) {
  assert(open_);
  ATTRITION_ASSIGN_OR_RETURN(std::vector<StoredColumn> columns, warehouse_->Columns(table));
  if (!columns.empty()) {
    if (options.keep_history) ATTRITION_RETURN_IF_ERROR(CopyToHistory(table, columns, "", {}));
    ATTRITION_RETURN_IF_ERROR(Exec("DROP TABLE " + Name(table), "replacing table " + table));
  }
  ATTRITION_RETURN_IF_ERROR(CreateTable(table, schema));
  return WriterFor(table, schema);
}

Result<std::unique_ptr<RowWriter>> PgTransaction::AppendRows(const std::string& table,
                                                             const Schema& schema) {
  assert(open_);
  ATTRITION_ASSIGN_OR_RETURN(bool exists, warehouse_->TableExists(table));
  if (!exists) ATTRITION_RETURN_IF_ERROR(CreateTable(table, schema));
  return WriterFor(table, schema);
}

Status PgTransaction::ArchiveRows(const std::string& table, const std::string& column,
                                  const std::vector<std::string>& values) {
  assert(open_);
  ATTRITION_ASSIGN_OR_RETURN(std::vector<StoredColumn> columns, warehouse_->Columns(table));
  if (columns.empty() || values.empty()) return Status::OK();
  const std::string where = " WHERE CAST(" + Name(column) + " AS TEXT) = ANY($1::text[])";
  const std::vector<std::string> params = {TextArray(values)};
  ATTRITION_RETURN_IF_ERROR(CopyToHistory(table, columns, where, params));
  return Exec("DELETE FROM " + Name(table) + where, "deleting archived rows of " + table, params);
}

}  // namespace

Result<std::unique_ptr<Warehouse>> OpenPostgres(std::string_view url) {
  auto session = std::make_shared<PgSession>();
  ATTRITION_ASSIGN_OR_RETURN(session->connection, PgConnection::Connect(url));
  return std::unique_ptr<Warehouse>(new PgWarehouse(std::move(session)));
}

}  // namespace attrition::warehouse
