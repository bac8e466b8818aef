#include "warehouse/odbc_connection.h"

#include <cctype>

#include "warehouse/odbc_warehouse.h"

namespace attrition::warehouse {
namespace {

struct KeyValue {
  size_t key_begin, key_end, value_begin, value_end;  // offsets into the string
};

// Splits KEY=VALUE;KEY={VALUE;WITH;SEMICOLONS};... into its pairs.
std::vector<KeyValue> SplitConnectionString(std::string_view s) {
  std::vector<KeyValue> pairs;
  size_t at = 0;
  while (at < s.size()) {
    const size_t eq = s.find('=', at);
    if (eq == std::string_view::npos) break;
    KeyValue kv{at, eq, eq + 1, eq + 1};
    size_t end = eq + 1;
    if (end < s.size() && s[end] == '{') {
      const size_t close = s.find('}', end);
      end = close == std::string_view::npos ? s.size() : close + 1;
    }
    end = s.find(';', end);
    if (end == std::string_view::npos) end = s.size();
    kv.value_end = end;
    pairs.push_back(kv);
    at = end + 1;
  }
  return pairs;
}

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool IsSecretKey(std::string_view key) {
  std::string upper = Upper(key);
  while (!upper.empty() && std::isspace(static_cast<unsigned char>(upper.back()))) upper.pop_back();
  for (const char* part : {"PWD", "PASSWORD", "SECRET", "TOKEN"}) {
    if (upper.find(part) != std::string::npos) return true;
  }
  return false;
}

// Value of `key` in the connection string, or "".
std::string ValueOf(std::string_view s, std::string_view key) {
  for (const KeyValue& kv : SplitConnectionString(s)) {
    if (SameName(OneLine(s.substr(kv.key_begin, kv.key_end - kv.key_begin)), key)) {
      std::string value(s.substr(kv.value_begin, kv.value_end - kv.value_begin));
      if (value.size() >= 2 && value.front() == '{' && value.back() == '}') {
        value = value.substr(1, value.size() - 2);
      }
      return value;
    }
  }
  return "";
}

// "Server:Port", "DSN=name" or "the data source": where a connection string points.
std::string Target(std::string_view s) {
  std::string server = ValueOf(s, "Server");
  if (server.empty()) server = ValueOf(s, "Servername");
  if (server.empty()) server = ValueOf(s, "Host");
  const std::string port = ValueOf(s, "Port");
  if (!server.empty()) return port.empty() ? server : server + ":" + port;
  const std::string dsn = ValueOf(s, "DSN");
  if (!dsn.empty()) return "DSN=" + dsn;
  return "the data source";
}

std::string GetInfoText(SQLHDBC dbc, SQLUSMALLINT info) {
  char buffer[256] = {};
  SQLSMALLINT length = 0;
  if (!SQL_SUCCEEDED(SQLGetInfo(dbc, info, buffer, sizeof buffer, &length))) return "";
  return buffer;
}

SQLUSMALLINT GetInfoShort(SQLHDBC dbc, SQLUSMALLINT info) {
  SQLUSMALLINT value = 0;
  if (!SQL_SUCCEEDED(SQLGetInfo(dbc, info, &value, sizeof value, nullptr))) return 0;
  return value;
}

// The diagnostic records of `handle` as "[SQLSTATE] message; ...", and the first state.
std::string Diagnostics(SQLSMALLINT type, SQLHANDLE handle, std::string* first_state) {
  std::string out;
  for (SQLSMALLINT i = 1;; ++i) {
    SQLCHAR state[6] = {};
    SQLCHAR message[2048] = {};
    SQLINTEGER native = 0;
    SQLSMALLINT length = 0;
    const SQLRETURN rc =
        SQLGetDiagRec(type, handle, i, state, &native, message, sizeof message, &length);
    if (!SQL_SUCCEEDED(rc)) break;
    if (i == 1) *first_state = reinterpret_cast<char*>(state);
    if (!out.empty()) out += "; ";
    // Appended piecewise: `"[" + std::string(...)` trips GCC 12's -Wrestrict false positive.
    out += '[';
    out += reinterpret_cast<const char*>(state);
    out += "] ";
    out += OneLine(reinterpret_cast<char*>(message));
  }
  return out;
}

}  // namespace

std::string MaskOdbcConnectionString(std::string_view s) {
  std::string out;
  size_t copied = 0;
  for (const KeyValue& kv : SplitConnectionString(s)) {
    if (!IsSecretKey(s.substr(kv.key_begin, kv.key_end - kv.key_begin))) continue;
    out.append(s.substr(copied, kv.value_begin - copied));
    out += "***";
    copied = kv.value_end;
  }
  out.append(s.substr(copied));
  return out;
}

const std::string& OdbcDialect::TypeName(ColumnType type) const {
  switch (type) {
    case ColumnType::kInteger:
      return integer_type;
    case ColumnType::kReal:
      return real_type;
    case ColumnType::kText:
      return text_type;
  }
  return text_type;
}

Result<std::unique_ptr<OdbcConnection>> OdbcConnection::Connect(
    std::string_view connection_string) {
  std::unique_ptr<OdbcConnection> c(new OdbcConnection());
  c->describe_ = "odbc:" + MaskOdbcConnectionString(connection_string);
  for (const KeyValue& kv : SplitConnectionString(connection_string)) {
    if (!IsSecretKey(connection_string.substr(kv.key_begin, kv.key_end - kv.key_begin))) continue;
    std::string value(connection_string.substr(kv.value_begin, kv.value_end - kv.value_begin));
    c->secrets_.push_back(value);
    if (value.size() >= 2 && value.front() == '{')
      c->secrets_.push_back(value.substr(1, value.size() - 2));
  }
  if (connection_string.empty()) {
    return Status::InvalidArgument(
        "warehouse.url: 'odbc:' needs a connection string, e.g. odbc:DSN=name;UID=user");
  }

  if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &c->env_))) {
    return Status::Internal("cannot allocate an ODBC environment (is unixODBC installed?)");
  }
  SQLSetEnvAttr(c->env_, SQL_ATTR_ODBC_VERSION, reinterpret_cast<SQLPOINTER>(SQL_OV_ODBC3), 0);
  ATTRITION_RETURN_IF_ERROR(c->Check(SQLAllocHandle(SQL_HANDLE_DBC, c->env_, &c->dbc_),
                                     SQL_HANDLE_ENV, c->env_, "allocating a connection"));
  SQLSetConnectAttr(c->dbc_, SQL_ATTR_LOGIN_TIMEOUT, reinterpret_cast<SQLPOINTER>(10), 0);

  std::string text(connection_string);
  SQLCHAR out[4096];
  SQLSMALLINT out_length = 0;
  SQLRETURN rc = SQLDriverConnect(c->dbc_, nullptr, reinterpret_cast<SQLCHAR*>(text.data()),
                                  SQL_NTS, out, sizeof out, &out_length, SQL_DRIVER_NOPROMPT);
  c->target_ = Target(text);
  const std::string where = "through ODBC to " + c->target_ + " (" + c->describe_ + ")";
  if (!SQL_SUCCEEDED(rc)) {
    std::string state;
    const std::string reason = Redact(Diagnostics(SQL_HANDLE_DBC, c->dbc_, &state), c->secrets_);
    if (state.starts_with("28") || reason.find("authentication failed") != std::string::npos) {
      return Status::InvalidArgument("cannot log in " + where + ": " + reason);
    }
    if (state.starts_with("IM")) {
      return Status::InvalidArgument("cannot connect " + where + ": " + reason);
    }
    return Status::Unavailable("cannot connect " + where + ": " + reason);
  }
  c->connected_ = true;
  c->connection_string_ = text;
  ATTRITION_RETURN_IF_ERROR(c->StreamResults());
  ATTRITION_RETURN_IF_ERROR(c->Inspect());
  return c;
}

Status OdbcConnection::StreamResults() {
  // psqlODBC reads a whole result into memory unless told to use a cursor; reads must
  // stream, so reconnect with UseDeclareFetch when the string does not choose.
  if (!GetInfoText(dbc_, SQL_DRIVER_NAME).starts_with("psqlodbc") ||
      !ValueOf(connection_string_, "UseDeclareFetch").empty()) {
    return Status::OK();
  }
  std::string streaming = connection_string_;
  if (!streaming.empty() && streaming.back() != ';') streaming += ';';
  streaming += "UseDeclareFetch=1;";
  if (ValueOf(connection_string_, "Fetch").empty()) streaming += "Fetch=10000;";
  connection_string_ = std::move(streaming);
  return Reconnect();
}

OdbcConnection::~OdbcConnection() {
  if (connected_) {
    SQLEndTran(SQL_HANDLE_DBC, dbc_, SQL_ROLLBACK);
    SQLDisconnect(dbc_);
  }
  if (dbc_ != nullptr) SQLFreeHandle(SQL_HANDLE_DBC, dbc_);
  if (env_ != nullptr) SQLFreeHandle(SQL_HANDLE_ENV, env_);
}

Status OdbcConnection::Inspect() {
  dialect_.dbms = GetInfoText(dbc_, SQL_DBMS_NAME);
  switch (GetInfoShort(dbc_, SQL_IDENTIFIER_CASE)) {
    case SQL_IC_LOWER:
      dialect_.fold = IdentifierCase::kLower;
      break;
    case SQL_IC_UPPER:
      dialect_.fold = IdentifierCase::kUpper;
      break;
    default:
      dialect_.fold = IdentifierCase::kAsIs;
  }
  dialect_.transactional_ddl = GetInfoShort(dbc_, SQL_TXN_CAPABLE) == SQL_TC_ALL;
  if (SameName(dialect_.dbms, "PostgreSQL")) {
    dialect_.fold = IdentifierCase::kLower;
    dialect_.transactional_ddl = true;
    dialect_.text_type = "TEXT";
  } else if (SameName(dialect_.dbms, "Snowflake")) {
    // Snowflake commits the open transaction before any DDL statement.
    dialect_.fold = IdentifierCase::kUpper;
    dialect_.transactional_ddl = false;
    dialect_.integer_type = "NUMBER(38,0)";
    dialect_.real_type = "FLOAT";
    dialect_.text_type = "VARCHAR";
    dialect_.swap_tables = "ALTER TABLE {a} SWAP WITH {b}";
  }

  ATTRITION_ASSIGN_OR_RETURN(OdbcStatement stmt, NewStatement("reading the current schema"));
  std::string sql = "SELECT CURRENT_SCHEMA()";
  if (SQL_SUCCEEDED(SQLExecDirect(stmt.get(), reinterpret_cast<SQLCHAR*>(sql.data()), SQL_NTS)) &&
      SQL_SUCCEEDED(SQLFetch(stmt.get()))) {
    char schema[512] = {};
    SQLLEN indicator = 0;
    if (SQL_SUCCEEDED(SQLGetData(stmt.get(), 1, SQL_C_CHAR, schema, sizeof schema, &indicator)) &&
        indicator > 0) {
      default_schema_ = schema;
    }
  }
  // Without a current schema the catalog is searched in every schema.
  return Status::OK();
}

Result<OdbcStatement> OdbcConnection::NewStatement(std::string_view what) {
  SQLHSTMT stmt = nullptr;
  ATTRITION_RETURN_IF_ERROR(
      Check(SQLAllocHandle(SQL_HANDLE_STMT, dbc_, &stmt), SQL_HANDLE_DBC, dbc_, what));
  return OdbcStatement(stmt);
}

Status OdbcConnection::Exec(const std::string& sql, std::string_view what) {
  ATTRITION_ASSIGN_OR_RETURN(OdbcStatement stmt, NewStatement(what));
  std::string text = sql;
  const SQLRETURN rc = SQLExecDirect(stmt.get(), reinterpret_cast<SQLCHAR*>(text.data()), SQL_NTS);
  if (rc == SQL_NO_DATA) return Status::OK();  // a searched DELETE/UPDATE that hit no row
  return Check(rc, SQL_HANDLE_STMT, stmt.get(), what);
}

Status OdbcConnection::Check(SQLRETURN rc, SQLSMALLINT type, SQLHANDLE handle,
                             std::string_view what) const {
  if (SQL_SUCCEEDED(rc)) return Status::OK();
  std::string state;
  std::string reason = Diagnostics(type, handle, &state);
  if (reason.empty()) reason = "ODBC call failed with return code " + std::to_string(rc);
  std::string message = Redact(std::string(what) + ": " + reason, secrets_);
  // 08: connection exceptions; 57: the server shut down or crashed (PostgreSQL).
  if (state.starts_with("08") || state.starts_with("57")) {
    lost_ = true;
    return Status::Unavailable(Redact(std::string(what) + ": lost the connection through ODBC to " +
                                          target_ + " (" + reason +
                                          "); nothing uncommitted was kept (" + describe_ + ")",
                                      secrets_));
  }
  if (state.starts_with("HYT")) return Status::Unavailable(message + " (" + describe_ + ")");
  if (state == "42S02" || state == "42P01" || state == "42S22" || state == "42703") {
    return Status::NotFound(std::move(message));
  }
  if (state.starts_with("22") || state.starts_with("23") || state.starts_with("42") ||
      state.starts_with("07") || state.starts_with("IM") || state.starts_with("28") ||
      state == "21S01") {
    return Status::InvalidArgument(std::move(message));
  }
  if (state.starts_with("25")) return Status::FailedPrecondition(std::move(message));
  return Status::IOError(std::move(message));
}

Status OdbcConnection::Reconnect() {
  if (connected_) SQLDisconnect(dbc_);
  connected_ = false;
  SQLCHAR out[4096];
  SQLSMALLINT out_length = 0;
  const SQLRETURN rc =
      SQLDriverConnect(dbc_, nullptr, reinterpret_cast<SQLCHAR*>(connection_string_.data()),
                       SQL_NTS, out, sizeof out, &out_length, SQL_DRIVER_NOPROMPT);
  if (!SQL_SUCCEEDED(rc)) {
    Status status = Check(rc, SQL_HANDLE_DBC, dbc_, "reconnecting");
    return Status::Unavailable(status.message());
  }
  connected_ = true;
  lost_ = false;
  return Status::OK();
}

Status OdbcConnection::SetAutocommit(bool on) {
  const auto value = on ? SQL_AUTOCOMMIT_ON : SQL_AUTOCOMMIT_OFF;
  return Check(SQLSetConnectAttr(dbc_, SQL_ATTR_AUTOCOMMIT,
                                 reinterpret_cast<SQLPOINTER>(static_cast<uintptr_t>(value)), 0),
               SQL_HANDLE_DBC, dbc_, on ? "ending a transaction" : "starting a transaction");
}

Status OdbcConnection::EndTransaction(bool commit) {
  return Check(SQLEndTran(SQL_HANDLE_DBC, dbc_, commit ? SQL_COMMIT : SQL_ROLLBACK), SQL_HANDLE_DBC,
               dbc_, commit ? "committing" : "rolling back");
}

}  // namespace attrition::warehouse
