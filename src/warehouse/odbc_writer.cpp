#include "warehouse/odbc_writer.h"

#include <cassert>
#include <cmath>
#include <cstring>

#include "warehouse/postgres_odbc_common.h"

namespace attrition::warehouse {

Result<std::unique_ptr<RowWriter>> OdbcArrayWriter::Open(std::shared_ptr<OdbcSession> session,
                                                         const std::string& table,
                                                         const std::string& sql_table,
                                                         const Schema& schema) {
  std::unique_ptr<OdbcArrayWriter> writer(new OdbcArrayWriter(session, table));
  const IdentifierCase fold = session->connection->dialect().fold;
  std::string sql = "INSERT INTO " + sql_table + " (";
  for (size_t i = 0; i < schema.size(); ++i) {
    sql += (i ? "," : "") + SqlName(schema[i].name, fold);
    ColumnBuffer& c = writer->columns_.emplace_back();
    c.name = schema[i].name;
    c.type = schema[i].type;
    c.indicators.assign(kBatchRows, SQL_NULL_DATA);
    switch (c.type) {
      case ColumnType::kInteger:
        c.integers.resize(kBatchRows);
        break;
      case ColumnType::kReal:
        c.reals.resize(kBatchRows);
        break;
      case ColumnType::kText:
        c.texts.resize(kBatchRows);
        break;
    }
  }
  sql += ") VALUES (";
  for (size_t i = 0; i < schema.size(); ++i) sql += i ? ",?" : "?";
  sql += ")";

  OdbcConnection& connection = *session->connection;
  const std::string what = "writing table " + table;
  ATTRITION_ASSIGN_OR_RETURN(writer->insert_, connection.NewStatement(what));
  ATTRITION_RETURN_IF_ERROR(session->Note(connection.Check(
      SQLPrepare(writer->insert_.get(), reinterpret_cast<SQLCHAR*>(sql.data()), SQL_NTS),
      SQL_HANDLE_STMT, writer->insert_.get(), what)));
  return std::unique_ptr<RowWriter>(std::move(writer));
}

OdbcArrayWriter::OdbcArrayWriter(std::shared_ptr<OdbcSession> session, std::string table)
    : session_(std::move(session)), table_(std::move(table)) {}

void OdbcArrayWriter::Mismatch(int column, std::string_view value) {
  const ColumnBuffer& c = columns_[column];
  mismatch_ = "writing table " + table_ + ": row " + std::to_string(written_ + rows_ + 1) +
              ", column " + c.name + " is " +
              (c.type == ColumnType::kInteger ? "INTEGER" : "REAL") + " but got '" +
              std::string(value) + "'";
}

void OdbcArrayWriter::SetNull(int column) {
  assert(column >= 0 && column < static_cast<int>(columns_.size()));
  columns_[column].indicators[rows_] = SQL_NULL_DATA;
}

void OdbcArrayWriter::SetInteger(int column, int64_t value) {
  assert(column >= 0 && column < static_cast<int>(columns_.size()));
  ColumnBuffer& c = columns_[column];
  switch (c.type) {
    case ColumnType::kInteger:
      c.integers[rows_] = value;
      c.indicators[rows_] = 0;
      break;
    case ColumnType::kReal:
      SetReal(column, static_cast<double>(value));
      break;
    case ColumnType::kText:
      SetText(column, FormatInteger(value));
      break;
  }
}

void OdbcArrayWriter::SetReal(int column, double value) {
  assert(column >= 0 && column < static_cast<int>(columns_.size()));
  ColumnBuffer& c = columns_[column];
  if (std::isnan(value)) {
    SetNull(column);
    return;
  }
  switch (c.type) {
    case ColumnType::kInteger:
      if (value == std::trunc(value) && std::fabs(value) < 9.2e18) {
        SetInteger(column, static_cast<int64_t>(value));
      } else {
        Mismatch(column, FormatReal(value));
      }
      break;
    case ColumnType::kReal:
      c.reals[rows_] = value;
      c.indicators[rows_] = 0;
      break;
    case ColumnType::kText:
      SetText(column, FormatReal(value));
      break;
  }
}

void OdbcArrayWriter::SetText(int column, std::string_view value) {
  assert(column >= 0 && column < static_cast<int>(columns_.size()));
  ColumnBuffer& c = columns_[column];
  switch (c.type) {
    case ColumnType::kInteger:
      if (auto parsed = ParseInteger(value)) {
        SetInteger(column, *parsed);
      } else {
        Mismatch(column, value);
      }
      break;
    case ColumnType::kReal:
      if (auto parsed = ParseReal(value)) {
        SetReal(column, *parsed);
      } else {
        Mismatch(column, value);
      }
      break;
    case ColumnType::kText:
      c.texts[rows_].assign(value);
      c.indicators[rows_] = static_cast<SQLLEN>(value.size());
      c.widest = std::max(c.widest, value.size());
      break;
  }
}

Status OdbcArrayWriter::EndRow() {
  if (!failed_.ok()) return failed_;
  if (!mismatch_.empty()) {
    Status status = Status::InvalidArgument(std::move(mismatch_));
    mismatch_.clear();
    for (ColumnBuffer& c : columns_) c.indicators[rows_] = SQL_NULL_DATA;
    return status;
  }
  ++rows_;
  size_t text_bytes = 0;
  for (ColumnBuffer& c : columns_) {
    text_bytes += c.widest + 1;
    if (rows_ < kBatchRows) c.indicators[rows_] = SQL_NULL_DATA;
  }
  if (rows_ == kBatchRows || text_bytes * rows_ >= kBatchTextBytes) return Flush();
  return Status::OK();
}

Status OdbcArrayWriter::Finish() {
  if (!failed_.ok()) return failed_;
  return Flush();
}

Status OdbcArrayWriter::Flush() {
  if (rows_ == 0) return Status::OK();
  SQLHSTMT stmt = insert_.get();
  OdbcConnection& connection = *session_->connection;
  const std::string what = "writing table " + table_;
  auto check = [&](SQLRETURN rc) {
    return session_->Note(connection.Check(rc, SQL_HANDLE_STMT, stmt, what));
  };
  failed_ = check(SQLSetStmtAttr(stmt, SQL_ATTR_PARAM_BIND_TYPE,
                                 reinterpret_cast<SQLPOINTER>(SQL_PARAM_BIND_BY_COLUMN), 0));
  if (failed_.ok()) {
    failed_ = check(SQLSetStmtAttr(stmt, SQL_ATTR_PARAMSET_SIZE,
                                   reinterpret_cast<SQLPOINTER>(static_cast<uintptr_t>(rows_)), 0));
  }
  for (size_t i = 0; failed_.ok() && i < columns_.size(); ++i) {
    ColumnBuffer& c = columns_[i];
    const auto number = static_cast<SQLUSMALLINT>(i + 1);
    SQLRETURN rc = SQL_SUCCESS;
    switch (c.type) {
      case ColumnType::kInteger:
        rc = SQLBindParameter(stmt, number, SQL_PARAM_INPUT, SQL_C_SBIGINT, SQL_BIGINT, 0, 0,
                              c.integers.data(), 0, c.indicators.data());
        break;
      case ColumnType::kReal:
        rc = SQLBindParameter(stmt, number, SQL_PARAM_INPUT, SQL_C_DOUBLE, SQL_DOUBLE, 0, 0,
                              c.reals.data(), 0, c.indicators.data());
        break;
      case ColumnType::kText: {
        const size_t width = c.widest + 1;
        c.packed.resize(width * rows_);
        for (size_t r = 0; r < rows_; ++r) {
          if (c.indicators[r] == SQL_NULL_DATA) continue;
          std::memcpy(c.packed.data() + r * width, c.texts[r].data(), c.texts[r].size());
          c.packed[r * width + c.texts[r].size()] = '\0';
        }
        rc = SQLBindParameter(stmt, number, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR,
                              std::max<size_t>(1, c.widest), 0, c.packed.data(),
                              static_cast<SQLLEN>(width), c.indicators.data());
        break;
      }
    }
    failed_ = check(rc);
  }
  if (failed_.ok()) failed_ = check(SQLExecute(stmt));
  SQLFreeStmt(stmt, SQL_CLOSE);
  written_ += rows_;
  rows_ = 0;
  for (ColumnBuffer& c : columns_) {
    c.widest = 0;
    c.indicators[0] = SQL_NULL_DATA;
  }
  return failed_;
}

}  // namespace attrition::warehouse
