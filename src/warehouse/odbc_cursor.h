// Streaming reads through ODBC: one statement, SQLFetch row by row, values read with
// SQLGetData as text (the driver streams; for psqlODBC the connection asks for
// UseDeclareFetch, see odbc_connection.cpp).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "attrition/warehouse.h"
#include "warehouse/odbc_session.h"
#include "warehouse/postgres_odbc_common.h"

namespace attrition::warehouse {

class OdbcCursor final : public RowCursor {
 public:
  // Executes `sql` (any statement; one that returns no rows gives an empty cursor).
  // `params` are bound as text to its ? markers; `what` names the work in messages
  // (default: the query).
  static Result<std::unique_ptr<OdbcCursor>> Open(std::shared_ptr<OdbcSession> session,
                                                  const std::string& sql,
                                                  const std::vector<std::string>& params = {},
                                                  std::string what = "");

  Result<bool> Next() override;
  int ColumnCount() const override { return static_cast<int>(types_.size()); }
  ValueKind Kind(int column) const override;
  int64_t Integer(int column) const override;
  double Real(int column) const override;
  std::string_view Text(int column) const override;

  // SQL type code (SQL_BIGINT, ...) of a result column, from SQLDescribeCol.
  SQLSMALLINT SqlType(int column) const { return sql_types_[column]; }

 private:
  using Type = WireType;

  explicit OdbcCursor(std::shared_ptr<OdbcSession> session) : session_(std::move(session)) {}
  Status ReadColumn(int column);

  std::shared_ptr<OdbcSession> session_;
  OdbcStatement stmt_;
  std::string what_;
  bool done_ = false;
  std::vector<Type> types_;
  std::vector<SQLSMALLINT> sql_types_;
  std::vector<std::vector<char>> values_;  // current row, one buffer per column
  std::vector<size_t> lengths_;
  std::vector<char> nulls_;
};

}  // namespace attrition::warehouse
