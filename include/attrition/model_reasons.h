// Reasons: the features pushing a row's risk up most, read off its SHAP contributions.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace attrition::model {

// The indices of the (up to) out.size() features with the largest positive
// contributions, largest first, ties broken by feature order; returns how many were
// written (fewer when fewer are positive). `contribs` holds one value per feature, the
// bias excluded. Allocation-free.
size_t TopReasons(std::span<const float> contribs, std::span<int> out);

// The same, as feature names. REQUIRES: names.size() == contribs.size().
std::vector<std::string> TopReasonNames(std::span<const float> contribs,
                                        std::span<const std::string> names, size_t k);

// How far TreeEnsemble's contributions (summed in double, rounded once) may be from
// XGBoost's pred_contribs (float arithmetic, summed tree by tree in float), relative to
// the row's largest contribution (at least 1): a bound with a wide margin over the
// rounding of a few hundred trees.
inline constexpr float kReasonTieTolerance = 1e-5f;

// True when rounding within `tolerance` (scaled as above) could change what
// TopReasons(contribs, k slots) gives: two of the k + 1 largest contributions are that
// close to each other, or one of them is that close to zero. Such a row's reasons are
// decided by XGBoost's own contributions (attrition/model_reason_ties.h); at 1M customers
// two rows of three million needed it.
bool ReasonsNearTie(std::span<const float> contribs, size_t k,
                    float tolerance = kReasonTieTolerance);

}  // namespace attrition::model
