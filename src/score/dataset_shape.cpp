#include "score/dataset_shape.h"

#include <fmt/format.h>

#include <algorithm>

#include "warehouse/sql_text.h"

namespace attrition::score {
namespace {

// 'text' with embedded quotes doubled.
std::string QuoteLiteral(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

std::string PositiveValue(const SnapshotLabel& label) { return label.positive_class.value_or("1"); }

}  // namespace

DatasetShape ShapeOf(const warehouse::Schema& schema) {
  const bool has_month = std::any_of(schema.begin(), schema.end(),
                                     [](const warehouse::Column& c) { return c.name == "MONTH"; });
  return has_month ? DatasetShape::kMonthly : DatasetShape::kSnapshot;
}

std::string SnapshotCandidateCondition(const SnapshotLabel& label) {
  const std::string target = warehouse::QuoteIdentifier(label.target);
  return fmt::format("({0} IS NULL OR {0} <> {1})", target, QuoteLiteral(PositiveValue(label)));
}

std::string SnapshotCandidateRule(const SnapshotLabel& label) {
  return fmt::format("{} is not {}", label.target, PositiveValue(label));
}

}  // namespace attrition::score
