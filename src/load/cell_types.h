// How `attrition load` reads one CSV cell as a number, and the column type that a column's
// cells add up to (INTEGER if every non-empty cell is an integer, REAL if every non-empty
// cell is a number, else TEXT; a column with no non-empty cell is TEXT).
//
// Numbers are decimal in the C locale, optionally signed, with surrounding spaces and tabs
// ignored: "42", "-7", " 3.5 ", "1e-3", ".5". "inf", "nan", hex, thousands separators and
// integers beyond 64 bits are not integers ("1,234" is text; 2^64 is REAL).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "attrition/warehouse.h"

namespace attrition::load {

enum class CellClass { kEmpty, kInteger, kReal, kText };

// `value` without leading and trailing spaces, tabs, CR and LF.
std::string_view TrimBlanks(std::string_view value);

// What `value` can be stored as. Empty and whitespace-only cells are kEmpty.
CellClass ClassifyCell(std::string_view value);

// The number in `value` (trimmed first), or nullopt when it is not one of that kind.
std::optional<int64_t> ParseInteger(std::string_view value);
std::optional<double> ParseReal(std::string_view value);

// Accumulates the cells of one column and names the narrowest type that holds them all.
class ColumnTypeInference {
 public:
  void Observe(CellClass cell) {
    switch (cell) {
      case CellClass::kEmpty:
        break;
      case CellClass::kInteger:
        saw_integer_ = true;
        break;
      case CellClass::kReal:
        saw_real_ = true;
        break;
      case CellClass::kText:
        saw_text_ = true;
        break;
    }
  }
  // True once no further cell can change the answer (the column is TEXT).
  bool settled() const { return saw_text_; }
  warehouse::ColumnType type() const {
    if (saw_text_) return warehouse::ColumnType::kText;
    if (saw_real_) return warehouse::ColumnType::kReal;
    if (saw_integer_) return warehouse::ColumnType::kInteger;
    return warehouse::ColumnType::kText;  // nothing but NULLs: nothing to infer from
  }

 private:
  bool saw_integer_ = false;
  bool saw_real_ = false;
  bool saw_text_ = false;
};

}  // namespace attrition::load
