// Streaming reads from PostgreSQL: a server-side cursor fetched in batches.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "attrition/warehouse.h"
#include "warehouse/postgres_odbc_common.h"
#include "warehouse/postgres_session.h"

namespace attrition::warehouse {

class PgCursor final : public RowCursor {
 public:
  static constexpr int kFetchRows = 10000;

  // Declares a cursor for `sql` (a SELECT, WITH, VALUES or TABLE statement) and fetches
  // its first batch. Outside an explicit transaction, opens one for the cursor's life.
  static Result<std::unique_ptr<RowCursor>> Open(std::shared_ptr<PgSession> session,
                                                 const std::string& sql);
  // Runs `sql` (any other statement) directly and streams its (small) result.
  static Result<std::unique_ptr<RowCursor>> RunDirect(std::shared_ptr<PgSession> session,
                                                      const std::string& sql);

  ~PgCursor() override;

  Result<bool> Next() override;
  int ColumnCount() const override { return static_cast<int>(types_.size()); }
  ValueKind Kind(int column) const override;
  int64_t Integer(int column) const override;
  double Real(int column) const override;
  std::string_view Text(int column) const override;

 private:
  using Type = WireType;

  explicit PgCursor(std::shared_ptr<PgSession> session) : session_(std::move(session)) {}
  void TakeBatch(PgResult batch);
  Status Fetch();
  void Close();

  std::shared_ptr<PgSession> session_;
  std::string name_;  // empty for a direct result
  bool declared_ = false;
  bool owns_implicit_ = false;  // holds a reference on the session's implicit transaction
  uint64_t generation_ = 0;     // transaction the cursor lives in
  std::string what_;            // "query `...`", for messages
  PgResult batch_;
  int rows_ = 0;
  int row_ = -1;
  std::vector<Type> types_;
};

}  // namespace attrition::warehouse
