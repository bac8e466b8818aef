#include "score/risk_order.h"

#include <algorithm>
#include <numeric>

namespace attrition::score {

std::vector<uint32_t> OutputOrder(const Candidates& candidates) {
  // Rank the distinct ids by their bytes once, then sort rows by integer keys.
  const std::vector<std::string>& ids = candidates.customer_ids;
  std::vector<int32_t> by_bytes(ids.size());
  std::iota(by_bytes.begin(), by_bytes.end(), 0);
  std::sort(by_bytes.begin(), by_bytes.end(),
            [&](int32_t a, int32_t b) { return ids[a] < ids[b]; });
  std::vector<int32_t> rank(ids.size());
  for (size_t r = 0; r < by_bytes.size(); ++r) rank[by_bytes[r]] = static_cast<int32_t>(r);

  std::vector<uint32_t> order(candidates.month.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (candidates.month[a] != candidates.month[b]) {
      return candidates.month[a] > candidates.month[b];
    }
    return rank[candidates.customer[a]] < rank[candidates.customer[b]];
  });
  return order;
}

std::vector<uint8_t> RiskDeciles(const Candidates& candidates,
                                 const std::vector<uint32_t>& order) {
  std::vector<uint8_t> deciles(candidates.month.size(), 0);
  std::vector<uint32_t> month_rows;
  for (size_t begin = 0; begin < order.size();) {
    size_t end = begin;
    while (end < order.size() && candidates.month[order[end]] == candidates.month[order[begin]]) {
      ++end;
    }
    // `order` is already in row order, so a stable sort by probability breaks ties by it.
    month_rows.assign(order.begin() + begin, order.begin() + end);
    std::stable_sort(month_rows.begin(), month_rows.end(), [&](uint32_t a, uint32_t b) {
      return candidates.probability[a] < candidates.probability[b];
    });
    const uint64_t n = month_rows.size();
    for (uint64_t r = 0; r < n; ++r) {
      deciles[month_rows[r]] = static_cast<uint8_t>(r * 10 / n + 1);
    }
    begin = end;
  }
  return deciles;
}

}  // namespace attrition::score
