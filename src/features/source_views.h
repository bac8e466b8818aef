// The source views the feature pipeline reads (SPEC 3) and the columns it needs of each,
// in the order the readers address them.
#pragma once

#include <string>
#include <vector>

#include "attrition/status.h"
#include "attrition/warehouse.h"

namespace attrition::features {

inline constexpr char kProductView[] = "PRODUCT";
inline constexpr char kDetailsView[] = "PA_PATIENT_DETAILS_VW";
inline constexpr char kSalesView[] = "PA_SALES_HISTORY_VW";
inline constexpr char kStartRightView[] = "PA_STARTRIGHT_DETAILS_VW";
inline constexpr char kTouchpointView[] = "PA_PATIENT_TOUCHPOINT_VW";
inline constexpr char kComplaintView[] = "PA_PATIENT_COMPLAINTS_VW";
inline constexpr char kWarrantyView[] = "PA_WARRANTY_DETAILS_VW";

struct SourceView {
  std::string name;
  std::vector<std::string> columns;  // the columns read, in this order
};

// Every view read, with its columns; the readers rely on the column order given here.
const std::vector<SourceView>& SourceViews();
const SourceView& SourceViewNamed(const std::string& name);

// Checks that every view exists and has every column it needs. NotFound naming the first
// missing one: "source view PA_SALES_HISTORY_VW (sqlite:x.db) has no column QUANTITY"; a
// missing view's message also says how to get data (`attrition generate` or `load`).
Status CheckSourceViews(warehouse::Warehouse& warehouse);

// Streams the needed columns of `view` (column i of the cursor = columns[i]).
Result<std::unique_ptr<warehouse::RowCursor>> ScanView(warehouse::Warehouse& warehouse,
                                                       const SourceView& view);

}  // namespace attrition::features
