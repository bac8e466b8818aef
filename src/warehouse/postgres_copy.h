// Bulk writes to PostgreSQL through COPY ... FROM STDIN in text format.
//
// Rows are encoded into a buffer and sent as one COPY per ~4 MiB, so the connection is
// idle between flushes and cursors of the same transaction can still read. Encoding:
// columns separated by tabs, rows by newlines, NULL (and NaN) as \N, and backslash, tab,
// newline and carriage return escaped as \\, \t, \n, \r.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "attrition/warehouse.h"
#include "warehouse/postgres_session.h"

namespace attrition::warehouse {

// Appends `value` to `out` escaped for COPY text format.
void AppendCopyText(std::string* out, std::string_view value);

class PgCopyWriter final : public RowWriter {
 public:
  // Writes rows of `column_count` columns with `copy_sql` (COPY t (cols) FROM STDIN);
  // `table` names the table in messages.
  PgCopyWriter(std::shared_ptr<PgSession> session, std::string table, std::string copy_sql,
               int column_count);

  void SetNull(int column) override;
  void SetInteger(int column, int64_t value) override;
  void SetReal(int column, double value) override;
  void SetText(int column, std::string_view value) override;
  Status EndRow() override;
  Status Finish() override;

  static constexpr size_t kFlushBytes = 4 << 20;

 private:
  Status Flush();

  std::shared_ptr<PgSession> session_;
  std::string table_;
  std::string copy_sql_;
  std::vector<std::string> cells_;  // escaped values of the current row
  std::vector<char> is_set_;
  std::string buffer_;
  Status failed_;  // the first failed flush; the transaction is aborted after it
};

}  // namespace attrition::warehouse
