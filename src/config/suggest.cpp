#include "config/suggest.h"

#include <algorithm>
#include <cctype>

namespace attrition::config::internal {
namespace {

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
size_t EditDistance(std::string_view a, std::string_view b) {
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<size_t>> d(n + 1, std::vector<size_t>(m + 1));
  for (size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      const size_t cost = Lower(a[i - 1]) == Lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && Lower(a[i - 1]) == Lower(b[j - 2]) &&
          Lower(a[i - 2]) == Lower(b[j - 1])) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

bool IsPrefixIgnoreCase(std::string_view prefix, std::string_view word) {
  return prefix.size() <= word.size() &&
         std::equal(prefix.begin(), prefix.end(), word.begin(),
                    [](char x, char y) { return Lower(x) == Lower(y); });
}

}  // namespace

std::optional<std::string> ClosestMatch(std::string_view word,
                                        const std::vector<std::string_view>& candidates) {
  std::optional<std::string> best;
  size_t best_distance = SIZE_MAX;
  for (std::string_view c : candidates) {
    size_t distance = EditDistance(word, c);
    // A few edits, and never a complete rewrite of a short word ("x" is not "up").
    const size_t limit = std::max<size_t>(2, c.size() / 3);
    const bool close = distance <= limit && distance < std::min(word.size(), c.size());
    if (!close && !(word.size() >= 3 && IsPrefixIgnoreCase(word, c))) continue;
    if (distance < best_distance) {
      best_distance = distance;
      best = std::string(c);
    }
  }
  return best;
}

}  // namespace attrition::config::internal
