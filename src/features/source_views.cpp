#include "features/source_views.h"

#include <algorithm>
#include <cassert>
#include <cctype>

namespace attrition::features {

const std::vector<SourceView>& SourceViews() {
  static const std::vector<SourceView> kViews = {
      {kProductView, {"PRODUCT_ID", "CATEGORY", "UNITS_PER_PACK", "DAYS_PER_UNIT"}},
      {kDetailsView,
       {"CUSTOMER_ID", "MRN", "BIRTH_DATE", "PAYOR_TYPE", "DIAGNOSIS_TYPE", "INSULIN_START_DATE",
        "IS_AUTO_REORDER"}},
      {kSalesView,
       {"ORDER_ID", "LINE_NO", "CUSTOMER_ID", "ORDER_DATE", "PRODUCT_ID", "QUANTITY",
        "IS_RETURNED"}},
      {kStartRightView, {"CUSTOMER_ID", "ENROLL_DATE"}},
      {kTouchpointView, {"TOUCHPOINT_ID", "CUSTOMER_ID", "CREATED_DATE"}},
      {kComplaintView, {"SVN_NUMBER", "CUSTOMER_ID", "CREATED_DATE", "REASON_CODE"}},
      {kWarrantyView,
       {"CUSTOMER_ID", "WARRANTY_START_DATE", "WARRANTY_END_DATE", "TRAINING_STATUS"}},
  };
  return kViews;
}

const SourceView& SourceViewNamed(const std::string& name) {
  for (const SourceView& view : SourceViews()) {
    if (view.name == name) return view;
  }
  assert(false && "unknown source view");
  return SourceViews().front();
}

namespace {

// What a user whose warehouse lacks a view is missing: data. Both commands write to the
// same --warehouse (or config) that `attrition features` reads.
std::string HowToGetData(const std::string& view) {
  return "; to get data, run `attrition generate` (synthetic source views) or `attrition "
         "load --table " + view + " --csv FILE` (your own extract of it)";
}

bool SameName(const std::string& a, const std::string& b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::toupper(x) == std::toupper(y);
         });
}
}  // namespace

Status CheckSourceViews(warehouse::Warehouse& warehouse) {
  for (const SourceView& view : SourceViews()) {
    ATTRITION_ASSIGN_OR_RETURN(bool exists, warehouse.TableExists(view.name));
    if (!exists) {
      return Status::NotFound("source view " + view.name + " does not exist in " +
                              warehouse.Describe() + HowToGetData(view.name));
    }
    ATTRITION_ASSIGN_OR_RETURN(warehouse::Schema schema, warehouse.DescribeTable(view.name));
    for (const std::string& column : view.columns) {
      const bool found = std::any_of(schema.begin(), schema.end(), [&](const auto& have) {
        return SameName(have.name, column);
      });
      if (!found) {
        return Status::NotFound("source view " + view.name + " in " + warehouse.Describe() +
                                " has no column " + column);
      }
    }
  }
  return Status::OK();
}

Result<std::unique_ptr<warehouse::RowCursor>> ScanView(warehouse::Warehouse& warehouse,
                                                       const SourceView& view) {
  auto cursor = warehouse.Scan(view.name, view.columns);
  if (!cursor.ok()) return cursor.status().WithContext("reading source view " + view.name);
  return cursor;
}

}  // namespace attrition::features
