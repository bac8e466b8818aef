// The rejection rules of I4, applied to the rows of the dated views once the as-of month
// is known. Each row is counted once, under the first rule it fails, in features.py's
// order; the rows that pass every rule are "accepted".
#pragma once

#include <cstdint>
#include <vector>

#include "attrition/calendar.h"
#include "features/reject_counts.h"
#include "features/source_rows.h"
#include "features/huge_pages.h"

namespace attrition::features {

// Indices (into the SourceRows vectors) of the accepted rows, in read order.
struct AcceptedRows {
  BigVector<uint32_t> sales;
  BigVector<uint32_t> enrolments;
  BigVector<uint32_t> touchpoints;
  BigVector<uint32_t> complaints;
  BigVector<uint32_t> warranties;
};

// Applies the rules of every dated view; a row dated after `last_day` (the last day of
// the as-of month) is future_date (I2). Appends the counts of each view to `counts`, in
// view order. With threads >= 2 the sales rules run beside the other views' rules.
AcceptedRows ApplyRejectRules(const SourceRows& rows, Day last_day, int threads,
                              RejectCounts* counts);

}  // namespace attrition::features
