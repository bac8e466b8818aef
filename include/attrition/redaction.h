// Masking secret values in text before it is shown: the one loop behind the config's
// Secrets, the warehouse backends' error messages and the log sink.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace attrition {

inline constexpr std::string_view kRedactedMask = "***";

// `text` with every occurrence of each value replaced by kRedactedMask, values applied in
// the order given (pass them longest first so a value containing another is masked whole).
// Values shorter than `min_length` are left alone.
std::string RedactValues(std::string_view text, const std::vector<std::string>& values,
                         size_t min_length = 1);

}  // namespace attrition
