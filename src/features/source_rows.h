// The rows of the dated source views as read, before any rule is applied: every row is
// kept (in read order) so that the rules, which need the as-of month, can count it.
// Identifiers are already coded: customers by CustomerDirectory, products by
// ProductCatalog, keys by a per-view TextInterner; kNoCode marks NULL / '' / unknown.
#pragma once

#include <cstdint>
#include <vector>

#include "attrition/calendar.h"
#include "features/text_interner.h"

namespace attrition::features {

inline constexpr int32_t kNoCode = -1;

struct SalesRow {
  double quantity;   // NaN when NULL or not a number
  Day day;           // kBadDay when NULL or invalid (I1)
  int32_t customer;  // kNoCode: NULL, '' or not an accepted CUSTOMER_ID
  int32_t product;   // kNoCode: NULL, '' or not a PRODUCT_ID
  int32_t line;      // code of (ORDER_ID, LINE_NO); kNoCode when ORDER_ID is NULL or ''
  bool returned;     // IS_RETURNED = 1 (I5)
};

struct EnrolmentRow {
  Day day;
  int32_t customer;
};

struct TouchpointRow {
  Day day;
  int32_t customer;
  int32_t touchpoint;  // code of TOUCHPOINT_ID; kNoCode when NULL or ''
};

struct ComplaintRow {
  Day day;
  int32_t customer;
  int32_t svn;  // code of SVN_NUMBER; kNoCode when NULL or ''
  bool harm;    // REASON_CODE = 'Z101'
};

enum class WarrantyStatus : uint8_t { kUnknown, kActive, kOther };

struct WarrantyRow {
  Day start;  // kBadDay when NULL or invalid
  Day end;    // kBadDay when NULL or invalid
  int32_t customer;
  WarrantyStatus status;
};

struct SourceRows {
  std::vector<SalesRow> sales;
  std::vector<EnrolmentRow> enrolments;
  std::vector<TouchpointRow> touchpoints;
  std::vector<ComplaintRow> complaints;
  std::vector<WarrantyRow> warranties;
  int32_t sales_line_keys = 0;   // distinct (ORDER_ID, LINE_NO) codes
  int32_t touchpoint_keys = 0;   // distinct TOUCHPOINT_ID codes
};

}  // namespace attrition::features
