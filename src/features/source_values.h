// How one value of a source view is read, as features.py reads it (I1, I4, I5).
//
// All functions are pure and thread-safe; `cursor` must be positioned on a row.
#pragma once

#include <limits>
#include <string_view>

#include "attrition/calendar.h"
#include "attrition/warehouse.h"

namespace attrition::features {

// The day of a NULL date or one that is not a valid 'YYYY-MM-DD' (I1).
inline constexpr Day kBadDay = std::numeric_limits<Day>::min();

// The date of the value: its text form parsed strictly (I1), or kBadDay.
Day DateValue(const warehouse::RowCursor& cursor, int column);

// The value as a number the way pandas.to_numeric(errors="coerce") reads it: integers and
// reals as they are; text with surrounding whitespace, a sign, a decimal point or an
// exponent; NaN for NULL and anything else (hexadecimal, '', 'abc').
double NumericValue(const warehouse::RowCursor& cursor, int column);

// Text as a number (the text branch of NumericValue).
double ParseNumber(std::string_view text);

// Room for the decimal text of an int64.
struct IdBuffer {
  char bytes[24];
};

// An identifier is its text form (CAST(x AS TEXT)); NULL and '' are both "missing" (I4).
// An INTEGER is formatted into `buffer` rather than by the driver (the hot path of every
// numeric id). Valid until the next call with the same buffer or the cursor's Next().
std::string_view IdValue(const warehouse::RowCursor& cursor, int column, IdBuffer* buffer);

}  // namespace attrition::features
