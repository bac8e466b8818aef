// The accepted source rows regrouped by customer, reduced to what the monthly features
// need: each customer's events are a contiguous span (a counting sort by customer code,
// stable, so read order is kept within a customer). Built once; read-only afterwards, so
// customer ranges can be computed on several threads.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "attrition/calendar.h"
#include "features/product_catalog.h"
#include "features/reject_rules.h"
#include "features/source_rows.h"
#include "features/huge_pages.h"

namespace attrition::features {

// One accepted order line.
struct SalesEvent {
  double supply_days;  // non-returned INFUSION_SET: QUANTITY x UNITS_PER_PACK x DAYS_PER_UNIT
  Month month;
  bool returned;          // IS_RETURNED = 1, any category (I8)
  bool consumable_order;  // non-returned consumable (I6)
};

// One accepted complaint line.
struct ComplaintLine {
  Month month;
  int32_t svn;  // SVN_NUMBER code: an SVN is (customer, SVN_NUMBER) (I13)
  bool harm;
};

// One accepted Active warranty (I15).
struct WarrantySpan {
  Month start;
  Month end;
  int32_t length_months;  // whole months from start date to end date
};

// Items of type T grouped by customer code.
template <typename T>
class ByCustomer {
 public:
  std::span<const T> Of(int32_t customer) const {
    return std::span<const T>(items_).subspan(offsets_[customer],
                                             offsets_[customer + 1] - offsets_[customer]);
  }
  // Builds from `count` items: customer_of(i) and item_of(i) for i in [0, count).
  template <typename CustomerOf, typename ItemOf>
  static ByCustomer Build(int32_t customers, size_t count, CustomerOf customer_of,
                          ItemOf item_of);

 private:
  BigVector<uint32_t> offsets_;
  BigVector<T> items_;
};

struct CustomerEvents {
  ByCustomer<SalesEvent> sales;
  ByCustomer<Month> enrolments;
  ByCustomer<Month> touchpoints;
  ByCustomer<ComplaintLine> complaints;
  ByCustomer<WarrantySpan> warranties;  // Active ones only
};

// Groups the accepted rows by customer (`customers` = number of customer codes). With
// threads >= 2 the sales rows are grouped beside the other views' rows.
CustomerEvents GroupByCustomer(const SourceRows& rows, const AcceptedRows& accepted,
                               const ProductCatalog& products, int32_t customers, int threads);

// Whole months from `start` to `end` (I15): 12*(ey-sy) + (em-sm) - (1 if ed < sd).
int32_t WholeMonthsBetween(Day start, Day end);

template <typename T>
template <typename CustomerOf, typename ItemOf>
ByCustomer<T> ByCustomer<T>::Build(int32_t customers, size_t count, CustomerOf customer_of,
                                   ItemOf item_of) {
  ByCustomer<T> out;
  out.offsets_.assign(static_cast<size_t>(customers) + 1, 0);
  for (size_t i = 0; i < count; ++i) ++out.offsets_[customer_of(i) + 1];
  for (int32_t c = 0; c < customers; ++c) out.offsets_[c + 1] += out.offsets_[c];
  std::vector<uint32_t> next(out.offsets_.begin(), out.offsets_.end() - 1);
  out.items_.resize(count);
  for (size_t i = 0; i < count; ++i) out.items_[next[customer_of(i)]++] = item_of(i);
  return out;
}

}  // namespace attrition::features
