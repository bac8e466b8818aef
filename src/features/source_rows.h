// The rows of the dated source views as read, before any rule is applied: every row is
// kept (in read order) so that the rules, which need the as-of month, can count it.
// Identifiers are already coded: customers by CustomerDirectory, products by
// ProductCatalog, ORDER_ID / TOUCHPOINT_ID / SVN_NUMBER by a per-view IdCoder; kNoCode
// marks NULL / '' / unknown.
#pragma once

#include <cstdint>

#include "attrition/calendar.h"
#include "features/huge_pages.h"

namespace attrition::features {

inline constexpr int32_t kNoCode = -1;

// LINE_NO compares by value (I4): NULLs are equal, 2 = 2.0, '2' is another value.
enum class LineKind : uint8_t { kNull, kInteger, kReal, kText };

struct SalesRow {
  double quantity;     // NaN when NULL or not a number
  int64_t line_value;  // kInteger: the value; kReal: the double's bits; kText: a text code
  Day day;             // kBadDay when NULL or invalid (I1)
  int32_t customer;    // kNoCode: NULL, '' or not an accepted CUSTOMER_ID
  int32_t product;     // kNoCode: NULL, '' or not a PRODUCT_ID
  int32_t order;       // code of ORDER_ID (IdCoder); kNoCode when NULL or ''
  LineKind line_kind;
  bool returned;  // IS_RETURNED = 1 (I5)

  bool SameLine(const SalesRow& other) const {
    return order == other.order && line_kind == other.line_kind &&
           line_value == other.line_value;
  }
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
  BigVector<SalesRow> sales;
  BigVector<EnrolmentRow> enrolments;
  BigVector<TouchpointRow> touchpoints;
  BigVector<ComplaintRow> complaints;
  BigVector<WarrantyRow> warranties;
  int32_t sales_orders = 0;      // distinct ORDER_ID codes
  int32_t touchpoint_keys = 0;   // distinct TOUCHPOINT_ID codes
};

}  // namespace attrition::features
