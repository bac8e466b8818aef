// Row order and RISK_DECILE of a scoring run, as score.py: rows newest month first, then
// by customer id in byte order (ties in reading order); within a month, rank r = 1..n by
// probability ascending with ties in row order, RISK_DECILE = floor((r - 1) * 10 / n) + 1.
#pragma once

#include <cstdint>
#include <vector>

#include "score/candidates.h"

namespace attrition::score {

// Candidate indices in output order.
std::vector<uint32_t> OutputOrder(const Candidates& candidates);

// RISK_DECILE (1..10) of every candidate, indexed like the candidates.
// REQUIRES: order == OutputOrder(candidates).
std::vector<uint8_t> RiskDeciles(const Candidates& candidates,
                                 const std::vector<uint32_t>& order);

}  // namespace attrition::score
