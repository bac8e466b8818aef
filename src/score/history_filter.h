// inference.min_history_months: a customer-month M is scored only when the customer's
// history, from its first month in the sales spine to M inclusive, is at least that many
// months long (as score.py).
#pragma once

#include <string>
#include <unordered_map>

#include "attrition/calendar.h"
#include "attrition/status.h"
#include "attrition/warehouse.h"

namespace attrition::score {

class HistoryFilter {
 public:
  // Reads what is needed to judge months first..last. With min_months <= 1 every row
  // passes and nothing is read. `table` is PA_SALES_INTERMEDIATE_FEATURES, whose months run
  // without a gap from each customer's first month to the as-of month, so only its rows in
  // [first - min + 1, last - min + 1] are read: a customer whose earliest row there is the
  // window's start began at or before it. For another table (no spine) every row is read.
  static Result<HistoryFilter> Load(warehouse::Warehouse& warehouse, const std::string& table,
                                    bool table_is_spine, const std::string& id_column,
                                    Month first, Month last, int min_months);

  // True when `customer` at `month` has min_months of history.
  bool Passes(std::string_view customer, Month month) const;

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  int min_months_ = 0;
  std::unordered_map<std::string, Month, Hash, std::equal_to<>> first_month_;
};

}  // namespace attrition::score
