// BuildFeatures: read → compute → write, each phase timed and logged.
//
//   read     the details view and PRODUCT, then the five dated views on two connections
//            (sales on one, the other four on the other) into compact coded rows;
//   compute  the as-of month, the rejection rules, the per-customer grouping and the
//            monthly timelines (customer ranges on several threads);
//   write    every table streamed from the timelines, one transaction.
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <future>
#include <random>

#include "attrition/features.h"
#include "attrition/progress.h"
#include "features/customer_directory.h"
#include "features/customer_events.h"
#include "features/feature_tables.h"
#include "features/feature_timelines.h"
#include "features/product_catalog.h"
#include "features/reject_rules.h"
#include "features/source_reader.h"
#include "features/source_values.h"
#include "features/source_views.h"
#include "features/table_writer.h"

namespace attrition::features {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU seconds (user + system, all threads) this process has used so far; logged beside
// each phase's wall time to show how many cores the phase kept busy.
double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// 'YYYY-MM-DD HH:MM:SS' (UTC) and a run id 'YYYYMMDDTHHMMSSZ-xxxxxx' for the same instant.
void StampRun(FeatureRunResult* result) {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32], compact[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &utc);
  std::strftime(compact, sizeof compact, "%Y%m%dT%H%M%SZ", &utc);
  std::random_device random;
  char suffix[8];
  std::snprintf(suffix, sizeof suffix, "%06x", random() & 0xffffff);
  result->run_timestamp = stamp;
  result->run_id = std::string(compact) + "-" + suffix;
}

struct SourceData {
  CustomerDirectory customers;
  ProductCatalog products;
  SourceRows rows;
};

// Reads the five dated views, on two connections when threads >= 2 (ReadSales and
// ReadOtherViews fill different members of data->rows), while this thread draws the
// number of rows read so far.
Status ReadDatedViews(std::string_view url, warehouse::Warehouse& main, int threads,
                      SourceData* data) {
  std::atomic<int64_t> rows_read{0};
  ReadContext context{&main, &data->customers, &data->products, &rows_read};
  auto read = [&]() -> Status {
    if (threads < 2) {
      ATTRITION_RETURN_IF_ERROR(ReadSales(context, &data->rows));
      return ReadOtherViews(context, &data->rows);
    }
    ATTRITION_ASSIGN_OR_RETURN(auto second, warehouse::Warehouse::Open(url));
    ReadContext other_context = context;
    other_context.warehouse = second.get();
    auto others = std::async(std::launch::async,
                             [&] { return ReadOtherViews(other_context, &data->rows); });
    Status sales = ReadSales(context, &data->rows);
    Status rest = others.get();
    return sales.ok() ? rest : sales;
  };
  auto done = std::async(std::launch::async, read);
  Progress progress("features: reading source views", 0);
  while (done.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
    progress.Update(rows_read.load(std::memory_order_relaxed));
  }
  return done.get();
}

// A (I2): pinned, or the latest month of a valid ORDER_DATE not after `today`, over
// every sales row whatever the other rules say.
Result<Month> AsOfMonth(const FeatureOptions& options, const SourceRows& rows) {
  if (options.as_of) return *options.as_of;
  const Day today = options.today ? *options.today : TodayUtc();
  Day latest = kBadDay;
  for (const SalesRow& r : rows.sales) {
    if (r.day != kBadDay && r.day <= today && r.day > latest) latest = r.day;
  }
  if (latest == kBadDay) {
    return Status::FailedPrecondition(
        std::string(kSalesView) + " has no valid ORDER_DATE on or before " + FormatDay(today) +
        ", so there is no as-of month; pin one with --as-of YYYY-MM");
  }
  return MonthOfDay(latest);
}

}  // namespace

Result<FeatureRunResult> BuildFeatures(std::string_view warehouse_url,
                                       const FeatureOptions& options) {
  FeatureRunResult result;
  StampRun(&result);
  const int threads = std::max(1, options.threads);
  ATTRITION_ASSIGN_OR_RETURN(auto main, warehouse::Warehouse::Open(warehouse_url));
  ATTRITION_RETURN_IF_ERROR(CheckSourceViews(*main));

  auto phase = Clock::now();
  double cpu = CpuSeconds();
  RejectCounts counts;
  SourceData data;
  ATTRITION_ASSIGN_OR_RETURN(data.customers, ReadCustomerDirectory(*main, &counts));
  ATTRITION_ASSIGN_OR_RETURN(data.products, ReadProductCatalog(*main));
  ATTRITION_RETURN_IF_ERROR(ReadDatedViews(warehouse_url, *main, threads, &data));
  result.read_seconds = SecondsSince(phase);
  spdlog::info("features: read {} customers, {} sales rows and {} other rows in {:.2f}s "
               "(CPU {:.2f}s)",
               data.customers.size(), data.rows.sales.size(),
               data.rows.enrolments.size() + data.rows.touchpoints.size() +
                   data.rows.complaints.size() + data.rows.warranties.size(),
               result.read_seconds, CpuSeconds() - cpu);

  phase = Clock::now();
  cpu = CpuSeconds();
  ATTRITION_ASSIGN_OR_RETURN(result.as_of, AsOfMonth(options, data.rows));
  AcceptedRows accepted = ApplyRejectRules(data.rows, LastDayOfMonth(result.as_of), &counts);
  result.rule_counts = counts.counts();
  spdlog::debug("features: rules applied at {:.2f}s", SecondsSince(phase));
  CustomerEvents events =
      GroupByCustomer(data.rows, accepted, data.products, data.customers.size());
  data.rows = SourceRows();
  accepted = AcceptedRows();
  spdlog::debug("features: rows grouped by customer at {:.2f}s", SecondsSince(phase));
  const FeatureTimelines timelines =
      ComputeTimelines(events, data.customers, result.as_of, threads);
  spdlog::debug("features: timelines built at {:.2f}s", SecondsSince(phase));
  events = CustomerEvents();
  result.spine_customers = timelines.spine_customers();
  if (timelines.spine_rows() == 0) {
    return Status::FailedPrecondition(std::string(kSalesView) +
                                      " has no accepted rows up to the as-of month " +
                                      FormatMonth(result.as_of) + ": nothing to build");
  }
  result.compute_seconds = SecondsSince(phase);
  spdlog::info("features: as-of {}; {} spine customers, {} spine rows, {} modeling rows; "
               "computed in {:.2f}s (CPU {:.2f}s)",
               FormatMonth(result.as_of), timelines.spine_customers(), timelines.spine_rows(),
               timelines.active_rows(), result.compute_seconds, CpuSeconds() - cpu);

  phase = Clock::now();
  cpu = CpuSeconds();
  const RunStamp stamp{result.run_timestamp, options.stage};
  const std::vector<FeatureTable> tables = FeatureTables(data.customers, timelines, stamp);
  ATTRITION_RETURN_IF_ERROR(WriteFeatureTables(*main, tables, options.stage, &result));
  result.write_seconds = SecondsSince(phase);
  int64_t written = 0;
  for (const TableCount& t : result.tables) written += t.rows;
  spdlog::info("features: wrote {} rows to {} tables (and their _HIST) in {:.2f}s "
               "(CPU {:.2f}s); run {}",
               written, result.tables.size(), result.write_seconds, CpuSeconds() - cpu,
               result.run_id);
  return result;
}

}  // namespace attrition::features
