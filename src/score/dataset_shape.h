// The two shapes of dataset batch scoring reads, and which rows of a snapshot are scored.
//
// A monthly dataset (PA_MODELING_DATASET) has a MONTH column, one row per customer-month;
// its candidates are the rows of the window's months whose label is not mature (target
// NULL). A snapshot table has no MONTH (one row per customer, e.g. IBM's Telco sample
// loaded with `attrition load`): its candidates are the customers not known to have left,
// the rows whose target is NULL or not the positive class, and the run writes them with
// MONTH = its as-of month. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "attrition/warehouse.h"

namespace attrition::score {

enum class DatasetShape {
  kMonthly,   // a MONTH column: one row per customer-month
  kSnapshot,  // no MONTH column: one row per customer, scored as of one month
};

// kMonthly when `schema` has a column named exactly MONTH, else kSnapshot.
DatasetShape ShapeOf(const warehouse::Schema& schema);

// The label definition of the model (FeaturePlan: a text target is 1 when it equals
// positive_class; without one, 1 when it is "1").
struct SnapshotLabel {
  std::string target;
  std::optional<std::string> positive_class;
};

// The SQL condition selecting a snapshot's candidates:
// ("<target>" IS NULL OR "<target>" <> '<positive class>'), quotes escaped.
std::string SnapshotCandidateCondition(const SnapshotLabel& label);

// "<target> is not <positive class>", for messages: "Churn is not Yes".
std::string SnapshotCandidateRule(const SnapshotLabel& label);

}  // namespace attrition::score
