#include "features/reject_counts.h"

#include <algorithm>

#include <fmt/format.h>

namespace attrition::features {

void RejectCounts::Add(std::string_view view, std::string_view rule, int64_t rows) {
  counts_.push_back(RuleCount{std::string(view), std::string(rule), rows});
}

void RejectCounts::Append(const RejectCounts& other) {
  counts_.insert(counts_.end(), other.counts_.begin(), other.counts_.end());
}

namespace {
// 1234567 -> "1,234,567".
std::string GroupThousands(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return n < 0 ? "-" + out : out;
}
}  // namespace

std::string FormatRuleCounts(const FeatureRunResult& result) {
  size_t view_width = 4, rule_width = 4;
  for (const RuleCount& c : result.rule_counts) {
    view_width = std::max(view_width, c.view.size());
    rule_width = std::max(rule_width, c.rule.size());
  }
  std::string out = fmt::format("{:<{}}  {:<{}}  {:>12}\n", "view", view_width, "rule",
                                rule_width, "rows");
  std::string_view previous;
  for (const RuleCount& c : result.rule_counts) {
    const std::string_view shown = c.view == previous ? std::string_view() : c.view;
    out += fmt::format("{:<{}}  {:<{}}  {:>12}\n", shown, view_width, c.rule, rule_width,
                       GroupThousands(c.rows));
    previous = c.view;
  }
  return out;
}

}  // namespace attrition::features
