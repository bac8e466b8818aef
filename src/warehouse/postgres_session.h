// State shared by a PostgreSQL warehouse and the cursors, transactions and writers it
// hands out: the one connection they all use, and which transaction is open on it.
#pragma once

#include <cstdint>
#include <memory>

#include "warehouse/postgres_connection.h"

namespace attrition::warehouse {

struct PgSession {
  std::unique_ptr<PgConnection> connection;
  // An explicit Transaction (Warehouse::Begin) is open.
  bool in_transaction = false;
  // A transaction opened only to hold cursors (DECLARE needs one); it ends when the last
  // of its `implicit_cursors` closes.
  bool implicit_transaction = false;
  int implicit_cursors = 0;
  // Bumped whenever a transaction ends: a cursor declared in an earlier one is gone.
  uint64_t transaction_generation = 0;
  uint64_t next_cursor_id = 0;
};

}  // namespace attrition::warehouse
