// The ODBC backend of the Warehouse interface (`odbc:CONNECTION-STRING`), for any ODBC
// driver through unixODBC; Snowflake's driver in production, PostgreSQL's (psqlODBC) in
// the tests.
//
// Reads stream (SQLFetch + SQLGetData), writes use array binding, transactions run in
// manual-commit mode. The SQL differences between databases live in OdbcDialect: how
// unquoted names fold (SQL_IDENTIFIER_CASE), the column types, and whether DDL can take
// part in a transaction. When it can (PostgreSQL), ReplaceTable is the same atomic
// DROP + CREATE as the PostgreSQL backend. When DDL commits the open transaction
// (Snowflake), the new rows go to a staging table <TABLE>__ATTRITION_NEW created on a
// second, autocommit connection; Commit() commits the rows and the _HIST copy, then swaps
// the staging table in (ALTER TABLE ... SWAP WITH on Snowflake). See docs/warehouse.md.
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include "attrition/warehouse.h"

namespace attrition::warehouse {

struct OdbcOptions {
  // Overrides what the driver reports about DDL in transactions (tests use it to run the
  // staging-table path against PostgreSQL).
  std::optional<bool> transactional_ddl;
};

// Connects with `connection_string` (what follows `odbc:` in the URL).
Result<std::unique_ptr<Warehouse>> OpenOdbc(std::string_view connection_string,
                                            const OdbcOptions& options = {});

// `connection_string` with the values of secret keys (PWD, PASSWORD, PRIV_KEY_FILE_PWD,
// any key containing PWD, PASSWORD, SECRET or TOKEN) replaced by "***".
std::string MaskOdbcConnectionString(std::string_view connection_string);

}  // namespace attrition::warehouse
