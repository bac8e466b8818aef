#include "features/source_reader.h"

#include <array>
#include <cmath>
#include <cstring>
#include <string>

#include "features/id_coder.h"
#include "features/source_values.h"
#include "features/source_views.h"

namespace attrition::features {
namespace {

using warehouse::RowCursor;

// Calls per_row(cursor) for every row of `view_name`, counting rows into the context.
template <typename PerRow>
Status ForEachRow(const ReadContext& context, const char* view_name, PerRow per_row) {
  ATTRITION_ASSIGN_OR_RETURN(auto cursor,
                             ScanView(*context.warehouse, SourceViewNamed(view_name)));
  int64_t pending = 0;
  while (true) {
    auto more = cursor->Next();
    if (!more.ok()) return more.status().WithContext(std::string("reading ") + view_name);
    if (!*more) break;
    per_row(*cursor);
    if (++pending == 4096 && context.rows_read != nullptr) {
      context.rows_read->fetch_add(pending, std::memory_order_relaxed);
      pending = 0;
    }
  }
  if (context.rows_read != nullptr) context.rows_read->fetch_add(pending);
  return Status::OK();
}

int32_t CustomerOf(const ReadContext& context, const RowCursor& cursor, int column) {
  return context.customers->FindValue(cursor, column);
}



}  // namespace

WarrantyStatus WarrantyStatusOf(std::string_view text) {
  static constexpr std::array<std::string_view, 3> kActive = {"E0002", "ACT", "Active"};
  static constexpr std::array<std::string_view, 18> kOther = {
      "E0001", "INTR", "IN TRANSIT to MiniMed", "E0003", "INAC", "Inactive",
      "E0004", "LOAN", "Loaner",                "E0005", "MAL",  "Malfunctioning",
      "E0006", "PEND", "Pending Training",      "E0007", "RETU", "Returned"};
  for (std::string_view s : kActive) {
    if (text == s) return WarrantyStatus::kActive;
  }
  for (std::string_view s : kOther) {
    if (text == s) return WarrantyStatus::kOther;
  }
  return WarrantyStatus::kUnknown;
}

namespace {

// LINE_NO as a comparable value (LineKind); texts are coded by `texts`.
void ReadLineNo(const RowCursor& cursor, int column, TextInterner* texts, SalesRow* row) {
  row->line_value = 0;
  switch (cursor.Kind(column)) {
    case warehouse::ValueKind::kNull:
      row->line_kind = LineKind::kNull;
      return;
    case warehouse::ValueKind::kInteger:
      row->line_kind = LineKind::kInteger;
      row->line_value = cursor.Integer(column);
      return;
    case warehouse::ValueKind::kReal: {
      const double r = cursor.Real(column);
      if (r == std::trunc(r) && std::fabs(r) < 9.2e18) {  // 2.0 equals 2
        row->line_kind = LineKind::kInteger;
        row->line_value = static_cast<int64_t>(r);
      } else {
        row->line_kind = LineKind::kReal;
        std::memcpy(&row->line_value, &r, sizeof r);
      }
      return;
    }
    case warehouse::ValueKind::kText:
      row->line_kind = LineKind::kText;
      row->line_value = texts->Intern(cursor.Text(column));
      return;
  }
}

}  // namespace

Status ReadSales(const ReadContext& context, SourceRows* rows) {
  enum { kOrder, kLine, kCustomer, kDate, kProduct, kQuantity, kReturned };
  IdCoder orders;
  TextInterner line_texts;
  ATTRITION_RETURN_IF_ERROR(ForEachRow(context, kSalesView, [&](const RowCursor& cursor) {
    SalesRow row;
    IdBuffer product;
    row.quantity = NumericValue(cursor, kQuantity);
    row.day = DateValue(cursor, kDate);
    row.customer = CustomerOf(context, cursor, kCustomer);
    row.product = context.products->Find(IdValue(cursor, kProduct, &product));
    row.returned = NumericValue(cursor, kReturned) == 1.0;
    row.order = orders.Code(cursor, kOrder);
    ReadLineNo(cursor, kLine, &line_texts, &row);
    rows->sales.push_back(row);
  }));
  rows->sales_orders = orders.size();
  return Status::OK();
}

namespace {

Status ReadEnrolments(const ReadContext& context, SourceRows* rows) {
  return ForEachRow(context, kStartRightView, [&](const RowCursor& cursor) {
    rows->enrolments.push_back(EnrolmentRow{DateValue(cursor, 1), CustomerOf(context, cursor, 0)});
  });
}

Status ReadTouchpoints(const ReadContext& context, SourceRows* rows) {
  IdCoder keys;
  ATTRITION_RETURN_IF_ERROR(ForEachRow(context, kTouchpointView, [&](const RowCursor& cursor) {
    rows->touchpoints.push_back(TouchpointRow{DateValue(cursor, 2),
                                              CustomerOf(context, cursor, 1),
                                              keys.Code(cursor, 0)});
  }));
  rows->touchpoint_keys = keys.size();
  return Status::OK();
}

Status ReadComplaints(const ReadContext& context, SourceRows* rows) {
  IdCoder svns;
  return ForEachRow(context, kComplaintView, [&](const RowCursor& cursor) {
    const bool harm = cursor.Kind(3) == warehouse::ValueKind::kText && cursor.Text(3) == "Z101";
    rows->complaints.push_back(ComplaintRow{DateValue(cursor, 2), CustomerOf(context, cursor, 1),
                                            svns.Code(cursor, 0), harm});
  });
}

Status ReadWarranties(const ReadContext& context, SourceRows* rows) {
  return ForEachRow(context, kWarrantyView, [&](const RowCursor& cursor) {
    const WarrantyStatus status = cursor.Kind(3) == warehouse::ValueKind::kText
                                      ? WarrantyStatusOf(cursor.Text(3))
                                      : WarrantyStatus::kUnknown;
    rows->warranties.push_back(WarrantyRow{DateValue(cursor, 1), DateValue(cursor, 2),
                                           CustomerOf(context, cursor, 0), status});
  });
}

}  // namespace

Status ReadOtherViews(const ReadContext& context, SourceRows* rows) {
  ATTRITION_RETURN_IF_ERROR(ReadEnrolments(context, rows));
  ATTRITION_RETURN_IF_ERROR(ReadTouchpoints(context, rows));
  ATTRITION_RETURN_IF_ERROR(ReadComplaints(context, rows));
  return ReadWarranties(context, rows);
}

}  // namespace attrition::features
