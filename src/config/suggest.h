// "Did you mean …?" for misspelt keys and choices.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace attrition::config::internal {

// The candidate closest to `word` when it is close enough to be a likely typo (a few
// edits, case ignored, or `word` is a prefix of at least 3 characters); else nullopt.
std::optional<std::string> ClosestMatch(std::string_view word,
                                        const std::vector<std::string_view>& candidates);

}  // namespace attrition::config::internal
