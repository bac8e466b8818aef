#include "features/customer_events.h"

#include <future>

namespace attrition::features {

int32_t WholeMonthsBetween(Day start, Day end) {
  const CivilDate s = CivilFromDay(start);
  const CivilDate e = CivilFromDay(end);
  return 12 * (e.year - s.year) + (e.month - s.month) - (e.day < s.day ? 1 : 0);
}

namespace {

ByCustomer<SalesEvent> GroupSales(const SourceRows& rows, const BigVector<uint32_t>& kept,
                                  const ProductCatalog& products, int32_t customers) {
  return ByCustomer<SalesEvent>::Build(
      customers, kept.size(), [&](size_t i) { return rows.sales[kept[i]].customer; },
      [&](size_t i) {
        const SalesRow& r = rows.sales[kept[i]];
        const Product& p = products.product(r.product);
        SalesEvent e{0.0, MonthOfDay(r.day), r.returned, !r.returned && p.consumable()};
        if (!r.returned && p.category == Category::kInfusionSet) {
          e.supply_days = r.quantity * p.units_per_pack * p.days_per_unit;  // I10
        }
        return e;
      });
}

ByCustomer<WarrantySpan> GroupActiveWarranties(const SourceRows& rows,
                                               const BigVector<uint32_t>& kept,
                                               int32_t customers) {
  std::vector<uint32_t> active;
  for (uint32_t i : kept) {
    if (rows.warranties[i].status == WarrantyStatus::kActive) active.push_back(i);
  }
  return ByCustomer<WarrantySpan>::Build(
      customers, active.size(), [&](size_t i) { return rows.warranties[active[i]].customer; },
      [&](size_t i) {
        const WarrantyRow& r = rows.warranties[active[i]];
        return WarrantySpan{MonthOfDay(r.start), MonthOfDay(r.end),
                            WholeMonthsBetween(r.start, r.end)};
      });
}

}  // namespace

CustomerEvents GroupByCustomer(const SourceRows& rows, const AcceptedRows& accepted,
                               const ProductCatalog& products, int32_t customers, int threads) {
  CustomerEvents events;
  auto sales = std::async(threads >= 2 ? std::launch::async : std::launch::deferred,
                          [&] { return GroupSales(rows, accepted.sales, products, customers); });
  const auto& en = accepted.enrolments;
  events.enrolments = ByCustomer<Month>::Build(
      customers, en.size(), [&](size_t i) { return rows.enrolments[en[i]].customer; },
      [&](size_t i) { return MonthOfDay(rows.enrolments[en[i]].day); });
  const auto& tp = accepted.touchpoints;
  events.touchpoints = ByCustomer<Month>::Build(
      customers, tp.size(), [&](size_t i) { return rows.touchpoints[tp[i]].customer; },
      [&](size_t i) { return MonthOfDay(rows.touchpoints[tp[i]].day); });
  const auto& cp = accepted.complaints;
  events.complaints = ByCustomer<ComplaintLine>::Build(
      customers, cp.size(), [&](size_t i) { return rows.complaints[cp[i]].customer; },
      [&](size_t i) {
        const ComplaintRow& r = rows.complaints[cp[i]];
        return ComplaintLine{MonthOfDay(r.day), r.svn, r.harm};
      });
  events.warranties = GroupActiveWarranties(rows, accepted.warranties, customers);
  events.sales = sales.get();
  return events;
}

}  // namespace attrition::features
