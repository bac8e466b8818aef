// One customer's monthly features (SPEC 4, I6-I17) over the months of its sales spine:
// from the month of its first accepted sales row to the as-of month A (I3).
//
// Pure computation on one customer's events; a TimelineBuilder holds scratch space, so
// give each thread its own.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "attrition/calendar.h"
#include "features/customer_events.h"

namespace attrition::features {

inline constexpr int kLabelHorizonMonths = 6;  // H
inline constexpr int kReturnLookback = 6;
inline constexpr int kNoteLookback = 12;
inline constexpr int kComplaintLookback = 18;
inline constexpr int64_t kSupplyCapDays = 180;
inline constexpr Month kNever = std::numeric_limits<Month>::max();
inline constexpr int32_t kNullInt32 = std::numeric_limits<int32_t>::min();
inline constexpr int16_t kNullInt16 = std::numeric_limits<int16_t>::min();

// The first month of each kind of accepted row of a customer; kNever when it has none.
// They decide which months a customer has rows in each table (I3).
struct CustomerFirsts {
  Month sale = kNever;        // the spine starts here
  Month enrolment = kNever;   // PA_STARTRIGHT_INTERMEDIATE_FEATURES rows from here
  Month touchpoint = kNever;  // PA_TOUCHPOINT_...
  Month complaint = kNever;   // PA_COMPLAINTS_... (earliest SVN month)
  Month warranty = kNever;    // PA_WARRANTY_... (earliest Active warranty start)
};

// The features of one spine month. Weighted scores are kept as the exact integer
// numerators of I9 (score = numerator / L).
struct MonthFeatures {
  int64_t returned_x6;         // NUM_IS_RETURNED_SUMLOOKBACK_6M_SCORE * 6
  int64_t notes_x12;           // NUM_TOTAL_NOTE_COUNT_LOOKBACK_12M_SCORE * 12
  int64_t regular_x18;         // NUM_REGULAR_COMPLAINT_LOOKBACK_18M_SCORE * 18
  int64_t harm_x18;            // NUM_HARM_FLAG_SUM_LOOKBACK_18M_SCORE * 18
  int32_t supply_days;         // NUM_INFUSION_SET_RESIDUAL_ADJ
  int32_t cum_active_months;   // NUM_CUM_ACTIVE_MONTH
  int32_t months_since_order;  // NUM_LAST_ORDER_CUM_ACTIVE_MONTHS; kNullInt32 before any
  int32_t months_to_warranty_end;  // kNullInt32 when no Active warranty has started
  int32_t warranty_length_sum;     // of the covering Active warranties
  int32_t covering_warranties;
  int16_t age;              // NUM_AGE (active months only); kNullInt16 when NULL
  int16_t years_on_insulin;  // NUM_YEARS_ON_INSULIN (active months only); kNullInt16
  int8_t active;             // IS_ACTIVE
  int8_t label;              // IS_ATTRITION_FLAG_C; -1 = NULL (immature, I11)
};

static_assert(sizeof(MonthFeatures) == 64, "keep a spine month in one cache line");

CustomerFirsts FirstsOf(const CustomerEvents& events, int32_t customer);

class TimelineBuilder {
 public:
  // Fills out[0 .. as_of - firsts.sale] with the features of months firsts.sale .. as_of.
  // `birth` / `insulin_start` are kBadDay when unknown.
  // REQUIRES: firsts == FirstsOf(events, customer), firsts.sale <= as_of.
  void Build(const CustomerEvents& events, int32_t customer, const CustomerFirsts& firsts,
             Month as_of, Day birth, Day insulin_start, MonthFeatures* out);

 private:
  void SalesFeatures(std::span<const SalesEvent> sales, Month first, int n,
                     MonthFeatures* out);
  void NoteScores(std::span<const Month> notes, Month first, int n, MonthFeatures* out);
  void ComplaintScores(std::span<const ComplaintLine> lines, Month first, int n,
                       MonthFeatures* out);
  static void WarrantyFeatures(std::span<const WarrantySpan> spans, Month first, int n,
                               MonthFeatures* out);
  static void Ages(Day birth, Day insulin_start, Month first, int n, MonthFeatures* out);

  std::vector<int32_t> orders_;   // consumable-order flag per month
  std::vector<int64_t> counts_;   // per-month counts, with lookback padding in front
  std::vector<double> supply_;    // infusion-set days bought per month
  std::vector<ComplaintLine> lines_;
};

}  // namespace attrition::features
