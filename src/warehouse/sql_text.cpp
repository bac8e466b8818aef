#include "warehouse/sql_text.h"

#include <algorithm>
#include <cctype>

namespace attrition::warehouse {

std::string QuoteIdentifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string_view SqlType(ColumnType type, std::string_view real_type) {
  switch (type) {
    case ColumnType::kInteger:
      return "INTEGER";
    case ColumnType::kReal:
      return real_type;
    case ColumnType::kText:
      return "TEXT";
  }
  return "TEXT";
}

ColumnType ColumnTypeFromDeclared(std::string_view declared) {
  std::string upper(declared);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  auto has = [&](std::string_view part) { return upper.find(part) != std::string::npos; };
  if (has("INT")) return ColumnType::kInteger;
  if (has("CHAR") || has("CLOB") || has("TEXT")) return ColumnType::kText;
  if (has("REAL") || has("FLOA") || has("DOUB") || has("NUMERIC") || has("DECIMAL") ||
      has("NUMBER")) {
    return ColumnType::kReal;
  }
  return ColumnType::kText;
}

std::string CreateTableSql(const std::string& table, const Schema& schema,
                           std::string_view real_type) {
  std::string sql = "CREATE TABLE " + QuoteIdentifier(table) + " (";
  for (size_t i = 0; i < schema.size(); ++i) {
    if (i) sql += ", ";
    sql += QuoteIdentifier(schema[i].name);
    sql += ' ';
    sql += SqlType(schema[i].type, real_type);
  }
  sql += ")";
  return sql;
}

std::string AddColumnSql(const std::string& table, const Column& column,
                         std::string_view real_type) {
  return "ALTER TABLE " + QuoteIdentifier(table) + " ADD COLUMN " + QuoteIdentifier(column.name) +
         " " + std::string(SqlType(column.type, real_type));
}

std::string ColumnList(const Schema& schema) {
  std::string out;
  for (size_t i = 0; i < schema.size(); ++i) {
    if (i) out += ',';
    out += QuoteIdentifier(schema[i].name);
  }
  return out;
}

std::string PlaceholderList(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i ? ",?" : "?";
  return out;
}

std::string InsertSql(const std::string& table, const Schema& schema) {
  return "INSERT INTO " + QuoteIdentifier(table) + " (" + ColumnList(schema) + ") VALUES (" +
         PlaceholderList(schema.size()) + ")";
}

std::string SelectColumnsSql(const std::string& table, const std::vector<std::string>& columns) {
  std::string sql = "SELECT ";
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i) sql += ',';
    sql += QuoteIdentifier(columns[i]);
  }
  return sql + " FROM " + QuoteIdentifier(table);
}

std::vector<Column> MissingColumns(const Schema& have, const Schema& wanted) {
  auto lower = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
  };
  std::vector<Column> missing;
  for (const Column& w : wanted) {
    const bool present = std::any_of(have.begin(), have.end(), [&](const Column& h) {
      return lower(h.name) == lower(w.name);
    });
    if (!present) missing.push_back(w);
  }
  return missing;
}

}  // namespace attrition::warehouse
