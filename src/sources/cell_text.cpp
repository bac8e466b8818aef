#include "sources/cell_text.h"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <cstring>

namespace attrition::sources {
namespace {

// Writes `value` as exactly `width` decimal digits at `out`. REQUIRES: value >= 0.
void PutDigits(char* out, int64_t value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

int DecimalWidth(int64_t value) {
  int width = 1;
  for (; value >= 10; value /= 10) ++width;
  return width;
}

}  // namespace

CellText CellText::Of(std::string_view text) {
  assert(text.size() <= sizeof(text_));
  CellText cell;
  cell.null_ = false;
  cell.length_ = static_cast<uint8_t>(text.size());
  std::memcpy(cell.text_, text.data(), text.size());
  return cell;
}

CellText CellText::Date(Day day) {
  const CivilDate c = CivilFromDay(day);
  assert(c.year >= 0 && c.year <= 9999);
  CellText cell;
  cell.null_ = false;
  cell.length_ = 10;
  PutDigits(cell.text_, c.year, 4);
  cell.text_[4] = '-';
  PutDigits(cell.text_ + 5, c.month, 2);
  cell.text_[7] = '-';
  PutDigits(cell.text_ + 8, c.day, 2);
  return cell;
}

CellText CellText::PrefixedNumber(std::string_view prefix, int64_t number, int width) {
  assert(number >= 0);
  const int digits = std::max(width, DecimalWidth(number));
  assert(prefix.size() + digits <= sizeof(text_));
  CellText cell;
  cell.null_ = false;
  cell.length_ = static_cast<uint8_t>(prefix.size() + digits);
  std::memcpy(cell.text_, prefix.data(), prefix.size());
  PutDigits(cell.text_ + prefix.size(), number, digits);
  return cell;
}

std::string NearMiss(std::string_view id, int64_t variant) {
  std::string s(id);
  switch (variant % 4) {
    case 0:
      std::transform(s.begin(), s.end(), s.begin(),
                     [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
      return s;
    case 1:
      return " " + s;
    case 2:
      return s + " ";
    default: {
      const size_t dash = id.rfind('-');
      const size_t at = dash == std::string_view::npos ? 0 : dash + 1;
      return std::string(id.substr(0, at)) + "0" + std::string(id.substr(at));
    }
  }
}

}  // namespace attrition::sources
