// Bulk writes through ODBC: a prepared INSERT executed with arrays of parameters
// (SQL_ATTR_PARAMSET_SIZE, column-wise binding), up to kBatchRows rows per execution.
//
// Each column is bound in its declared type (SQL_C_SBIGINT, SQL_C_DOUBLE, SQL_C_CHAR),
// so a value set with another Set* is converted here: an integer or a real into a text
// column becomes its text form; text into a numeric column must parse as that number,
// and a real into an integer column must be integral, else EndRow() is InvalidArgument.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "attrition/warehouse.h"
#include "warehouse/odbc_session.h"

namespace attrition::warehouse {

class OdbcArrayWriter final : public RowWriter {
 public:
  static constexpr size_t kBatchRows = 5000;
  // A batch is also sent when its text would need more than this many bytes.
  static constexpr size_t kBatchTextBytes = 32 << 20;

  // Prepares INSERT INTO `sql_table` for `schema`; `table` names it in messages.
  static Result<std::unique_ptr<RowWriter>> Open(std::shared_ptr<OdbcSession> session,
                                                 const std::string& table,
                                                 const std::string& sql_table,
                                                 const Schema& schema);

  void SetNull(int column) override;
  void SetInteger(int column, int64_t value) override;
  void SetReal(int column, double value) override;
  void SetText(int column, std::string_view value) override;
  Status EndRow() override;
  Status Finish() override;

 private:
  struct ColumnBuffer {
    std::string name;
    ColumnType type;
    std::vector<int64_t> integers;
    std::vector<double> reals;
    std::vector<std::string> texts;
    std::vector<SQLLEN> indicators;  // SQL_NULL_DATA or the value's length
    size_t widest = 0;               // longest text in the batch
    std::vector<char> packed;        // texts laid out at a fixed width for binding
  };

  OdbcArrayWriter(std::shared_ptr<OdbcSession> session, std::string table);
  void Mismatch(int column, std::string_view value);
  Status Flush();

  std::shared_ptr<OdbcSession> session_;
  std::string table_;
  OdbcStatement insert_;
  std::vector<ColumnBuffer> columns_;
  size_t rows_ = 0;       // complete rows in the batch
  size_t written_ = 0;    // rows sent before this batch
  std::string mismatch_;  // why the current row cannot be written
  Status failed_;
};

}  // namespace attrition::warehouse
