// Per view, per rule counts of the rows a run read, rejected, nulled and accepted, in the
// order the rules apply (I4). The rule names are features.py's.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "attrition/features.h"

namespace attrition::features {

class RejectCounts {
 public:
  // Appends the count of `rule` for `view` (rules keep the order they are added in).
  void Add(std::string_view view, std::string_view rule, int64_t rows);
  // Appends every count of `other` after this one's.
  void Append(const RejectCounts& other);
  const std::vector<RuleCount>& counts() const { return counts_; }

 private:
  std::vector<RuleCount> counts_;
};

}  // namespace attrition::features
