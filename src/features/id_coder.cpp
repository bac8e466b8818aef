#include "features/id_coder.h"

#include <charconv>

namespace attrition::features {

bool CanonicalInteger(std::string_view text, int64_t* value) {
  if (text.empty() || text.size() > 20) return false;
  const size_t digits = text[0] == '-' ? 1 : 0;
  if (digits == text.size()) return false;
  if (text[digits] == '0' && (text.size() > digits + 1 || digits == 1)) return false;  // 01, -0
  for (size_t i = digits; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return error == std::errc() && end == text.data() + text.size();  // fails on overflow
}

int32_t IdCoder::Code(const warehouse::RowCursor& cursor, int column) {
  switch (cursor.Kind(column)) {
    case warehouse::ValueKind::kNull:
      return -1;
    case warehouse::ValueKind::kInteger:
      return CodeOfInteger(cursor.Integer(column));
    default:
      break;
  }
  const std::string_view text = cursor.Text(column);
  if (text.empty()) return -1;
  int64_t value;
  if (CanonicalInteger(text, &value)) return CodeOfInteger(value);
  const int32_t text_code = texts_.Intern(text);
  if (text_code == static_cast<int32_t>(text_codes_.size())) text_codes_.push_back(next_code_++);
  return text_codes_[text_code];
}

int32_t IdCoder::CodeOfInteger(int64_t value) {
  const int32_t code = integers_.Insert(value, next_code_);
  if (code == next_code_) ++next_code_;
  return code;
}

namespace {
size_t HomeSlot(int64_t value, size_t mask) {
  return static_cast<size_t>((static_cast<uint64_t>(value) * 0x9E3779B97F4A7C15ull) >> 32) & mask;
}
}  // namespace

IntCodeMap::IntCodeMap() : slots_(1024, Slot{0, -1}) {}

size_t IntCodeMap::Probe(int64_t value) const {
  const size_t mask = slots_.size() - 1;
  size_t i = HomeSlot(value, mask);
  while (slots_[i].code >= 0 && slots_[i].value != value) i = (i + 1) & mask;
  return i;
}

int32_t IntCodeMap::Find(int64_t value) const { return slots_[Probe(value)].code; }

int32_t IntCodeMap::Insert(int64_t value, int32_t code) {
  const size_t i = Probe(value);
  if (slots_[i].code >= 0) return slots_[i].code;
  slots_[i] = Slot{value, code};
  if (2 * ++used_ > slots_.size()) Grow();
  return code;
}

void IntCodeMap::Grow() {
  BigVector<Slot> old(slots_.size() * 2, Slot{0, -1});
  old.swap(slots_);
  const size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.code < 0) continue;
    size_t i = HomeSlot(slot.value, mask);
    while (slots_[i].code >= 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

}  // namespace attrition::features
