// PRODUCT as the sales rules see it: PRODUCT_ID (exact text, I4) → category and the days
// of supply in one pack. Rows with a NULL or '' PRODUCT_ID are ignored; of duplicate ids
// the first in read order counts. Immutable after reading; safe to share between threads.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "attrition/status.h"
#include "attrition/warehouse.h"
#include "features/text_interner.h"

namespace attrition::features {

enum class Category : uint8_t { kOther, kInfusionSet, kReservoir, kSensor };

struct Product {
  Category category = Category::kOther;
  // UNITS_PER_PACK and DAYS_PER_UNIT as numbers; 0 when NULL or not a number.
  double units_per_pack = 0;
  double days_per_unit = 0;
  bool consumable() const { return category != Category::kOther; }  // SPEC 3
};

class ProductCatalog {
 public:
  // The index of the product whose PRODUCT_ID is exactly `id`, or -1 (also for '').
  int32_t Find(std::string_view id) const { return ids_.Find(id); }
  // REQUIRES: 0 <= index < size()
  const Product& product(int32_t index) const { return products_[index]; }
  int32_t size() const { return static_cast<int32_t>(products_.size()); }

 private:
  friend Result<ProductCatalog> ReadProductCatalog(warehouse::Warehouse&);
  TextInterner ids_;
  std::vector<Product> products_;
};

Result<ProductCatalog> ReadProductCatalog(warehouse::Warehouse& warehouse);

}  // namespace attrition::features
