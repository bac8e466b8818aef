#include "attrition/model_reasons.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <limits>

namespace attrition::model {

size_t TopReasons(std::span<const float> contribs, std::span<int> out) {
  size_t count = 0;
  for (size_t i = 0; i < contribs.size(); ++i) {
    if (!(contribs[i] > 0)) continue;
    // Insertion into the sorted top list; equal values keep feature order.
    size_t at = count;
    while (at > 0 && contribs[out[at - 1]] < contribs[i]) --at;
    if (at >= out.size()) continue;
    size_t last = std::min(count, out.size() - 1);
    for (size_t j = last; j > at; --j) out[j] = out[j - 1];
    out[at] = static_cast<int>(i);
    count = std::min(count + 1, out.size());
  }
  return count;
}

std::vector<std::string> TopReasonNames(std::span<const float> contribs,
                                        std::span<const std::string> names, size_t k) {
  assert(names.size() == contribs.size());
  std::vector<int> top(k);
  top.resize(TopReasons(contribs, top));
  std::vector<std::string> out;
  for (int index : top) out.push_back(names[index]);
  return out;
}

bool ReasonsNearTie(std::span<const float> contribs, size_t k, float tolerance) {
  constexpr size_t kMaxSlots = 16;
  k = std::min(k, kMaxSlots - 1);
  // The k + 1 largest values, largest first (fewer when there are fewer features).
  std::array<float, kMaxSlots> top;
  size_t count = 0;
  for (float value : contribs) {
    if (std::isnan(value)) continue;
    size_t at = count;
    while (at > 0 && top[at - 1] < value) --at;
    if (at > k) continue;
    for (size_t j = std::min(count, k); j > at; --j) top[j] = top[j - 1];
    top[at] = value;
    count = std::min(count + 1, k + 1);
  }
  if (count == 0) return false;
  const float scale = tolerance * std::max(1.0f, std::fabs(top[0]));
  for (size_t i = 0; i < count; ++i) {
    // Its sign could flip. An exact 0 is a feature no tree of the row's model splits on
    // (a sum of exact zeros): 0 in XGBoost too.
    if (top[i] != 0 && std::fabs(top[i]) <= scale) return true;
    // Below -scale the rest cannot be reasons, whatever their order.
    if (top[i] < -scale) break;
    // The order could flip (two exact zeros stay zeros).
    if (i + 1 < count && top[i] - top[i + 1] <= scale && top[i] != 0) return true;
  }
  return false;
}

}  // namespace attrition::model
