// Reads the dated source views into SourceRows. Each Read* function streams one view
// through its own cursor and may run on its own thread with its own Warehouse: the
// directory and catalog are only read. `rows_read` (may be null) is incremented as rows
// arrive, for a progress display on another thread.
#pragma once

#include <atomic>
#include <cstdint>

#include "attrition/status.h"
#include "attrition/warehouse.h"
#include "features/customer_directory.h"
#include "features/product_catalog.h"
#include "features/source_rows.h"

namespace attrition::features {

struct ReadContext {
  warehouse::Warehouse* warehouse;
  const CustomerDirectory* customers;
  const ProductCatalog* products;
  std::atomic<int64_t>* rows_read;
};

// PA_SALES_HISTORY_VW → rows->sales and rows->sales_orders.
Status ReadSales(const ReadContext& context, SourceRows* rows);
// PA_STARTRIGHT_DETAILS_VW, PA_PATIENT_TOUCHPOINT_VW, PA_PATIENT_COMPLAINTS_VW and
// PA_WARRANTY_DETAILS_VW → the other members of `rows`.
Status ReadOtherViews(const ReadContext& context, SourceRows* rows);

// The status a TRAINING_STATUS value maps to: any of the 14 codes (E0001..E0007, INTR ACT
// INAC LOAN MAL PEND RETU) or the 7 names, exactly; kUnknown otherwise (SPEC 3, I4).
WarrantyStatus WarrantyStatusOf(std::string_view text);

}  // namespace attrition::features
