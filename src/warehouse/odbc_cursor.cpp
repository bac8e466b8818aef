#include "warehouse/odbc_cursor.h"

#include <cassert>
#include <cmath>

#include "warehouse/postgres_odbc_common.h"

namespace attrition::warehouse {
namespace {

std::string Describe(const std::string& sql) {
  constexpr size_t kMax = 120;
  std::string shown = OneLine(sql);
  if (shown.size() > kMax) shown = shown.substr(0, kMax) + "...";
  return "query `" + shown + "`";
}

}  // namespace

Result<std::unique_ptr<OdbcCursor>> OdbcCursor::Open(std::shared_ptr<OdbcSession> session,
                                                     const std::string& sql,
                                                     const std::vector<std::string>& params,
                                                     std::string what) {
  std::unique_ptr<OdbcCursor> cursor(new OdbcCursor(session));
  cursor->what_ = what.empty() ? Describe(sql) : std::move(what);
  OdbcConnection& connection = *session->connection;
  ATTRITION_ASSIGN_OR_RETURN(cursor->stmt_, connection.NewStatement(cursor->what_));
  SQLHSTMT stmt = cursor->stmt_.get();
  std::vector<SQLLEN> lengths(params.size());
  for (size_t i = 0; i < params.size(); ++i) {
    lengths[i] = static_cast<SQLLEN>(params[i].size());
    ATTRITION_RETURN_IF_ERROR(session->Note(connection.Check(
        SQLBindParameter(stmt, static_cast<SQLUSMALLINT>(i + 1), SQL_PARAM_INPUT, SQL_C_CHAR,
                         SQL_VARCHAR, std::max<SQLULEN>(1, params[i].size()), 0,
                         const_cast<char*>(params[i].data()), lengths[i], &lengths[i]),
        SQL_HANDLE_STMT, stmt, cursor->what_)));
  }
  std::string text = sql;
  SQLRETURN rc = SQLExecDirect(stmt, reinterpret_cast<SQLCHAR*>(text.data()), SQL_NTS);
  if (rc == SQL_NO_DATA) {  // a searched DELETE/UPDATE that matched nothing
    cursor->done_ = true;
    return cursor;
  }
  ATTRITION_RETURN_IF_ERROR(
      session->Note(connection.Check(rc, SQL_HANDLE_STMT, stmt, cursor->what_)));
  SQLSMALLINT columns = 0;
  ATTRITION_RETURN_IF_ERROR(
      connection.Check(SQLNumResultCols(stmt, &columns), SQL_HANDLE_STMT, stmt, cursor->what_));
  if (columns == 0) cursor->done_ = true;
  for (SQLSMALLINT i = 1; i <= columns; ++i) {
    SQLSMALLINT type = 0, digits = 0, nullable = 0, name_length = 0;
    SQLULEN size = 0;
    SQLCHAR name[256];
    ATTRITION_RETURN_IF_ERROR(connection.Check(
        SQLDescribeCol(stmt, i, name, sizeof name, &name_length, &type, &size, &digits, &nullable),
        SQL_HANDLE_STMT, stmt, cursor->what_));
    cursor->sql_types_.push_back(type);
    switch (type) {
      case SQL_TINYINT:
      case SQL_SMALLINT:
      case SQL_INTEGER:
      case SQL_BIGINT:
        cursor->types_.push_back(Type::kInteger);
        break;
      case SQL_REAL:
      case SQL_FLOAT:
      case SQL_DOUBLE:
        cursor->types_.push_back(Type::kReal);
        break;
      case SQL_DECIMAL:
      case SQL_NUMERIC:
        cursor->types_.push_back(Type::kNumeric);
        break;
      default:
        cursor->types_.push_back(Type::kText);
    }
  }
  cursor->values_.assign(columns, std::vector<char>(64));
  cursor->lengths_.assign(columns, 0);
  cursor->nulls_.assign(columns, 1);
  return cursor;
}

Result<bool> OdbcCursor::Next() {
  if (done_) return false;
  const SQLRETURN rc = SQLFetch(stmt_.get());
  if (rc == SQL_NO_DATA) {
    done_ = true;
    stmt_ = OdbcStatement();  // frees the driver's cursor now
    return false;
  }
  Status status = session_->connection->Check(rc, SQL_HANDLE_STMT, stmt_.get(), what_);
  for (int i = 0; status.ok() && i < ColumnCount(); ++i) status = ReadColumn(i);
  if (!status.ok()) {
    done_ = true;
    return session_->Note(status);
  }
  return true;
}

Status OdbcCursor::ReadColumn(int column) {
  std::vector<char>& buffer = values_[column];
  size_t have = 0;
  nulls_[column] = 0;
  while (true) {
    const size_t space = buffer.size() - have;  // >= 2
    SQLLEN indicator = 0;
    const SQLRETURN rc = SQLGetData(stmt_.get(), static_cast<SQLUSMALLINT>(column + 1), SQL_C_CHAR,
                                    buffer.data() + have, static_cast<SQLLEN>(space), &indicator);
    if (rc == SQL_NO_DATA) break;
    ATTRITION_RETURN_IF_ERROR(session_->connection->Check(rc, SQL_HANDLE_STMT, stmt_.get(), what_));
    if (indicator == SQL_NULL_DATA) {
      nulls_[column] = 1;
      break;
    }
    if (indicator != SQL_NO_TOTAL && static_cast<size_t>(indicator) < space) {
      have += static_cast<size_t>(indicator);
      break;
    }
    // Truncated: `space - 1` bytes and a terminator arrived; the rest follows.
    have += space - 1;
    const size_t rest =
        indicator == SQL_NO_TOTAL ? buffer.size() : static_cast<size_t>(indicator) - (space - 1);
    buffer.resize(have + rest + 2);
  }
  lengths_[column] = have;
  return Status::OK();
}

ValueKind OdbcCursor::Kind(int column) const {
  if (nulls_[column]) return ValueKind::kNull;
  return WireValueKind(types_[column], Text(column));
}

int64_t OdbcCursor::Integer(int column) const {
  assert(Kind(column) == ValueKind::kInteger);
  return ParseInteger(Text(column)).value_or(0);
}

double OdbcCursor::Real(int column) const { return ParseReal(Text(column)).value_or(std::nan("")); }

std::string_view OdbcCursor::Text(int column) const {
  if (nulls_[column]) return {};
  return {values_[column].data(), lengths_[column]};
}

}  // namespace attrition::warehouse
