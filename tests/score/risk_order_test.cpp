#include <gtest/gtest.h>

#include "score/risk_order.h"

namespace attrition::score {
namespace {

Candidates Make(const std::vector<std::tuple<Month, std::string, float>>& rows) {
  Candidates c;
  for (const auto& [month, id, p] : rows) {
    c.month.push_back(month);
    c.probability.push_back(p);
    c.customer.push_back(static_cast<int32_t>(c.customer_ids.size()));
    c.customer_ids.push_back(id);
  }
  return c;
}

TEST(OutputOrder, IsNewestMonthFirstThenIdsInByteOrder) {
  const Candidates c = Make({{10, "9", 0.1f}, {11, "10", 0.2f}, {10, "10", 0.3f}, {11, "007", 0.4f}});
  EXPECT_EQ(OutputOrder(c), (std::vector<uint32_t>{3, 1, 2, 0}));
}

TEST(RiskDeciles, RankWithinTheMonthByProbabilityWithTiesInRowOrder) {
  // Month 5: twenty rows, probabilities 0.0, 0.05, ... ; month 4: three tied rows.
  std::vector<std::tuple<Month, std::string, float>> rows;
  for (int i = 0; i < 20; ++i) rows.emplace_back(5, "c" + std::to_string(100 + i), 0.05f * (19 - i));
  for (int i = 0; i < 3; ++i) rows.emplace_back(4, "c" + std::to_string(100 + i), 0.5f);
  const Candidates c = Make(rows);
  const auto order = OutputOrder(c);
  const auto deciles = RiskDeciles(c, order);
  for (int i = 0; i < 20; ++i) {
    // Row i has the (20 - i)-th lowest probability: rank 20 - i.
    EXPECT_EQ(deciles[i], (19 - i) * 10 / 20 + 1) << i;
  }
  // Ties: ranks 1, 2, 3 in row order (ids c100 < c101 < c102): deciles 1, 4, 7.
  EXPECT_EQ(deciles[20], 1);
  EXPECT_EQ(deciles[21], 4);
  EXPECT_EQ(deciles[22], 7);
}

TEST(RiskDeciles, AOneRowMonthIsDecileOne) {
  const Candidates c = Make({{3, "x", 0.9f}});
  EXPECT_EQ(RiskDeciles(c, OutputOrder(c)), std::vector<uint8_t>{1});
}

}  // namespace
}  // namespace attrition::score
