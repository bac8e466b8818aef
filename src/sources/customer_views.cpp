// The views with one row per customer or per pump: PRODUCT, PA_PATIENT_DETAILS_VW,
// PA_STARTRIGHT_DETAILS_VW, PA_WARRANTY_DETAILS_VW.
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

constexpr char kNullBirthDate[] = "null_birth_date";
constexpr char kUnparseableBirthDate[] = "unparseable_birth_date";
constexpr char kNullInsulinStartDate[] = "null_insulin_start_date";
constexpr char kUnparseableInsulinStartDate[] = "unparseable_insulin_start_date";

// gen.py corrupt_dates(future_ok=False) at `rate`: NULL or a junk form.
CellText DemographicDate(FaultInjector& faults, Day day, const char* null_kind,
                         const char* unparseable_kind) {
  if (!faults.Hit()) return CellText::Date(day);
  if (faults.Kind(2) == 0) return faults.NullDate(null_kind);
  return faults.JunkDate(day, null_kind, unparseable_kind);
}

std::string_view StartRightStatusName(StartRightStatus status) {
  switch (status) {
    case StartRightStatus::kInProgress:
      return "In Progress";
    case StartRightStatus::kWithdrawn:
      return "Withdrawn";
    default:
      return "Completed";
  }
}

std::string_view StatusCode(const Warranty& w) {
  return w.legacy_code ? kStatusLegacyCode[w.status] : kStatusECode[w.status];
}

}  // namespace

Result<std::unique_ptr<RowWriter>> StartView(warehouse::Transaction& txn, const std::string& view,
                                             const warehouse::Schema& schema) {
  return txn.ReplaceTable(view, schema, {.keep_history = false});
}

ViewProgress::ViewProgress(const GenerateOptions& options, const std::string& view, int64_t total) {
  if (options.show_progress) progress_.emplace("generate: writing " + view, total);
}

Result<ViewReport> WriteProductView(const ViewContext& ctx, warehouse::Transaction& txn) {
  ViewReport report{.view = "PRODUCT"};
  ATTRITION_ASSIGN_OR_RETURN(auto row, StartView(txn, report.view,
                                                 {{"PRODUCT_ID", ctx.ids.id_type()},
                                                  {"PRODUCT_NAME", kText},
                                                  {"CATEGORY", kText},
                                                  {"MODEL", kText},
                                                  {"UNITS_PER_PACK", kInt},
                                                  {"DAYS_PER_UNIT", kInt}}));
  for (const Product& p : kProducts) {
    ctx.ids.SetProduct(*row, 0, p.id);
    row->SetText(1, p.name);
    row->SetText(2, p.category);
    row->SetText(3, p.model);
    row->SetInteger(4, p.units_per_pack);
    row->SetInteger(5, p.days_per_unit);
    ATTRITION_RETURN_IF_ERROR(row->EndRow());
    ++report.rows;
  }
  ATTRITION_RETURN_IF_ERROR(row->Finish());
  return report;
}

Result<ViewReport> WriteDetailsView(const ViewContext& ctx, warehouse::Transaction& txn) {
  ViewReport report{.view = "PA_PATIENT_DETAILS_VW"};
  ATTRITION_ASSIGN_OR_RETURN(auto row, StartView(txn, report.view,
                                                 {{"CUSTOMER_ID", ctx.ids.id_type()},
                                                  {"MRN", kText},
                                                  {"BIRTH_DATE", kText},
                                                  {"STATE", kText},
                                                  {"PAYOR_TYPE", kText},
                                                  {"DIAGNOSIS_TYPE", kText},
                                                  {"INSULIN_START_DATE", kText},
                                                  {"IS_AUTO_REORDER", kInt},
                                                  {"LATEST_PRODUCT", kText},
                                                  {"PUMP_START_DATE", kText}}));
  const uint64_t seed = ctx.options.seed;
  const double rate = ctx.options.dirty / 2;
  FaultInjector birth_faults(seed, static_cast<uint64_t>(FaultStream::kBirthDate), rate,
                             &report.faults);
  FaultInjector insulin_faults(seed, static_cast<uint64_t>(FaultStream::kInsulinStartDate), rate,
                               &report.faults);
  const int64_t n = ctx.population.customers;
  ViewProgress progress(ctx.options, report.view, n);
  for (int64_t i = 0; i < n; ++i) {
    if (ctx.ids.dropped(i)) continue;
    const CustomerRecord& c = ctx.population.Customer(i);
    ctx.ids.SetCustomer(*row, 0, i);
    ctx.ids.SetMrn(*row, 1, i);
    SetCell(*row, 2, DemographicDate(birth_faults, c.birth, kNullBirthDate, kUnparseableBirthDate));
    row->SetText(3, kStates[c.state]);
    row->SetText(4, PayorTypes()[c.payor]);
    row->SetText(5, c.type2 ? "TYPE 2" : "TYPE 1");
    SetCell(*row, 6,
            DemographicDate(insulin_faults, c.insulin_start, kNullInsulinStartDate,
                            kUnparseableInsulinStartDate));
    row->SetInteger(7, c.auto_reorder ? 1 : 0);
    row->SetText(8, kPumpModelName[c.latest_model]);
    SetCell(*row, 9, CellText::Date(c.pump_start));
    ATTRITION_RETURN_IF_ERROR(row->EndRow());
    progress.Update(++report.rows);
  }
  ATTRITION_RETURN_IF_ERROR(row->Finish());
  if (ctx.ids.dropped_count() > 0) report.faults[kDroppedCustomer] = ctx.ids.dropped_count();
  return report;
}

Result<ViewReport> WriteStartRightView(const ViewContext& ctx, warehouse::Transaction& txn) {
  ViewReport report{.view = "PA_STARTRIGHT_DETAILS_VW"};
  ATTRITION_ASSIGN_OR_RETURN(auto row, StartView(txn, report.view,
                                                 {{"CUSTOMER_ID", ctx.ids.id_type()},
                                                  {"MRN", kText},
                                                  {"ENROLL_DATE", kText},
                                                  {"COMPLETION_DATE", kText},
                                                  {"STATUS", kText}}));
  FaultInjector faults(ctx.options.seed, static_cast<uint64_t>(FaultStream::kStartRight),
                       ctx.options.dirty, &report.faults);
  for (int64_t i = 0; i < ctx.population.customers; ++i) {
    const CustomerRecord& c = ctx.population.Customer(i);
    if (c.startright == StartRightStatus::kNone) continue;
    ctx.ids.SetCustomer(*row, 0, i);
    ctx.ids.SetMrn(*row, 1, i);
    CellText enroll = CellText::Date(c.enroll);
    if (faults.Hit()) {
      const int kind = faults.Kind(3);
      enroll = kind == 0   ? faults.NullDate()
               : kind == 1 ? faults.JunkDate(c.enroll)
                           : faults.FutureDate(c.enroll);
    }
    SetCell(*row, 2, enroll);
    SetCell(*row, 3, c.completion == kNoDay ? CellText::Null() : CellText::Date(c.completion));
    row->SetText(4, StartRightStatusName(c.startright));
    if (ctx.ids.dropped(i)) faults.Count(kOrphanCustomer);
    ATTRITION_RETURN_IF_ERROR(row->EndRow());
    ++report.rows;
  }
  ATTRITION_RETURN_IF_ERROR(row->Finish());
  return report;
}

Result<ViewReport> WriteWarrantyView(const ViewContext& ctx, warehouse::Transaction& txn) {
  ViewReport report{.view = "PA_WARRANTY_DETAILS_VW"};
  ATTRITION_ASSIGN_OR_RETURN(auto row, StartView(txn, report.view,
                                                 {{"SERIAL_NUMBER", kText},
                                                  {"CUSTOMER_ID", ctx.ids.id_type()},
                                                  {"MRN", kText},
                                                  {"PRODUCT_MODEL_CATEGORY", kText},
                                                  {"WARRANTY_START_DATE", kText},
                                                  {"WARRANTY_END_DATE", kText},
                                                  {"TRAINING_STATUS", kText}}));
  FaultInjector faults(ctx.options.seed, static_cast<uint64_t>(FaultStream::kWarranties),
                       ctx.options.dirty, &report.faults);
  const auto ordered =
      OrderByDay(ctx.population, &Chunk::warranties, [](const Warranty& w) { return w.start; });
  ViewProgress progress(ctx.options, report.view, static_cast<int64_t>(ordered.size()));
  int64_t serial = 1'000'000;
  for (const Warranty* w : ordered) {
    CellText start = CellText::Date(w->start), end = CellText::Date(w->end);
    std::string_view status = StatusCode(*w);
    if (faults.Hit()) {
      switch (faults.Kind(4)) {
        case 0:
          status = kUnknownStatusCodes[faults.Kind(kUnknownStatusCodes.size())];
          faults.Count(kUnknownStatus);
          break;
        case 1:
          start = faults.JunkDate(w->start);
          break;
        case 2:
          end = faults.JunkDate(w->end);
          break;
        default:
          start = faults.FutureDate(w->start);
          break;
      }
    }
    row->SetText(0, CellText::PrefixedNumber("NG", serial++, 7).view());
    ctx.ids.SetCustomer(*row, 1, w->customer);
    ctx.ids.SetMrn(*row, 2, w->customer);
    row->SetText(3, std::string("INSULIN PUMP ") + std::string(kPumpModelName[w->model]));
    SetCell(*row, 4, start);
    SetCell(*row, 5, end);
    row->SetText(6, status);
    if (ctx.ids.dropped(w->customer)) faults.Count(kOrphanCustomer);
    ATTRITION_RETURN_IF_ERROR(row->EndRow());
    progress.Update(++report.rows);
  }
  ATTRITION_RETURN_IF_ERROR(row->Finish());
  return report;
}

}  // namespace attrition::sources
