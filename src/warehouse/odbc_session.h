// State shared by an ODBC warehouse and the cursors, transactions and writers it hands
// out.
#pragma once

#include <memory>

#include "warehouse/odbc_connection.h"

namespace attrition::warehouse {

struct OdbcSession {
  std::unique_ptr<OdbcConnection> connection;
  // A second connection, in autocommit mode, for DDL when the database commits the open
  // transaction before DDL (OdbcDialect::transactional_ddl == false). Opened on first use.
  std::unique_ptr<OdbcConnection> ddl;
  // An explicit Transaction (Warehouse::Begin) is open.
  bool in_transaction = false;
  // A statement of the open transaction failed: the database may have aborted it, so it
  // must not be reported as committed.
  bool failed = false;

  // Records a failed statement of the open transaction; returns `status`.
  Status Note(Status status) {
    if (!status.ok() && in_transaction) failed = true;
    return status;
  }
};

}  // namespace attrition::warehouse
