#include "features/source_reader.h"

#include <array>
#include <cstring>
#include <string>

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
  IdBuffer buffer;
  return context.customers->Find(IdValue(cursor, column, &buffer));
}

int32_t KeyOf(const RowCursor& cursor, int column, TextInterner* keys) {
  IdBuffer buffer;
  const std::string_view id = IdValue(cursor, column, &buffer);
  return id.empty() ? kNoCode : keys->Intern(id);
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

Status ReadSales(const ReadContext& context, SourceRows* rows) {
  enum { kOrder, kLine, kCustomer, kDate, kProduct, kQuantity, kReturned };
  TextInterner line_keys;
  std::string key;
  ATTRITION_RETURN_IF_ERROR(ForEachRow(context, kSalesView, [&](const RowCursor& cursor) {
    SalesRow row;
    row.quantity = NumericValue(cursor, kQuantity);
    row.day = DateValue(cursor, kDate);
    row.customer = CustomerOf(context, cursor, kCustomer);
    IdBuffer product, order_buffer;
    row.product = context.products->Find(IdValue(cursor, kProduct, &product));
    row.returned = NumericValue(cursor, kReturned) == 1.0;
    const std::string_view order = IdValue(cursor, kOrder, &order_buffer);
    row.line = kNoCode;
    if (!order.empty()) {
      // Length-prefixed ORDER_ID, then LINE_NO by value: unambiguous for any bytes.
      const auto size = static_cast<uint32_t>(order.size());
      key.assign(reinterpret_cast<const char*>(&size), sizeof size);
      key.append(order);
      AppendValueKey(cursor, kLine, &key);
      row.line = line_keys.Intern(key);
    }
    rows->sales.push_back(row);
  }));
  rows->sales_line_keys = line_keys.size();
  return Status::OK();
}

namespace {

Status ReadEnrolments(const ReadContext& context, SourceRows* rows) {
  return ForEachRow(context, kStartRightView, [&](const RowCursor& cursor) {
    rows->enrolments.push_back(EnrolmentRow{DateValue(cursor, 1), CustomerOf(context, cursor, 0)});
  });
}

Status ReadTouchpoints(const ReadContext& context, SourceRows* rows) {
  TextInterner keys;
  ATTRITION_RETURN_IF_ERROR(ForEachRow(context, kTouchpointView, [&](const RowCursor& cursor) {
    rows->touchpoints.push_back(TouchpointRow{DateValue(cursor, 2),
                                              CustomerOf(context, cursor, 1),
                                              KeyOf(cursor, 0, &keys)});
  }));
  rows->touchpoint_keys = keys.size();
  return Status::OK();
}

Status ReadComplaints(const ReadContext& context, SourceRows* rows) {
  TextInterner svns;
  return ForEachRow(context, kComplaintView, [&](const RowCursor& cursor) {
    const bool harm = cursor.Kind(3) == warehouse::ValueKind::kText && cursor.Text(3) == "Z101";
    rows->complaints.push_back(ComplaintRow{DateValue(cursor, 2), CustomerOf(context, cursor, 1),
                                            KeyOf(cursor, 0, &svns), harm});
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
