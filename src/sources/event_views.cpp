// The dated event views: PA_SALES_HISTORY_VW, PA_PATIENT_TOUCHPOINT_VW and
// PA_PATIENT_COMPLAINTS_VW. Rows are in date order, ties by customer; ids are numbered in
// that order (gen.py).
#include <string>

#include "sources/catalogue.h"
#include "sources/fault_injector.h"
#include "sources/view_writers.h"

namespace attrition::sources {
namespace {

using warehouse::ColumnType;
using warehouse::RowWriter;

constexpr ColumnType kInt = ColumnType::kInteger;
constexpr ColumnType kText = ColumnType::kText;

constexpr int64_t kFirstOrderId = 10'000'001;
constexpr int64_t kFirstTouchpointId = 50'000'001;
constexpr int64_t kFirstSvn = 300'000'000;

// gen.py corrupt_dates(future_ok=True): NULL, a junk form or a far-future date.
CellText EventDate(FaultInjector& faults, Day day) {
  if (!faults.Hit()) return CellText::Date(day);
  switch (faults.Kind(3)) {
    case 0:
      return faults.NullDate();
    case 1:
      return faults.JunkDate(day);
    default:
      return faults.FutureDate(day);
  }
}

// One sales row as written, after any fault.
struct SalesRow {
  CellText date;
  int product_id;
  int quantity;
  bool duplicate = false;
};

SalesRow CorruptSalesLine(FaultInjector& faults, const SalesLine& line) {
  SalesRow out{CellText::Date(line.day), kProducts[line.product_index].id, line.quantity};
  if (!faults.Hit()) return out;
  switch (faults.Kind(6)) {
    case 0:
      out.date = faults.NullDate();
      break;
    case 1:
      out.date = faults.JunkDate(line.day);
      break;
    case 2:
      out.date = faults.FutureDate(line.day);
      break;
    case 3:
      out.product_id =
          kUnknownProductBase + static_cast<int>(faults.Integer(0, kUnknownProductVariants));
      faults.Count(kUnknownProduct);
      break;
    case 4:
      out.quantity = -std::max(1, out.quantity);
      faults.Count(kNegativeQuantity);
      break;
    default:
      out.duplicate = true;
      faults.Count(kDuplicateLine);
      break;
  }
  return out;
}

}  // namespace

Result<ViewReport> WriteSalesView(const ViewContext& ctx, warehouse::Transaction& txn) {
  ViewReport report{.view = "PA_SALES_HISTORY_VW"};
  const ColumnType id = ctx.ids.id_type();
  ATTRITION_ASSIGN_OR_RETURN(auto row, StartView(txn, report.view,
                                                 {{"ORDER_ID", id},
                                                  {"LINE_NO", kInt},
                                                  {"CUSTOMER_ID", id},
                                                  {"MRN", kText},
                                                  {"ORDER_DATE", kText},
                                                  {"PRODUCT_ID", id},
                                                  {"QUANTITY", kInt},
                                                  {"IS_RETURNED", kInt},
                                                  {"CHANNEL", kText}}));
  FaultInjector faults(ctx.options.seed, static_cast<uint64_t>(FaultStream::kSales),
                       ctx.options.dirty, &report.faults);
  const auto ordered =
      OrderByDay(ctx.population, &Chunk::sales, [](const SalesLine& s) { return s.day; });
  ViewProgress progress(ctx.options, report.view, static_cast<int64_t>(ordered.size()));
  // Lines of one order are consecutive in `ordered`, the first with line_no 1.
  int64_t order_id = kFirstOrderId - 1;
  for (const SalesLine* line : ordered) {
    if (line->line_no == 1) ++order_id;
    const SalesRow out = CorruptSalesLine(faults, *line);
    const bool orphan = ctx.ids.dropped(line->customer);
    for (int copy = 0; copy < (out.duplicate ? 2 : 1); ++copy) {
      ctx.ids.SetOrder(*row, 0, order_id);
      row->SetInteger(1, line->line_no);
      ctx.ids.SetCustomer(*row, 2, line->customer);
      ctx.ids.SetMrn(*row, 3, line->customer);
      SetCell(*row, 4, out.date);
      ctx.ids.SetProduct(*row, 5, out.product_id);
      row->SetInteger(6, out.quantity);
      row->SetInteger(7, line->returned ? 1 : 0);
      row->SetText(8, kChannels[line->channel]);
      ATTRITION_RETURN_IF_ERROR(row->EndRow());
      if (orphan) faults.Count(kOrphanCustomer);
      ++report.rows;
    }
    progress.Update(report.rows);
  }
  ATTRITION_RETURN_IF_ERROR(row->Finish());
  return report;
}

Result<ViewReport> WriteTouchpointView(const ViewContext& ctx, warehouse::Transaction& txn) {
  ViewReport report{.view = "PA_PATIENT_TOUCHPOINT_VW"};
  ATTRITION_ASSIGN_OR_RETURN(auto row, StartView(txn, report.view,
                                                 {{"TOUCHPOINT_ID", ctx.ids.id_type()},
                                                  {"CUSTOMER_ID", ctx.ids.id_type()},
                                                  {"MRN", kText},
                                                  {"CREATED_DATE", kText},
                                                  {"TOUCHPOINT_TYPE", kText}}));
  FaultInjector faults(ctx.options.seed, static_cast<uint64_t>(FaultStream::kTouchpoints),
                       ctx.options.dirty, &report.faults);
  const auto ordered =
      OrderByDay(ctx.population, &Chunk::touchpoints, [](const Touchpoint& t) { return t.day; });
  ViewProgress progress(ctx.options, report.view, static_cast<int64_t>(ordered.size()));
  int64_t touchpoint_id = kFirstTouchpointId;
  for (const Touchpoint* t : ordered) {
    ctx.ids.SetTouchpoint(*row, 0, touchpoint_id++);
    ctx.ids.SetCustomer(*row, 1, t->customer);
    ctx.ids.SetMrn(*row, 2, t->customer);
    SetCell(*row, 3, EventDate(faults, t->day));
    row->SetText(4, kTouchpointTypes[t->type]);
    if (ctx.ids.dropped(t->customer)) faults.Count(kOrphanCustomer);
    ATTRITION_RETURN_IF_ERROR(row->EndRow());
    progress.Update(++report.rows);
  }
  ATTRITION_RETURN_IF_ERROR(row->Finish());
  return report;
}

Result<ViewReport> WriteComplaintView(const ViewContext& ctx, warehouse::Transaction& txn) {
  ViewReport report{.view = "PA_PATIENT_COMPLAINTS_VW"};
  ATTRITION_ASSIGN_OR_RETURN(auto row, StartView(txn, report.view,
                                                 {{"SVN_NUMBER", kText},
                                                  {"CUSTOMER_ID", ctx.ids.id_type()},
                                                  {"MRN", kText},
                                                  {"CREATED_DATE", kText},
                                                  {"REASON_CODE", kText}}));
  FaultInjector faults(ctx.options.seed, static_cast<uint64_t>(FaultStream::kComplaints),
                       ctx.options.dirty, &report.faults);
  const auto ordered =
      OrderByDay(ctx.population, &Chunk::complaints, [](const Complaint& c) { return c.day; });
  ViewProgress progress(ctx.options, report.view, static_cast<int64_t>(ordered.size()));
  int64_t svn = kFirstSvn;
  for (const Complaint* complaint : ordered) {
    const CellText svn_number = CellText::PrefixedNumber("SVN", svn++, 9);
    const Chunk& chunk = ctx.population.ChunkOf(complaint->customer);
    for (uint32_t k = 0; k < complaint->line_count; ++k) {
      const ComplaintLine& line = chunk.complaint_lines[complaint->first_line + k];
      row->SetText(0, svn_number.view());
      ctx.ids.SetCustomer(*row, 1, complaint->customer);
      ctx.ids.SetMrn(*row, 2, complaint->customer);
      SetCell(*row, 3, EventDate(faults, line.day));
      row->SetText(4,
                   line.reason == kHarmReasonIndex ? kHarmReasonCode : kReasonCodes[line.reason]);
      if (ctx.ids.dropped(complaint->customer)) faults.Count(kOrphanCustomer);
      ATTRITION_RETURN_IF_ERROR(row->EndRow());
      ++report.rows;
    }
    progress.Update(report.rows);
  }
  ATTRITION_RETURN_IF_ERROR(row->Finish());
  return report;
}

}  // namespace attrition::sources
