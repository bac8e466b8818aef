// Customer buckets and the --shard option (include/attrition/score.h).
#include <charconv>
#include <cstdint>
#include <string_view>

#include <fmt/format.h>

#include "attrition/score.h"

namespace attrition::score {

int CustomerBucket(std::string_view customer_id) {
  // FNV-1a 64: stable across machines, compilers and runs (std::hash is none of these).
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : customer_id) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return static_cast<int>(hash % kShardBuckets);
}

Status ParseShard(std::string_view text, int* index, int* count) {
  const auto bad = [&] {
    return Status::InvalidArgument(fmt::format(
        "--shard: got '{}', expected i/n with 0 <= i < n <= {} (e.g. 0/4)", text, kShardBuckets));
  };
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) return bad();
  const auto parse = [](std::string_view part, int* out) {
    if (part.empty()) return false;
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), *out);
    return ec == std::errc() && end == part.data() + part.size();
  };
  int i = 0, n = 0;
  if (!parse(text.substr(0, slash), &i) || !parse(text.substr(slash + 1), &n)) return bad();
  if (n < 1 || n > kShardBuckets || i < 0 || i >= n) return bad();
  *index = i;
  *count = n;
  return Status::OK();
}

}  // namespace attrition::score
