#include "features/product_catalog.h"

#include <cmath>

#include "features/source_values.h"
#include "features/source_views.h"

namespace attrition::features {
namespace {

Category CategoryNamed(std::string_view name) {
  if (name == "INFUSION_SET") return Category::kInfusionSet;
  if (name == "RESERVOIR") return Category::kReservoir;
  if (name == "SENSOR") return Category::kSensor;
  return Category::kOther;
}

double NumberOrZero(const warehouse::RowCursor& cursor, int column) {
  const double value = NumericValue(cursor, column);
  return std::isfinite(value) ? value : 0.0;
}

}  // namespace

Result<ProductCatalog> ReadProductCatalog(warehouse::Warehouse& warehouse) {
  ATTRITION_ASSIGN_OR_RETURN(auto cursor, ScanView(warehouse, SourceViewNamed(kProductView)));
  ProductCatalog catalog;
  while (true) {
    ATTRITION_ASSIGN_OR_RETURN(bool more, cursor->Next());
    if (!more) break;
    IdBuffer buffer;
    const std::string_view id = IdValue(*cursor, 0, &buffer);
    if (id.empty()) continue;
    if (catalog.ids_.Intern(id) < catalog.size()) continue;  // a duplicate id
    Product product;
    if (cursor->Kind(1) == warehouse::ValueKind::kText) {
      product.category = CategoryNamed(cursor->Text(1));
    }
    product.units_per_pack = NumberOrZero(*cursor, 2);
    product.days_per_unit = NumberOrZero(*cursor, 3);
    catalog.products_.push_back(product);
  }
  return catalog;
}

}  // namespace attrition::features
