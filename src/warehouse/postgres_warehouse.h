// The PostgreSQL backend of the Warehouse interface (`postgresql://` or `postgres://`).
//
// One libpq connection per Warehouse. Reads stream through a server-side cursor
// (DECLARE ... CURSOR, FETCH 10000 rows at a time), so memory does not grow with a table;
// a cursor outside a Transaction runs in a transaction of its own that ends with it.
// Writes go through COPY ... FROM STDIN. DDL is transactional in PostgreSQL, so
// ReplaceTable (copy to _HIST, DROP, CREATE, COPY) is atomic: nothing is visible until
// Commit(), and a server or client that dies before leaves every table as it was.
//
// Names follow the identifier convention of postgres_odbc_common.h: folded to lower
// case and quoted, so unquoted names in hand-written SQL refer to the same tables;
// DescribeTable reports them in upper case.
#pragma once

#include <memory>
#include <string_view>

#include "attrition/warehouse.h"

namespace attrition::warehouse {

// Connects to the server named by `url` (postgresql://user[:password]@host:port/db?...).
// Errors name the URL with the password masked; see PgConnection::Connect.
Result<std::unique_ptr<Warehouse>> OpenPostgres(std::string_view url);

// `url` with the password (in the user-info part or a `password=` parameter) replaced by
// "***": postgresql://attrition:***@127.0.0.1:5433/attrition. Works for any scheme:// URL.
std::string MaskPostgresUrl(std::string_view url);

}  // namespace attrition::warehouse
