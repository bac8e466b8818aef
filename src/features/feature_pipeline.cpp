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

// Wall and CPU time (user + system, all threads) of one phase; the CPU time is logged
// beside the wall time to show how many cores the phase kept busy.
class PhaseClock {
 public:
  PhaseClock() : start_(Clock::now()), cpu_start_(CpuSeconds()) {}
  double wall() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  double cpu() const { return CpuSeconds() - cpu_start_; }

 private:
  static double CpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
  }
  Clock::time_point start_;
  double cpu_start_;
};

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
    ATTRITION_ASSIGN_OR_RETURN(auto second, warehouse::Warehouse::OpenExisting(url));
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

// Read phase: the details view and PRODUCT, then the dated views.
Status ReadSources(std::string_view url, warehouse::Warehouse& main, int threads,
                   RejectCounts* counts, SourceData* data) {
  const PhaseClock clock;
  ATTRITION_ASSIGN_OR_RETURN(data->customers, ReadCustomerDirectory(main, counts));
  ATTRITION_ASSIGN_OR_RETURN(data->products, ReadProductCatalog(main));
  ATTRITION_RETURN_IF_ERROR(ReadDatedViews(url, main, threads, data));
  const SourceRows& r = data->rows;
  spdlog::info("features: read {} customers, {} sales rows and {} other rows in {:.2f}s "
               "(CPU {:.2f}s)",
               data->customers.size(), r.sales.size(),
               r.enrolments.size() + r.touchpoints.size() + r.complaints.size() +
                   r.warranties.size(),
               clock.wall(), clock.cpu());
  return Status::OK();
}

// A (I2): pinned, or the latest month of a valid ORDER_DATE not after `today`, over
// every sales row whatever the other rules say. A pinned month after that latest month is
// refused: A is the last month of data, and the months past the data would read as months
// without orders, labelling customers as lost who were not.
Result<Month> AsOfMonth(const FeatureOptions& options, const SourceRows& rows) {
  const Day today = options.today ? *options.today : TodayUtc();
  Day latest = kBadDay;
  for (const SalesRow& r : rows.sales) {
    if (r.day != kBadDay && r.day <= today && r.day > latest) latest = r.day;
  }
  if (latest == kBadDay) {
    if (options.as_of) return *options.as_of;  // nothing to check against; fails later
    return Status::FailedPrecondition(
        std::string(kSalesView) + " has no valid ORDER_DATE on or before " + FormatDay(today) +
        ", so there is no as-of month; pin one with --as-of YYYY-MM");
  }
  const Month last_month_of_data = MonthOfDay(latest);
  if (options.as_of && *options.as_of > last_month_of_data) {
    return Status::InvalidArgument(
        "as-of month: got " + FormatMonth(*options.as_of) + ", expected " +
        FormatMonth(last_month_of_data) + " or earlier: the latest valid ORDER_DATE in " +
        std::string(kSalesView) + " is " + FormatDay(latest) +
        ", and the months after it would count as months without orders, labelling "
        "customers as lost who may not be");
  }
  return options.as_of ? *options.as_of : last_month_of_data;
}

// Compute phase: as-of month, rules, grouping by customer, timelines. Consumes the rows.
Result<FeatureTimelines> ComputeFeatures(const FeatureOptions& options, int threads,
                                         SourceData* data, RejectCounts* counts,
                                         FeatureRunResult* result) {
  const PhaseClock clock;
  ATTRITION_ASSIGN_OR_RETURN(result->as_of, AsOfMonth(options, data->rows));
  AcceptedRows accepted =
      ApplyRejectRules(data->rows, LastDayOfMonth(result->as_of), threads, counts);
  spdlog::debug("features: rules applied at {:.2f}s", clock.wall());
  CustomerEvents events = GroupByCustomer(data->rows, accepted, data->products,
                                          data->customers.size(), threads);
  data->rows = SourceRows();  // the events hold what is needed from here on
  accepted = AcceptedRows();
  spdlog::debug("features: rows grouped by customer at {:.2f}s", clock.wall());
  FeatureTimelines timelines = ComputeTimelines(events, data->customers, result->as_of, threads);
  if (timelines.spine_rows() == 0) {
    return Status::FailedPrecondition(std::string(kSalesView) +
                                      " has no accepted rows up to the as-of month " +
                                      FormatMonth(result->as_of) + ": nothing to build");
  }
  result->spine_customers = timelines.spine_customers();
  result->compute_seconds = clock.wall();
  spdlog::info("features: as-of {}; {} spine customers, {} spine rows, {} modeling rows; "
               "computed in {:.2f}s (CPU {:.2f}s)",
               FormatMonth(result->as_of), timelines.spine_customers(), timelines.spine_rows(),
               timelines.active_rows(), result->compute_seconds, clock.cpu());
  return timelines;
}

// Write phase: every table and the run log, one transaction.
Status WriteFeatures(warehouse::Warehouse& main, const FeatureOptions& options,
                     const SourceData& data, const FeatureTimelines& timelines,
                     FeatureRunResult* result) {
  const PhaseClock clock;
  const RunStamp stamp{result->run_timestamp, options.stage};
  ATTRITION_RETURN_IF_ERROR(WriteFeatureTables(
      main, FeatureTables(data.customers, timelines, stamp), options.stage, result));
  result->write_seconds = clock.wall();
  int64_t written = 0;
  for (const TableCount& t : result->tables) written += t.rows;
  spdlog::info("features: wrote {} rows to {} tables (and their _HIST) in {:.2f}s "
               "(CPU {:.2f}s); run {}",
               written, result->tables.size(), result->write_seconds, clock.cpu(),
               result->run_id);
  return Status::OK();
}

}  // namespace

Result<FeatureRunResult> BuildFeatures(std::string_view warehouse_url,
                                       const FeatureOptions& options) {
  FeatureRunResult result;
  StampRun(&result);
  const int threads = std::max(1, options.threads);
  ATTRITION_ASSIGN_OR_RETURN(auto main, warehouse::Warehouse::OpenExisting(warehouse_url));
  ATTRITION_RETURN_IF_ERROR(CheckSourceViews(*main));

  const PhaseClock read_clock;
  RejectCounts counts;
  SourceData data;
  ATTRITION_RETURN_IF_ERROR(ReadSources(warehouse_url, *main, threads, &counts, &data));
  result.read_seconds = read_clock.wall();
  ATTRITION_ASSIGN_OR_RETURN(FeatureTimelines timelines,
                             ComputeFeatures(options, threads, &data, &counts, &result));
  result.rule_counts = counts.counts();
  ATTRITION_RETURN_IF_ERROR(WriteFeatures(*main, options, data, timelines, &result));
  return result;
}

}  // namespace attrition::features
