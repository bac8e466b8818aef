// The faults of real extracts (`--dirty RATE`, SPEC 3), drawn row by row from a stream of
// their own so that which rows are hit depends only on (seed, view, rate).
//
// A view writer asks Hit() once per row; when it is true the writer picks a fault kind
// with Kind() and corrupts the row with the helpers below, which also count what was
// written. With rate 0 nothing is drawn and nothing is hit.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "attrition/calendar.h"
#include "sources/cell_text.h"
#include "sources/random.h"

namespace attrition::sources {

// Names of the fault kinds as counted in ViewReport::faults.
inline constexpr char kNullDate[] = "null_date";
inline constexpr char kUnparseableDate[] = "unparseable_date";
inline constexpr char kFutureDate[] = "future_date";
inline constexpr char kUnknownProduct[] = "unknown_product";
inline constexpr char kNegativeQuantity[] = "negative_quantity";
inline constexpr char kDuplicateLine[] = "duplicate_line";
inline constexpr char kUnknownStatus[] = "unknown_status";
inline constexpr char kOrphanCustomer[] = "orphan_customer";
inline constexpr char kDroppedCustomer[] = "dropped_customer";

class FaultInjector {
 public:
  // `stream` tells apart the injectors of one run (one per view and purpose);
  // `counts` receives the counts and must outlive the injector.
  FaultInjector(uint64_t seed, uint64_t stream, double rate,
                std::map<std::string, int64_t>* counts);

  // Whether the next row is corrupted (probability `rate`).
  bool Hit() { return rate_ > 0 && rng_.Uniform() < rate_; }
  // A fault kind in [0, kinds). REQUIRES: kinds > 0.
  int Kind(int kinds) { return static_cast<int>(rng_.Integer(0, kinds)); }
  int64_t Integer(int64_t lo, int64_t hi) { return rng_.Integer(lo, hi); }

  // `day` rendered as one of gen.py's junk_date forms, counted under `null_kind` or
  // `unparseable_kind` by what it is: NULL, 'DD/MM/YYYY', 'YYYYMMDD', 'YYYY-MM-32',
  // 'YYYY-13-DD', 'N/A' or ''.
  CellText JunkDate(Day day, const char* null_kind = kNullDate,
                    const char* unparseable_kind = kUnparseableDate);
  // NULL, counted as `null_kind`.
  CellText NullDate(const char* null_kind = kNullDate);
  // `day` moved 15 to 40 years into the future, counted as future_date.
  CellText FutureDate(Day day);

  void Count(const std::string& kind, int64_t n = 1) { (*counts_)[kind] += n; }

 private:
  double rate_;
  Rng rng_;
  std::map<std::string, int64_t>* counts_;
};

}  // namespace attrition::sources
