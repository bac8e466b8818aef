#include "features/customer_timeline.h"

#include <algorithm>
#include <cmath>

#include "features/source_values.h"

namespace attrition::features {

CustomerFirsts FirstsOf(const CustomerEvents& events, int32_t customer) {
  CustomerFirsts f;
  for (const SalesEvent& e : events.sales.Of(customer)) f.sale = std::min(f.sale, e.month);
  for (Month m : events.enrolments.Of(customer)) f.enrolment = std::min(f.enrolment, m);
  for (Month m : events.touchpoints.Of(customer)) f.touchpoint = std::min(f.touchpoint, m);
  for (const ComplaintLine& l : events.complaints.Of(customer)) {
    f.complaint = std::min(f.complaint, l.month);
  }
  for (const WarrantySpan& w : events.warranties.Of(customer)) {
    f.warranty = std::min(f.warranty, w.start);
  }
  return f;
}

namespace {

// rint() of a month's supply as an integer (I10). Totals beyond +-2e9 days (only from
// absurd QUANTITY or PRODUCT values) saturate, so R always fits 32 bits.
int64_t WholeDays(double days) {
  constexpr double kLimit = 2.0e9;
  if (std::isnan(days)) return 0;
  return static_cast<int64_t>(std::nearbyint(std::clamp(days, -kLimit, kLimit)));
}

// Whole years from `from` to the last day of `month` (I17); kNullInt16 when unknown or
// after that day.
int16_t YearsAtEndOf(Month month, Day from, const CivilDate& from_civil) {
  if (from == kBadDay || from > LastDayOfMonth(month)) return kNullInt16;
  const int year_offset = month >= 0 ? month / 12 : (month - 11) / 12;
  const CivilDate to{1970 + year_offset, month - 12 * year_offset + 1, DaysInMonth(month)};
  const int years = to.year - from_civil.year -
                    ((to.month < from_civil.month ||
                      (to.month == from_civil.month && to.day < from_civil.day))
                         ? 1
                         : 0);
  return static_cast<int16_t>(std::clamp(years, -32767, 32767));
}

}  // namespace

void TimelineBuilder::Build(const CustomerEvents& events, int32_t customer,
                            const CustomerFirsts& firsts, Month as_of, Day birth,
                            Day insulin_start, MonthFeatures* out) {
  const Month first = firsts.sale;
  const int n = as_of - first + 1;
  std::fill(out, out + n, MonthFeatures{});
  SalesFeatures(events.sales.Of(customer), first, n, out);
  // Labels: 1 when no consumable order in M+1 .. M+H, NULL when M + H > A (I11).
  int next_order = n + kLabelHorizonMonths + 1;  // index of the next order after i
  for (int i = n - 1; i >= 0; --i) {
    if (first + i + kLabelHorizonMonths > as_of) {
      out[i].label = -1;
    } else {
      out[i].label = next_order - i > kLabelHorizonMonths ? 1 : 0;
    }
    if (orders_[i]) next_order = i;
  }
  NoteScores(events.touchpoints.Of(customer), first, n, out);
  ComplaintScores(events.complaints.Of(customer), first, n, out);
  WarrantyFeatures(events.warranties.Of(customer), first, n, out);
  Ages(birth, insulin_start, first, n, out);
}

void TimelineBuilder::SalesFeatures(std::span<const SalesEvent> sales, Month first, int n,
                                    MonthFeatures* out) {
  orders_.assign(n, 0);
  counts_.assign(n, 0);  // returned lines per month
  supply_.assign(n, 0.0);
  for (const SalesEvent& e : sales) {
    const int i = e.month - first;
    counts_[i] += e.returned ? 1 : 0;
    orders_[i] |= e.consumable_order ? 1 : 0;
    supply_[i] += e.supply_days;
  }
  int32_t cumulative = 0;
  int last_order = -1;
  int64_t supply = 0;  // R(M-1); 0 before the spine (I10)
  for (int i = 0; i < n; ++i) {
    MonthFeatures& f = out[i];
    if (orders_[i]) {
      ++cumulative;
      last_order = i;
    }
    f.cum_active_months = cumulative;
    f.months_since_order = last_order < 0 ? kNullInt32 : i - last_order;  // I7
    f.active = last_order >= 0 && i - last_order < kLabelHorizonMonths;
    supply = std::min(kSupplyCapDays,
                      std::max<int64_t>(0, supply - DaysInMonth(first + i)) +
                          WholeDays(supply_[i]));
    f.supply_days = static_cast<int32_t>(supply);
    for (int k = 0; k < kReturnLookback && k <= i; ++k) {
      f.returned_x6 += (kReturnLookback - k) * counts_[i - k];
    }
  }
}

void TimelineBuilder::NoteScores(std::span<const Month> notes, Month first, int n,
                                 MonthFeatures* out) {
  constexpr int kPad = kNoteLookback - 1;
  counts_.assign(n + kPad, 0);  // counts_[j] = notes in month first - kPad + j
  for (Month m : notes) {
    const int j = m - first + kPad;
    if (j >= 0) ++counts_[j];
  }
  for (int i = 0; i < n; ++i) {
    int64_t score = 0;
    for (int k = 0; k < kNoteLookback; ++k) score += (kNoteLookback - k) * counts_[i + kPad - k];
    out[i].notes_x12 = score;
  }
}

void TimelineBuilder::ComplaintScores(std::span<const ComplaintLine> lines, Month first, int n,
                                      MonthFeatures* out) {
  lines_.assign(lines.begin(), lines.end());
  std::sort(lines_.begin(), lines_.end(),
            [](const ComplaintLine& a, const ComplaintLine& b) { return a.svn < b.svn; });
  for (size_t lo = 0, hi; lo < lines_.size(); lo = hi) {
    // One SVN: its month is that of its earliest line; harm from its earliest Z101 line.
    Month m0 = kNever, harm_from = kNever;
    for (hi = lo; hi < lines_.size() && lines_[hi].svn == lines_[lo].svn; ++hi) {
      m0 = std::min(m0, lines_[hi].month);
      if (lines_[hi].harm) harm_from = std::min(harm_from, lines_[hi].month);
    }
    for (int k = 0; k < kComplaintLookback; ++k) {
      const int i = m0 + k - first;
      if (i < 0 || i >= n) continue;
      if (harm_from <= m0 + k) {
        out[i].harm_x18 += kComplaintLookback - k;  // I13
      } else {
        out[i].regular_x18 += kComplaintLookback - k;
      }
    }
  }
}

void TimelineBuilder::WarrantyFeatures(std::span<const WarrantySpan> spans, Month first, int n,
                                       MonthFeatures* out) {
  for (int i = 0; i < n; ++i) {
    const Month m = first + i;
    int32_t covering = 0, length_sum = 0;
    Month latest_end = kNever;
    for (const WarrantySpan& w : spans) {
      if (w.start > m) continue;
      latest_end = latest_end == kNever ? w.end : std::max(latest_end, w.end);
      if (m <= w.end) {
        ++covering;
        length_sum += w.length_months;
      }
    }
    out[i].covering_warranties = covering;
    out[i].warranty_length_sum = length_sum;
    out[i].months_to_warranty_end = latest_end == kNever ? kNullInt32 : latest_end - m;
  }
}

void TimelineBuilder::Ages(Day birth, Day insulin_start, Month first, int n,
                           MonthFeatures* out) {
  const CivilDate birth_civil = CivilFromDay(birth == kBadDay ? 0 : birth);
  const CivilDate insulin_civil = CivilFromDay(insulin_start == kBadDay ? 0 : insulin_start);
  for (int i = 0; i < n; ++i) {
    if (!out[i].active) continue;
    out[i].age = YearsAtEndOf(first + i, birth, birth_civil);
    out[i].years_on_insulin = YearsAtEndOf(first + i, insulin_start, insulin_civil);
  }
}

}  // namespace attrition::features
