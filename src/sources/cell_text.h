// Small fixed-size text cells for the generator's hot write loops: ISO dates, their
// corrupted forms and formatted ids, without heap allocation.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "attrition/calendar.h"

namespace attrition::sources {

// A text value or NULL, up to 23 characters.
class CellText {
 public:
  static CellText Null() { return CellText(); }
  static CellText Of(std::string_view text);
  // 'YYYY-MM-DD'. REQUIRES: the year is in 0..9999.
  static CellText Date(Day day);
  // printf-style "<prefix><number zero-padded to width>", e.g. ("MRN", 20000007, 8).
  static CellText PrefixedNumber(std::string_view prefix, int64_t number, int width);

  bool is_null() const { return null_; }
  std::string_view view() const { return std::string_view(text_, length_); }

 private:
  bool null_ = true;
  uint8_t length_ = 0;
  char text_[23] = {};
};

// Same id changed so that only an exact text match tells it apart (gen.py near_miss):
// variant % 4 is lower case, a leading space, a trailing space, or one more leading
// zero after the last '-': 'C-01' -> 'c-01', ' C-01', 'C-01 ', 'C-001'.
std::string NearMiss(std::string_view id, int64_t variant);

}  // namespace attrition::sources
