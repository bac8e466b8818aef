#include "warehouse/postgres_copy.h"

#include <cassert>
#include <cmath>

#include "warehouse/postgres_odbc_common.h"

namespace attrition::warehouse {

void AppendCopyText(std::string* out, std::string_view value) {
  size_t plain = 0;  // start of the run of characters that need no escape
  for (size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    const char* escape = nullptr;
    switch (c) {
      case '\\':
        escape = "\\\\";
        break;
      case '\t':
        escape = "\\t";
        break;
      case '\n':
        escape = "\\n";
        break;
      case '\r':
        escape = "\\r";
        break;
      default:
        continue;
    }
    out->append(value.data() + plain, i - plain);
    out->append(escape);
    plain = i + 1;
  }
  out->append(value.data() + plain, value.size() - plain);
}

PgCopyWriter::PgCopyWriter(std::shared_ptr<PgSession> session, std::string table,
                           std::string copy_sql, int column_count)
    : session_(std::move(session)),
      table_(std::move(table)),
      copy_sql_(std::move(copy_sql)),
      cells_(column_count),
      is_set_(column_count, 0) {
  buffer_.reserve(kFlushBytes + (64 << 10));
}

void PgCopyWriter::SetNull(int column) {
  assert(column >= 0 && column < static_cast<int>(cells_.size()));
  is_set_[column] = 0;
}

void PgCopyWriter::SetInteger(int column, int64_t value) {
  assert(column >= 0 && column < static_cast<int>(cells_.size()));
  cells_[column] = FormatInteger(value);
  is_set_[column] = 1;
}

void PgCopyWriter::SetReal(int column, double value) {
  assert(column >= 0 && column < static_cast<int>(cells_.size()));
  if (std::isnan(value)) {
    is_set_[column] = 0;
    return;
  }
  cells_[column] = FormatReal(value);
  is_set_[column] = 1;
}

void PgCopyWriter::SetText(int column, std::string_view value) {
  assert(column >= 0 && column < static_cast<int>(cells_.size()));
  cells_[column].clear();
  AppendCopyText(&cells_[column], value);
  is_set_[column] = 1;
}

Status PgCopyWriter::EndRow() {
  if (!failed_.ok()) return failed_;
  for (size_t i = 0; i < cells_.size(); ++i) {
    if (i) buffer_ += '\t';
    if (is_set_[i]) {
      buffer_ += cells_[i];
    } else {
      buffer_ += "\\N";
    }
    is_set_[i] = 0;
  }
  buffer_ += '\n';
  if (buffer_.size() >= kFlushBytes) return Flush();
  return Status::OK();
}

Status PgCopyWriter::Finish() {
  if (!failed_.ok()) return failed_;
  return Flush();
}

Status PgCopyWriter::Flush() {
  if (buffer_.empty()) return Status::OK();
  failed_ = session_->connection->CopyIn(copy_sql_, buffer_, "writing table " + table_);
  buffer_.clear();
  return failed_;
}

}  // namespace attrition::warehouse
