// Dense integer codes for exact strings: the first distinct string interned gets code 0,
// the next 1, and so on. Strings are compared byte for byte (I4: no trimming, no case
// folding, embedded NULs are part of the string).
//
// Owns a copy of every distinct string in one arena, so a source view's identifiers cost
// their bytes once, not once per row. Not thread-safe to mutate; const methods may be
// called from several threads once interning is over.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "features/huge_pages.h"

namespace attrition::features {

class TextInterner {
 public:
  static constexpr int32_t kAbsent = -1;

  TextInterner();

  // The code of `text`, adding it when it is new.
  int32_t Intern(std::string_view text);
  // The code of `text`, or kAbsent.
  int32_t Find(std::string_view text) const;
  // REQUIRES: 0 <= code < size(). Valid until the next Intern().
  std::string_view Text(int32_t code) const {
    return std::string_view(arena_.data() + offsets_[code], offsets_[code + 1] - offsets_[code]);
  }
  int32_t size() const { return static_cast<int32_t>(offsets_.size()) - 1; }

 private:
  struct Slot {
    uint32_t hash_tag = 0;  // the low 32 bits of the hash: the home slot and a quick filter
    int32_t code = kAbsent;
  };
  static uint64_t Hash(std::string_view text);
  // The slot holding `text`, or the empty slot where it would go.
  size_t Probe(std::string_view text, uint64_t hash) const;
  void Grow();

  std::string arena_;              // every distinct string, back to back
  BigVector<uint64_t> offsets_;  // string i is arena_[offsets_[i], offsets_[i + 1])
  BigVector<Slot> slots_;  // open addressing, power-of-two size <= 2^32, load <= 1/2
};

}  // namespace attrition::features
#include "features/huge_pages.h"
