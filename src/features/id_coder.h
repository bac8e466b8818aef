// Dense codes for identifiers of a source view (ORDER_ID, TOUCHPOINT_ID, SVN_NUMBER) that
// are only compared, never written back. Ids are compared as exact text (I4), with a fast
// path: an id whose text is a canonical decimal integer (an INTEGER value, or text such as
// '1000001' but not '01' or '+1') is keyed by its value. That is exact, because canonical
// decimal text and int64 values correspond one to one, and it spares hashing and storing
// the text of numeric ids. Not thread-safe; one per reader.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "attrition/warehouse.h"
#include "features/text_interner.h"
#include "features/huge_pages.h"

namespace attrition::features {

// int64 -> int32 codes, open addressing; the integer half of IdCoder, also used by
// CustomerDirectory to look numeric customer ids up without formatting them.
class IntCodeMap {
 public:
  IntCodeMap();
  // The code stored for `value`, or -1.
  int32_t Find(int64_t value) const;
  // Stores `code` for `value` unless it has one; returns the code stored for `value`.
  int32_t Insert(int64_t value, int32_t code);

 private:
  struct Slot {
    int64_t value;
    int32_t code;  // -1: empty
  };
  size_t Probe(int64_t value) const;
  void Grow();

  BigVector<Slot> slots_;  // power-of-two size, load <= 1/2
  size_t used_ = 0;
};

class IdCoder {
 public:
  // The code of the id in `column` of the cursor's row; -1 when it is NULL or ''.
  int32_t Code(const warehouse::RowCursor& cursor, int column);
  // Number of distinct ids coded so far (codes are 0 .. size() - 1).
  int32_t size() const { return next_code_; }

 private:
  int32_t CodeOfInteger(int64_t value);

  IntCodeMap integers_;
  TextInterner texts_;              // every other id; codes mapped through text_codes_
  std::vector<int32_t> text_codes_;  // TextInterner code -> our code
  int32_t next_code_ = 0;
};

// The value of `text` when it is exactly the canonical decimal form of an int64 (what
// CAST(x AS TEXT) gives for an INTEGER x); false otherwise.
bool CanonicalInteger(std::string_view text, int64_t* value);

}  // namespace attrition::features
