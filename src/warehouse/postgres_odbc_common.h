// Pieces shared by the two server backends (PostgreSQL through libpq, any database
// through ODBC): how table and column names become SQL, how secrets are kept out of
// messages, and how values travel as text.
//
// Identifier convention (docs/warehouse.md): names are case-insensitive. A name is
// written to SQL folded the way the server folds an unquoted identifier (lower case for
// PostgreSQL, upper case for Snowflake) and then double-quoted, so `PA_SALES`, `pa_sales`
// and an unquoted reference in hand-written SQL all mean the same table, and a name that
// is a reserved word or holds a space still works. A dot separates schema and table
// (`CDH.PA_SALES_HISTORY_VW`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attrition/warehouse.h"

namespace attrition::warehouse {

// How a server stores an unquoted identifier.
enum class IdentifierCase { kLower, kUpper, kAsIs };

// `name` folded by `fold`, unquoted (the name as the server stores it).
std::string FoldName(std::string_view name, IdentifierCase fold);

// `name` folded by `fold`; each dot-separated part double-quoted ("cdh"."pa_x").
std::string SqlName(std::string_view name, IdentifierCase fold);

// A stored column or table name as the warehouse reports it: upper case when the server
// folds to lower case (so PostgreSQL reports `CUSTOMER_ID` as SQLite does), else as stored.
std::string ReportedName(std::string_view stored, IdentifierCase fold);

// <table>_HIST, the history table of `table` (the suffix goes on the last part of a
// schema-qualified name).
std::string HistoryTable(std::string_view table);

// True when `a` and `b` are equal ignoring ASCII case.
bool SameName(std::string_view a, std::string_view b);

// Replaces every occurrence of each secret (of 3 or more characters) in `text` by "***".
std::string Redact(std::string text, const std::vector<std::string>& secrets);

// Collapses runs of whitespace (libpq and ODBC messages hold newlines and tabs) into one
// space and trims the ends.
std::string OneLine(std::string_view text);

// Text forms used on the wire.
std::string FormatInteger(int64_t value);
// Shortest text that reads back as the same double; "Infinity" / "-Infinity".
// REQUIRES: !isnan(value)
std::string FormatReal(double value);

// Parses the whole of `text`; nullopt when it is not an integer / a number.
std::optional<int64_t> ParseInteger(std::string_view text);
std::optional<double> ParseReal(std::string_view text);

// Kind of a value of a NUMERIC/DECIMAL column: kInteger when its text is an integer that
// fits in int64 (SUM of integers in PostgreSQL, NUMBER(38,0) in Snowflake), else kReal.
ValueKind NumericKind(std::string_view text);

// How a server column's values are read from their text form.
enum class WireType { kInteger, kReal, kNumeric, kText };

// The kind of a non-null value of a `type` column whose text is `text`.
ValueKind WireValueKind(WireType type, std::string_view text);

}  // namespace attrition::warehouse
