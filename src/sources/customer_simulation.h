// The life of one simulated customer, month by month: the planted hazard, pauses, orders
// on the supply rhythm, complaints, touchpoints and pump warranties (gen.py `simulate`,
// one customer at a time instead of vectorised over all of them).
//
// Each customer draws from its own random stream keyed by (seed, customer index), so a
// customer's history does not depend on any other customer or on the thread that
// simulates it.
#pragma once

#include <cstdint>
#include <vector>

#include "attrition/calendar.h"
#include "sources/population.h"

namespace attrition::sources {

// The simulated months and their first and last days.
class SimulationCalendar {
 public:
  // REQUIRES: first <= last.
  SimulationCalendar(Month first, Month last);

  int months() const { return static_cast<int>(month_start_.size()) - 1; }
  Day first_day() const { return month_start_.front(); }
  Day last_day() const { return month_start_.back() - 1; }
  Day MonthStart(int t) const { return month_start_[t]; }
  Day MonthEnd(int t) const { return month_start_[t + 1] - 1; }
  int DaysIn(int t) const { return month_start_[t + 1] - month_start_[t]; }
  // Month index of `day` (negative before the first month).
  int MonthIndex(Day day) const { return MonthOfDay(day) - first_month_; }

 private:
  Month first_month_;
  std::vector<Day> month_start_;  // months() + 1 entries
};

// Simulates customers one after another, appending their records to a chunk. Holds
// scratch space reused between customers; one per thread.
class CustomerSimulator {
 public:
  CustomerSimulator(const SimulationCalendar& calendar, uint64_t seed);

  // Simulates customer `index` and appends its CustomerRecord and events to `chunk`.
  // REQUIRES: customers are appended in increasing index order without gaps.
  void Simulate(int64_t index, Chunk* chunk);

 private:
  const SimulationCalendar& calendar_;
  uint64_t seed_;
  // Per-month counts feeding the hazard's lookback scores; sized months().
  std::vector<int32_t> complaints_, harms_, returns_;
  std::vector<Warranty> warranties_;
};

}  // namespace attrition::sources
