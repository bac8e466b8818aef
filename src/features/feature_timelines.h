// Every customer's timeline (customer_timeline.h), laid out customer after customer in
// code order, i.e. in the row order of the sales spine (I19). Customers are independent,
// so ComputeTimelines splits them into contiguous ranges of about equal spine length and
// builds the ranges on separate threads. Read-only once built.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "attrition/calendar.h"
#include "features/customer_directory.h"
#include "features/customer_events.h"
#include "features/customer_timeline.h"
#include "features/huge_pages.h"

namespace attrition::features {

class FeatureTimelines {
 public:
  Month as_of() const { return as_of_; }
  int32_t customers() const { return static_cast<int32_t>(firsts_.size()); }
  const CustomerFirsts& firsts(int32_t customer) const { return firsts_[customer]; }
  // Months firsts(customer).sale .. as_of(); empty for a customer without accepted sales.
  std::span<const MonthFeatures> Of(int32_t customer) const {
    return std::span<const MonthFeatures>(months_.data() + offsets_[customer],
                                          offsets_[customer + 1] - offsets_[customer]);
  }
  int64_t spine_rows() const { return offsets_.empty() ? 0 : offsets_.back(); }
  int64_t spine_customers() const { return spine_customers_; }
  int64_t active_rows() const { return active_rows_; }

 private:
  friend FeatureTimelines ComputeTimelines(const CustomerEvents&, const CustomerDirectory&,
                                           Month, int);
  Month as_of_ = 0;
  std::vector<CustomerFirsts> firsts_;
  std::vector<int64_t> offsets_;  // customers() + 1 entries
  // Not value-initialised: each builder thread first-touches (and fills) its own range.
  LargeArray<MonthFeatures> months_;
  int64_t spine_customers_ = 0;
  int64_t active_rows_ = 0;
};

// Builds the timelines of all customers of `directory` on `threads` threads (>= 1).
FeatureTimelines ComputeTimelines(const CustomerEvents& events,
                                  const CustomerDirectory& directory, Month as_of,
                                  int threads);

}  // namespace attrition::features
