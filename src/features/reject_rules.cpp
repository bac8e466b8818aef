#include "features/reject_rules.h"

#include <algorithm>
#include <cmath>
#include <future>
#include <string_view>

#include "features/source_values.h"
#include "features/source_views.h"

namespace attrition::features {
namespace {

// Counts of one view: "rows", then each rule in order, then "accepted".
class Tally {
 public:
  Tally(std::string_view view, std::vector<std::string_view> rules)
      : view_(view), rules_(std::move(rules)), rejected_(rules_.size(), 0) {}

  void Reject(int rule) { ++rejected_[rule]; }

  void Report(int64_t rows, int64_t accepted, RejectCounts* counts) const {
    counts->Add(view_, "rows", rows);
    for (size_t i = 0; i < rules_.size(); ++i) counts->Add(view_, rules_[i], rejected_[i]);
    counts->Add(view_, "accepted", accepted);
  }

 private:
  std::string_view view_;
  std::vector<std::string_view> rules_;
  std::vector<int64_t> rejected_;
};

constexpr int kPassed = -1;
enum CommonRule { kBadDate, kFutureDate, kOrphanCustomer, kCommonRules };

// bad_date, future_date, orphan_customer (I2, I4), in that order.
int CommonRules(Day day, int32_t customer, Day last_day) {
  if (day == kBadDay) return kBadDate;
  if (day > last_day) return kFutureDate;
  if (customer == kNoCode) return kOrphanCustomer;
  return kPassed;
}

// Keeps, of the candidate rows sharing a key, the one with the earliest day, ties by read
// order (I4); the others are duplicates. `candidates` is in read order.
template <typename Row, typename KeyOf>
BigVector<uint32_t> KeepEarliest(const BigVector<Row>& rows,
                                   const BigVector<uint32_t>& candidates, int32_t key_count,
                                   KeyOf key_of) {
  BigVector<int32_t> keeper(key_count, -1);
  for (uint32_t i : candidates) {
    int32_t& k = keeper[key_of(rows[i])];
    if (k < 0 || rows[i].day < rows[k].day) k = static_cast<int32_t>(i);
  }
  BigVector<uint32_t> kept;
  kept.reserve(candidates.size());
  for (uint32_t i : candidates) {
    if (keeper[key_of(rows[i])] == static_cast<int32_t>(i)) kept.push_back(i);
  }
  return kept;
}

// The keepers of rows [begin, end) (read order) of one order: one per LINE_NO, the
// earliest dated, ties by read order (a stable sort keeps read order among equals).
void KeepEarliestBySorting(const BigVector<SalesRow>& rows,
                           BigVector<uint32_t>::iterator begin,
                           BigVector<uint32_t>::iterator end, std::vector<uint32_t>* keepers) {
  std::vector<uint32_t> group(begin, end);
  std::stable_sort(group.begin(), group.end(), [&](uint32_t a, uint32_t b) {
    const SalesRow &x = rows[a], &y = rows[b];
    if (x.line_kind != y.line_kind) return x.line_kind < y.line_kind;
    if (x.line_value != y.line_value) return x.line_value < y.line_value;
    return x.day < y.day;
  });
  for (size_t i = 0; i < group.size(); ++i) {
    if (i == 0 || !rows[group[i]].SameLine(rows[group[i - 1]])) keepers->push_back(group[i]);
  }
}

// KeepEarliest for order lines: the key is (ORDER_ID, LINE_NO). Candidates are bucketed by
// order code (a stable counting sort), and lines are compared within their order only.
BigVector<uint32_t> KeepEarliestLines(const BigVector<SalesRow>& rows,
                                        const BigVector<uint32_t>& candidates,
                                        int32_t orders) {
  std::vector<uint32_t> start(static_cast<size_t>(orders) + 1, 0);
  for (uint32_t i : candidates) ++start[rows[i].order + 1];
  for (int32_t o = 0; o < orders; ++o) start[o + 1] += start[o];
  BigVector<uint32_t> by_order(candidates.size());
  {
    std::vector<uint32_t> next(start.begin(), start.end() - 1);
    for (uint32_t i : candidates) by_order[next[rows[i].order]++] = i;
  }
  std::vector<bool> keep(rows.size(), false);
  std::vector<uint32_t> keepers;  // of the current order, one per distinct LINE_NO
  for (int32_t o = 0; o < orders; ++o) {
    keepers.clear();
    if (start[o + 1] - start[o] > 64) {  // a huge order: sort rather than compare pairs
      KeepEarliestBySorting(rows, by_order.begin() + start[o], by_order.begin() + start[o + 1],
                            &keepers);
      for (uint32_t j : keepers) keep[j] = true;
      continue;
    }
    for (uint32_t k = start[o]; k < start[o + 1]; ++k) {
      const SalesRow& r = rows[by_order[k]];
      auto same = std::find_if(keepers.begin(), keepers.end(),
                               [&](uint32_t j) { return rows[j].SameLine(r); });
      if (same == keepers.end()) {
        keepers.push_back(by_order[k]);
      } else if (r.day < rows[*same].day) {
        *same = by_order[k];
      }
    }
    for (uint32_t j : keepers) keep[j] = true;
  }
  BigVector<uint32_t> kept;
  kept.reserve(candidates.size());
  for (uint32_t i : candidates) {
    if (keep[i]) kept.push_back(i);
  }
  return kept;
}

BigVector<uint32_t> SalesRules(const SourceRows& rows, Day last_day, RejectCounts* counts) {
  enum { kUnknownProduct = kCommonRules, kNegativeQuantity, kMissingKey, kDuplicate };
  Tally tally(kSalesView, {"bad_date", "future_date", "orphan_customer", "unknown_product",
                           "negative_quantity", "missing_key", "duplicate"});
  BigVector<uint32_t> candidates;
  candidates.reserve(rows.sales.size());
  for (uint32_t i = 0; i < rows.sales.size(); ++i) {
    const SalesRow& r = rows.sales[i];
    int rule = CommonRules(r.day, r.customer, last_day);
    if (rule == kPassed) {
      if (r.product == kNoCode) {
        rule = kUnknownProduct;
      } else if (!(r.quantity >= 0)) {  // NULL / not a number (NaN) / negative; 0 is kept
        rule = kNegativeQuantity;
      } else if (r.order == kNoCode) {
        rule = kMissingKey;
      }
    }
    if (rule == kPassed) {
      candidates.push_back(i);
    } else {
      tally.Reject(rule);
    }
  }
  BigVector<uint32_t> kept = KeepEarliestLines(rows.sales, candidates, rows.sales_orders);
  for (size_t n = kept.size(); n < candidates.size(); ++n) tally.Reject(kDuplicate);
  tally.Report(rows.sales.size(), kept.size(), counts);
  return kept;
}

BigVector<uint32_t> EnrolmentRules(const SourceRows& rows, Day last_day,
                                     RejectCounts* counts) {
  Tally tally(kStartRightView, {"bad_date", "future_date", "orphan_customer"});
  BigVector<uint32_t> kept;
  for (uint32_t i = 0; i < rows.enrolments.size(); ++i) {
    const int rule = CommonRules(rows.enrolments[i].day, rows.enrolments[i].customer, last_day);
    if (rule == kPassed) {
      kept.push_back(i);
    } else {
      tally.Reject(rule);
    }
  }
  tally.Report(rows.enrolments.size(), kept.size(), counts);
  return kept;
}

BigVector<uint32_t> TouchpointRules(const SourceRows& rows, Day last_day,
                                      RejectCounts* counts) {
  enum { kMissingKey = kCommonRules, kDuplicate };
  Tally tally(kTouchpointView,
              {"bad_date", "future_date", "orphan_customer", "missing_key", "duplicate"});
  BigVector<uint32_t> candidates;
  for (uint32_t i = 0; i < rows.touchpoints.size(); ++i) {
    const TouchpointRow& r = rows.touchpoints[i];
    int rule = CommonRules(r.day, r.customer, last_day);
    if (rule == kPassed && r.touchpoint == kNoCode) rule = kMissingKey;
    if (rule == kPassed) {
      candidates.push_back(i);
    } else {
      tally.Reject(rule);
    }
  }
  BigVector<uint32_t> kept =
      KeepEarliest(rows.touchpoints, candidates, rows.touchpoint_keys,
                   [](const TouchpointRow& r) { return r.touchpoint; });
  for (size_t n = kept.size(); n < candidates.size(); ++n) tally.Reject(kDuplicate);
  tally.Report(rows.touchpoints.size(), kept.size(), counts);
  return kept;
}

BigVector<uint32_t> ComplaintRules(const SourceRows& rows, Day last_day,
                                     RejectCounts* counts) {
  enum { kMissingKey = kCommonRules };
  Tally tally(kComplaintView, {"bad_date", "future_date", "orphan_customer", "missing_key"});
  BigVector<uint32_t> kept;
  for (uint32_t i = 0; i < rows.complaints.size(); ++i) {
    const ComplaintRow& r = rows.complaints[i];
    int rule = CommonRules(r.day, r.customer, last_day);
    if (rule == kPassed && r.svn == kNoCode) rule = kMissingKey;
    if (rule == kPassed) {
      kept.push_back(i);
    } else {
      tally.Reject(rule);
    }
  }
  tally.Report(rows.complaints.size(), kept.size(), counts);
  return kept;
}

BigVector<uint32_t> WarrantyRules(const SourceRows& rows, Day last_day, RejectCounts* counts) {
  enum { kEndBeforeStart = kCommonRules, kUnknownStatus };
  Tally tally(kWarrantyView, {"bad_date", "future_date", "orphan_customer", "end_before_start",
                              "unknown_status"});
  BigVector<uint32_t> kept;
  for (uint32_t i = 0; i < rows.warranties.size(); ++i) {
    const WarrantyRow& r = rows.warranties[i];
    // A bad end date is a bad date too; the future test is on the start date (I2, I4).
    const Day start = r.end == kBadDay ? kBadDay : r.start;
    int rule = CommonRules(start, r.customer, last_day);
    if (rule == kPassed && r.end < r.start) rule = kEndBeforeStart;
    if (rule == kPassed && r.status == WarrantyStatus::kUnknown) rule = kUnknownStatus;
    if (rule == kPassed) {
      kept.push_back(i);
    } else {
      tally.Reject(rule);
    }
  }
  tally.Report(rows.warranties.size(), kept.size(), counts);
  return kept;
}

}  // namespace

AcceptedRows ApplyRejectRules(const SourceRows& rows, Day last_day, int threads,
                              RejectCounts* counts) {
  AcceptedRows accepted;
  RejectCounts sales_counts, other_counts;
  auto sales = std::async(threads >= 2 ? std::launch::async : std::launch::deferred,
                          [&] { return SalesRules(rows, last_day, &sales_counts); });
  accepted.enrolments = EnrolmentRules(rows, last_day, &other_counts);
  accepted.touchpoints = TouchpointRules(rows, last_day, &other_counts);
  accepted.complaints = ComplaintRules(rows, last_day, &other_counts);
  accepted.warranties = WarrantyRules(rows, last_day, &other_counts);
  accepted.sales = sales.get();
  counts->Append(sales_counts);
  counts->Append(other_counts);
  return accepted;
}

}  // namespace attrition::features
