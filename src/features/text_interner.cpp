#include "features/text_interner.h"

#include <functional>

namespace attrition::features {

TextInterner::TextInterner() : offsets_{0}, slots_(1024) {}

uint64_t TextInterner::Hash(std::string_view text) {
  return std::hash<std::string_view>{}(text);
}

size_t TextInterner::Probe(std::string_view text, uint64_t hash) const {
  const size_t mask = slots_.size() - 1;
  const auto tag = static_cast<uint32_t>(hash);
  for (size_t i = tag & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.code == kAbsent) return i;
    if (slot.hash_tag == tag && Text(slot.code) == text) return i;
  }
}

int32_t TextInterner::Find(std::string_view text) const {
  return slots_[Probe(text, Hash(text))].code;
}

int32_t TextInterner::Intern(std::string_view text) {
  const uint64_t hash = Hash(text);
  size_t at = Probe(text, hash);
  if (slots_[at].code != kAbsent) return slots_[at].code;
  const int32_t code = size();
  arena_.append(text);
  offsets_.push_back(arena_.size());
  slots_[at] = Slot{static_cast<uint32_t>(hash), code};
  if (2 * static_cast<size_t>(size()) > slots_.size()) Grow();
  return code;
}

void TextInterner::Grow() {
  BigVector<Slot> old(slots_.size() * 2);
  old.swap(slots_);
  const size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.code == kAbsent) continue;
    size_t i = slot.hash_tag & mask;  // the tag is the hash's low bits: no rehashing
    while (slots_[i].code != kAbsent) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

}  // namespace attrition::features
