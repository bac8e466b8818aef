#include "warehouse/postgres_cursor.h"

#include <cassert>
#include <cmath>

#include "warehouse/postgres_odbc_common.h"

namespace attrition::warehouse {
namespace {

// Type OIDs of pg_type (stable across PostgreSQL versions).
constexpr Oid kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kFloat4Oid = 700, kFloat8Oid = 701,
              kNumericOid = 1700;

std::string Describe(const std::string& sql) {
  constexpr size_t kMax = 120;
  std::string shown = OneLine(sql);
  if (shown.size() > kMax) shown = shown.substr(0, kMax) + "...";
  return "query `" + shown + "`";
}

}  // namespace

Result<std::unique_ptr<RowCursor>> PgCursor::Open(std::shared_ptr<PgSession> session,
                                                  const std::string& sql) {
  std::unique_ptr<PgCursor> cursor(new PgCursor(session));
  cursor->what_ = Describe(sql);
  PgConnection& connection = *session->connection;
  if (!session->in_transaction) {
    if (!session->implicit_transaction) {
      ATTRITION_RETURN_IF_ERROR(connection.Exec("BEGIN", "starting a read").status());
      session->implicit_transaction = true;
    }
    ++session->implicit_cursors;
    cursor->owns_implicit_ = true;
  }
  cursor->generation_ = session->transaction_generation;
  cursor->name_ = "attrition_cursor_" + std::to_string(++session->next_cursor_id);
  ATTRITION_RETURN_IF_ERROR(
      connection.Exec("DECLARE " + cursor->name_ + " NO SCROLL CURSOR FOR " + sql, cursor->what_)
          .status());
  cursor->declared_ = true;
  ATTRITION_RETURN_IF_ERROR(cursor->Fetch());
  return std::unique_ptr<RowCursor>(std::move(cursor));
}

Result<std::unique_ptr<RowCursor>> PgCursor::RunDirect(std::shared_ptr<PgSession> session,
                                                       const std::string& sql) {
  std::unique_ptr<PgCursor> cursor(new PgCursor(session));
  cursor->what_ = Describe(sql);
  ATTRITION_ASSIGN_OR_RETURN(PgResult result, session->connection->Exec(sql, cursor->what_));
  cursor->TakeBatch(std::move(result));
  return std::unique_ptr<RowCursor>(std::move(cursor));
}

PgCursor::~PgCursor() { Close(); }

void PgCursor::TakeBatch(PgResult batch) {
  batch_ = std::move(batch);
  rows_ = PQntuples(batch_.get());
  row_ = -1;
  if (!types_.empty() || PQnfields(batch_.get()) == 0) return;
  for (int i = 0; i < PQnfields(batch_.get()); ++i) {
    switch (PQftype(batch_.get(), i)) {
      case kInt2Oid:
      case kInt4Oid:
      case kInt8Oid:
        types_.push_back(Type::kInteger);
        break;
      case kFloat4Oid:
      case kFloat8Oid:
        types_.push_back(Type::kReal);
        break;
      case kNumericOid:
        types_.push_back(Type::kNumeric);
        break;
      default:
        types_.push_back(Type::kText);
    }
  }
}

Status PgCursor::Fetch() {
  ATTRITION_ASSIGN_OR_RETURN(
      PgResult batch, session_->connection->Exec(
                          "FETCH FORWARD " + std::to_string(kFetchRows) + " FROM " + name_, what_));
  TakeBatch(std::move(batch));
  return Status::OK();
}

Result<bool> PgCursor::Next() {
  if (!batch_) return false;
  if (++row_ < rows_) return true;
  if (!declared_ || rows_ < kFetchRows) {
    batch_.reset();
    Close();
    return false;
  }
  if (Status status = Fetch(); !status.ok()) {
    batch_.reset();
    Close();
    return status;
  }
  return Next();
}

void PgCursor::Close() {
  PgConnection& connection = *session_->connection;
  if (declared_ && session_->transaction_generation == generation_ && !connection.Broken()) {
    connection.Exec("CLOSE " + name_, what_).status();  // fails only when already gone
  }
  declared_ = false;
  if (!owns_implicit_) return;
  owns_implicit_ = false;
  if (--session_->implicit_cursors > 0) return;
  if (session_->implicit_transaction) {
    // A read-only transaction: COMMIT and ROLLBACK are the same; COMMIT also ends one
    // that a failed FETCH aborted.
    if (!connection.Broken()) connection.Exec("COMMIT", "ending a read").status();
    session_->implicit_transaction = false;
    ++session_->transaction_generation;
  }
}

ValueKind PgCursor::Kind(int column) const {
  assert(row_ >= 0 && row_ < rows_);
  if (PQgetisnull(batch_.get(), row_, column)) return ValueKind::kNull;
  return WireValueKind(types_[column], Text(column));
}

int64_t PgCursor::Integer(int column) const {
  assert(Kind(column) == ValueKind::kInteger);
  return ParseInteger(Text(column)).value_or(0);
}

double PgCursor::Real(int column) const { return ParseReal(Text(column)).value_or(std::nan("")); }

std::string_view PgCursor::Text(int column) const {
  assert(row_ >= 0 && row_ < rows_);
  return {PQgetvalue(batch_.get(), row_, column),
          static_cast<size_t>(PQgetlength(batch_.get(), row_, column))};
}

}  // namespace attrition::warehouse
