// Generate(): validate, simulate on all cores, write the seven views in one transaction,
// report.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cassert>
#include <chrono>
#include <cmath>
#include <optional>

#include "attrition/progress.h"
#include "attrition/sources.h"
#include "sources/id_writer.h"
#include "sources/population.h"
#include "sources/view_writers.h"

namespace attrition::sources {
namespace {

const Month kEarliestMonth = MonthFromYearMonth(1900, 1);
const Month kLatestMonth = MonthFromYearMonth(2999, 12);

using ViewWriterFn = Result<ViewReport> (*)(const ViewContext&, warehouse::Transaction&);
constexpr ViewWriterFn kViewWriters[] = {
    WriteProductView,    WriteDetailsView,   WriteSalesView,    WriteStartRightView,
    WriteTouchpointView, WriteComplaintView, WriteWarrantyView,
};

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Population Simulate(const GenerateOptions& options) {
  std::optional<Progress> progress;
  if (options.show_progress)
    progress.emplace("generate: simulating", options.customers, "customers");
  return SimulatePopulation(options, [&progress](int64_t done) {
    if (progress) progress->Update(done);
  });
}

Status WriteViews(const Population& population, const GenerateOptions& options,
                  warehouse::Warehouse& warehouse, GenerateReport* report) {
  const IdWriter ids(options.id_style, ChooseDroppedCustomers(options));
  const ViewContext context{population, options, ids};
  ATTRITION_ASSIGN_OR_RETURN(auto txn, warehouse.Begin());
  for (size_t i = 0; i < std::size(kViewWriters); ++i) {
    auto view = kViewWriters[i](context, *txn);
    if (!view.ok()) {
      return view.status().WithContext("generate: writing " + SourceViewNames()[i]);
    }
    report->views.push_back(std::move(view).value());
  }
  return txn->Commit().WithContext("generate: committing the source views");
}

void LogReport(const GenerateOptions& options, const GenerateReport& report,
               const std::string& target) {
  std::string rows;
  for (const ViewReport& v : report.views) {
    rows += fmt::format("{}{}={}", rows.empty() ? "" : ", ", v.view, v.rows);
  }
  spdlog::info(
      "generate: wrote {} to {}; {} of {} customers left (realised monthly hazard {:.2f}%); "
      "simulate {:.1f} s, write {:.1f} s, total {:.1f} s",
      rows, target, report.customers_left, report.customers, 100.0 * report.realised_monthly_hazard,
      report.simulate_seconds, report.write_seconds,
      report.simulate_seconds + report.write_seconds);
  if (options.dirty <= 0) return;
  for (const ViewReport& v : report.views) {
    if (v.faults.empty()) continue;
    std::string faults;
    for (const auto& [kind, count] : v.faults) {
      faults += fmt::format("{}{}={}", faults.empty() ? "" : ", ", kind, count);
    }
    spdlog::info("generate: faults in {}: {}", v.view, faults);
  }
}

}  // namespace

const std::vector<std::string>& SourceViewNames() {
  static const std::vector<std::string> kNames = {
      "PRODUCT",
      "PA_PATIENT_DETAILS_VW",
      "PA_SALES_HISTORY_VW",
      "PA_STARTRIGHT_DETAILS_VW",
      "PA_PATIENT_TOUCHPOINT_VW",
      "PA_PATIENT_COMPLAINTS_VW",
      "PA_WARRANTY_DETAILS_VW",
  };
  return kNames;
}

const ViewReport& GenerateReport::View(const std::string& view) const {
  for (const ViewReport& v : views) {
    if (v.view == view) return v;
  }
  assert(false && "not a source view");
  return views.front();
}

Status ValidateGenerateOptions(const GenerateOptions& options) {
  if (options.customers < 1 || options.customers > kMaxCustomers) {
    return Status::InvalidArgument(
        fmt::format("--customers: got {}, expected a number of customers from 1 to {}",
                    options.customers, kMaxCustomers));
  }
  if (options.start < kEarliestMonth || options.start > kLatestMonth) {
    return Status::InvalidArgument(
        fmt::format("--start: got {}, expected a month from {} to {}", FormatMonth(options.start),
                    FormatMonth(kEarliestMonth), FormatMonth(kLatestMonth)));
  }
  if (options.end < options.start || options.end > kLatestMonth) {
    return Status::InvalidArgument(fmt::format(
        "--end: got {}, expected a month from --start ({}) to {}", FormatMonth(options.end),
        FormatMonth(options.start), FormatMonth(kLatestMonth)));
  }
  if (!(options.dirty >= 0.0 && options.dirty < 0.5)) {
    return Status::InvalidArgument(
        fmt::format("--dirty: got {}, expected a rate in [0, 0.5)", options.dirty));
  }
  if (!(options.payor_shift >= 0.0 && options.payor_shift <= 1.0)) {
    return Status::InvalidArgument(
        fmt::format("--payor-shift: got {}, expected a share in [0, 1]", options.payor_shift));
  }
  if (options.threads < 0) {
    return Status::InvalidArgument(fmt::format(
        "--threads: got {}, expected 0 (all cores) or a number of threads", options.threads));
  }
  return Status::OK();
}

Result<GenerateReport> Generate(const GenerateOptions& options, warehouse::Warehouse& warehouse) {
  ATTRITION_RETURN_IF_ERROR(ValidateGenerateOptions(options));
  spdlog::info("generate: {} customers, {}..{}, seed {}, dirty {}, {} ids, into {}",
               options.customers, FormatMonth(options.start), FormatMonth(options.end),
               options.seed, options.dirty,
               options.id_style == IdStyle::kAlnum ? "alnum" : "numeric", warehouse.Describe());
  GenerateReport report;
  const auto simulate_start = std::chrono::steady_clock::now();
  const Population population = Simulate(options);
  report.simulate_seconds = SecondsSince(simulate_start);
  report.customers = population.customers;
  report.customers_left = population.CustomersLeft();
  report.months_at_risk = population.MonthsAtRisk();
  report.realised_monthly_hazard =
      report.months_at_risk > 0
          ? static_cast<double>(report.customers_left) / static_cast<double>(report.months_at_risk)
          : 0.0;

  const auto write_start = std::chrono::steady_clock::now();
  ATTRITION_RETURN_IF_ERROR(WriteViews(population, options, warehouse, &report));
  report.write_seconds = SecondsSince(write_start);
  LogReport(options, report, warehouse.Describe());
  return report;
}

}  // namespace attrition::sources
