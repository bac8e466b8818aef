// Text of the few SQL statements every backend writes, in the dialect common to SQLite,
// PostgreSQL and Snowflake. Identifiers are double-quoted exactly as given.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "attrition/warehouse.h"

namespace attrition::warehouse {

// "NAME" with embedded quotes doubled.
std::string QuoteIdentifier(std::string_view name);

// Declared SQL type of a column type: INTEGER, REAL or TEXT (`real_type` may be
// overridden, e.g. DOUBLE PRECISION for PostgreSQL).
std::string_view SqlType(ColumnType type, std::string_view real_type = "REAL");

// Column type of a declared SQL type, by SQLite's affinity rules (INT → integer;
// REAL/FLOA/DOUB/NUMERIC → real; anything else → text).
ColumnType ColumnTypeFromDeclared(std::string_view declared);

std::string CreateTableSql(const std::string& table, const Schema& schema,
                           std::string_view real_type = "REAL");
std::string AddColumnSql(const std::string& table, const Column& column,
                         std::string_view real_type = "REAL");
// INSERT INTO "T" ("A","B") VALUES (?,?)
std::string InsertSql(const std::string& table, const Schema& schema);
// SELECT "A","B" FROM "T"
std::string SelectColumnsSql(const std::string& table, const std::vector<std::string>& columns);
// "A","B",... of the schema
std::string ColumnList(const Schema& schema);
// ?,?,? (n placeholders)
std::string PlaceholderList(size_t n);

// Columns of `wanted` (by case-insensitive name) that `have` lacks, in `wanted` order.
std::vector<Column> MissingColumns(const Schema& have, const Schema& wanted);

}  // namespace attrition::warehouse
