// How identifiers are written in each IdStyle (gen.py `alnum_ids`), and which customers
// are dropped from the details view (the orphans of `--dirty`).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "attrition/sources.h"
#include "attrition/warehouse.h"

namespace attrition::sources {

// Product ids from kUnknownProductBase on are not in the catalogue (unknown_product).
inline constexpr int kUnknownProductBase = 99900;
inline constexpr int kUnknownProductVariants = 99;

// Chooses round(dirty * customers) distinct customers, uniformly, from a stream of its
// own: true = dropped from PA_PATIENT_DETAILS_VW.
std::vector<bool> ChooseDroppedCustomers(const GenerateOptions& options);

// Writes ids into RowWriter columns. Numeric style: INTEGER CUSTOMER_ID 1000001 + index,
// PRODUCT_ID, ORDER_ID, TOUCHPOINT_ID. Alnum style: TEXT 'C-0001000001', 'P-IS-10',
// 'ORD-10000001', 'TP-50000001'; a dropped customer's id is a near miss of the next kept
// customer's, an unknown product's a near miss of a catalogue id. MRN is text in both:
// 'MRN20000000' + 7 * index. Immutable after construction; thread-safe to read.
class IdWriter {
 public:
  IdWriter(IdStyle style, std::vector<bool> dropped);

  // Column type of CUSTOMER_ID, PRODUCT_ID, ORDER_ID and TOUCHPOINT_ID.
  warehouse::ColumnType id_type() const;
  bool dropped(int64_t customer) const { return dropped_[customer]; }
  int64_t dropped_count() const { return dropped_count_; }

  void SetCustomer(warehouse::RowWriter& row, int column, int64_t customer) const;
  void SetMrn(warehouse::RowWriter& row, int column, int64_t customer) const;
  // `product_id` is a catalogue id or kUnknownProductBase + k, k < kUnknownProductVariants.
  void SetProduct(warehouse::RowWriter& row, int column, int product_id) const;
  void SetOrder(warehouse::RowWriter& row, int column, int64_t order_id) const;
  void SetTouchpoint(warehouse::RowWriter& row, int column, int64_t touchpoint_id) const;

 private:
  IdStyle style_;
  std::vector<bool> dropped_;
  int64_t dropped_count_ = 0;
  std::unordered_map<int64_t, std::string> near_miss_customer_;  // alnum, dropped only
};

}  // namespace attrition::sources
