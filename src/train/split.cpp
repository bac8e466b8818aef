#include "train/split.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "train/random.h"

namespace attrition::train {
namespace {

// round() as numpy and Python 3 do it: halves to even.
uint32_t RoundHalfEven(double x) { return static_cast<uint32_t>(std::nearbyint(x)); }

// Draws the test customers of a randomized split; returns one flag per customer.
std::vector<uint8_t> DrawCustomers(const std::vector<int32_t>& candidates, double fraction,
                                   int32_t num_customers, Rng& rng) {
  std::vector<uint8_t> chosen(num_customers, 0);
  if (candidates.empty()) return chosen;
  const uint32_t n = static_cast<uint32_t>(candidates.size());
  const uint32_t k = std::clamp<uint32_t>(RoundHalfEven(fraction * n), 1, n);
  for (uint32_t i : rng.Choose(n, k)) chosen[candidates[i]] = 1;
  return chosen;
}

Status AssignTestByMonths(const SplitInput& input, const SplitOptions& options, Split* split) {
  if (input.months->empty() && !input.customers->empty()) {
    return Status::InvalidArgument(
        "train.split.mode: got last_n_months, but the dataset has no MONTH column; only "
        "randomized applies to it");
  }
  split->test_first = options.max_month - options.split.months + 1;
  split->train_last = split->test_first - options.horizon - 1;
  const std::vector<Month>& months = *input.months;
  for (size_t i = 0; i < months.size(); ++i) {
    if (months[i] >= split->test_first) {
      split->roles[i] = RowRole::kTest;
    } else if (months[i] <= split->train_last) {
      split->roles[i] = RowRole::kFit;
    }
  }
  split->description =
      fmt::format("test {}..{}, train ..{} (gap {} months)", FormatMonth(split->test_first),
                  FormatMonth(options.max_month), FormatMonth(split->train_last), options.horizon);
  return Status::OK();
}

void AssignTestByCustomers(const SplitInput& input, const SplitOptions& options, Rng& rng,
                           Split* split) {
  std::vector<uint8_t> present(input.num_customers, 0);
  for (int32_t c : *input.customers) present[c] = 1;
  std::vector<int32_t> candidates;
  for (int32_t c = 0; c < input.num_customers; ++c) {
    if (present[c]) candidates.push_back(c);
  }
  const std::vector<uint8_t> test =
      DrawCustomers(candidates, options.split.perc_test, input.num_customers, rng);
  const std::vector<int32_t>& customers = *input.customers;
  for (size_t i = 0; i < customers.size(); ++i) {
    split->roles[i] = test[customers[i]] ? RowRole::kTest : RowRole::kFit;
  }
  split->test_customers = std::count(test.begin(), test.end(), 1);
  split->description = fmt::format("randomized by customer: {} of {} customers in test",
                                   split->test_customers, candidates.size());
}

}  // namespace

int64_t Split::Count(RowRole role) const { return std::count(roles.begin(), roles.end(), role); }

Result<Split> SplitRows(const SplitInput& input, const SplitOptions& options) {
  const std::vector<int32_t>& customers = *input.customers;
  Split split;
  split.roles.assign(customers.size(), RowRole::kExcluded);
  Rng rng(options.seed);
  if (options.split.mode == config::SplitMode::kLastNMonths) {
    ATTRITION_RETURN_IF_ERROR(AssignTestByMonths(input, options, &split));
  } else {
    AssignTestByCustomers(input, options, rng, &split);
  }
  if (split.Count(RowRole::kTest) == 0 || split.Count(RowRole::kFit) == 0) {
    return Status::InvalidArgument(fmt::format(
        "train.split: the split leaves no {} rows ({}); widen train.start_month..max_month",
        split.Count(RowRole::kTest) == 0 ? "test" : "training", split.description));
  }
  // Validation customers among the training rows' customers.
  std::vector<uint8_t> training(input.num_customers, 0);
  for (size_t i = 0; i < customers.size(); ++i) {
    if (split.roles[i] == RowRole::kFit) training[customers[i]] = 1;
  }
  std::vector<int32_t> candidates;
  for (int32_t c = 0; c < input.num_customers; ++c) {
    if (training[c]) candidates.push_back(c);
  }
  const std::vector<uint8_t> valid =
      DrawCustomers(candidates, options.valid_fraction, input.num_customers, rng);
  split.valid_customers = std::count(valid.begin(), valid.end(), 1);
  for (size_t i = 0; i < customers.size(); ++i) {
    if (split.roles[i] == RowRole::kFit && valid[customers[i]]) split.roles[i] = RowRole::kValid;
  }
  if (split.Count(RowRole::kFit) == 0) {
    return Status::InvalidArgument(fmt::format(
        "train.split: too few training customers ({}) to hold out a validation set",
        candidates.size()));
  }
  return split;
}

}  // namespace attrition::train
