#include "attrition/redaction.h"

namespace attrition {

std::string RedactValues(std::string_view text, const std::vector<std::string>& values,
                         size_t min_length) {
  std::string out(text);
  for (const std::string& value : values) {
    if (value.empty() || value.size() < min_length) continue;
    for (size_t at = out.find(value); at != std::string::npos;
         at = out.find(value, at + kRedactedMask.size())) {
      out.replace(at, value.size(), kRedactedMask);
    }
  }
  return out;
}

}  // namespace attrition
