// Splitting labelled rows into fit, validation and test sets (SPEC 7 step 3) so that
// nothing about the test period or a test customer leaks into training.
//
//  * last_n_months: the last `months` months up to max_month are the test set; training
//    uses months M with M + H < first test month (a gap of H months), so no training
//    row's label window M+1..M+H overlaps a test month. Rows in the gap are excluded.
//  * randomized: round(perc_test x customers) customers, drawn with the seed, are the
//    test set with all their rows; a customer is never on both sides.
//  * validation: round(20% of the training customers), drawn with the seed, are held out
//    of the training rows (grouped by customer) for early stopping, tuning and the
//    threshold; the remaining training rows are the fit set (sampled afterwards).
//
// Thread-safe (pure functions).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "attrition/calendar.h"
#include "attrition/config.h"
#include "attrition/status.h"

namespace attrition::train {

enum class RowRole : uint8_t { kExcluded, kFit, kValid, kTest };

struct SplitInput {
  // One entry per row; `months` is empty for a table without MONTH (randomized only).
  const std::vector<Month>* months = nullptr;
  // Customer codes 0..num_customers-1, one per row (codes in id text order).
  const std::vector<int32_t>* customers = nullptr;
  int32_t num_customers = 0;
};

struct SplitOptions {
  config::SplitConfig split;
  Month max_month = 0;  // last_n_months: the last test month
  int horizon = config::kLabelHorizonMonths;
  double valid_fraction = 0.2;
  uint64_t seed = 42;
};

struct Split {
  std::vector<RowRole> roles;  // one per row
  std::string description;     // "test 2024-04..2024-06, train ..2023-09 (gap 6 months)"
  Month test_first = 0;        // last_n_months only
  Month train_last = 0;        // last_n_months only
  int64_t test_customers = 0;
  int64_t valid_customers = 0;
  int64_t Count(RowRole role) const;
};

// Assigns every row a role. InvalidArgument when the mode needs MONTH and the table has
// none, or when the training or test side ends up empty (naming the window).
Result<Split> SplitRows(const SplitInput& input, const SplitOptions& options);

}  // namespace attrition::train
