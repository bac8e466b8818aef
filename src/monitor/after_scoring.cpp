// AfterScoring: forecast, profile and drift, the alert, backtests and reports, in order.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <ctime>
#include <fstream>
#include <map>
#include <thread>

#include "attrition/monitoring.h"
#include "attrition/phase_timer.h"
#include "attrition/registry.h"
#include "monitor/backtest.h"
#include "monitor/drift.h"
#include "monitor/forecast.h"
#include "monitor/model_files.h"
#include "monitor/month_rows.h"
#include "monitor/parallel_tasks.h"
#include "monitor/reports.h"
#include "warehouse/sql_text.h"

namespace attrition::monitoring {
namespace {

using internal::ModelFiles;

std::string NowUtc() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S", &utc);
  return buffer;
}

// The run's as-of month when given, else the config's pinned one, else the latest MONTH
// of the dataset.
Result<Month> AsOfMonth(warehouse::Warehouse& warehouse, const config::Config& config,
                        const ScoringRunInfo& run) {
  if (!run.as_of.empty()) {
    std::optional<Month> month = ParseIsoMonth(run.as_of);
    if (!month) {
      return Status::InvalidArgument(
          fmt::format("scoring run as-of month: got '{}', expected YYYY-MM", run.as_of));
    }
    return *month;
  }
  if (config.as_of) return *config.as_of;
  const std::string sql = "SELECT MAX(" + warehouse::QuoteIdentifier("MONTH") + ") FROM " +
                          warehouse::QuoteIdentifier(config.train.dataset);
  ATTRITION_ASSIGN_OR_RETURN(auto cursor, warehouse.Query(sql));
  ATTRITION_ASSIGN_OR_RETURN(bool row, cursor->Next());
  std::optional<Month> month = row ? ParseIsoMonth(cursor->Text(0)) : std::nullopt;
  if (!month) {
    return Status::FailedPrecondition(fmt::format(
        "{} has no valid MONTH: cannot tell which labels are mature", config.train.dataset));
  }
  return *month;
}

// Odds corrections of every model version in `versions`, from the registry; the run's own
// version from `files`. Versions that cannot be read use 1 (with a warning naming `use`).
std::map<std::string, double> OddsCorrections(const config::Config& config,
                                              const std::vector<std::string>& versions,
                                              const ScoringRunInfo& run, const ModelFiles& files,
                                              std::string_view use) {
  std::map<std::string, double> out{{run.model_version, files.odds_correction}};
  Result<registry::Registry> registry = registry::Registry::Open(config.artifacts.dir);
  for (const std::string& name : versions) {
    if (out.count(name)) continue;
    double correction = 1.0;
    bool found = false;
    if (registry.ok()) {
      Result<registry::ModelVersion> version = registry->Get(name);
      if (version.ok()) {
        Result<ModelFiles> other = internal::ReadModelFiles(version->dir);
        found = other.ok();
        if (found) correction = other->odds_correction;
      }
    }
    if (!found) {
      spdlog::warn("monitoring: model version {} not found under {}; {} use uncorrected "
                   "probabilities",
                   name, config.artifacts.dir, use);
    }
    out[name] = correction;
  }
  return out;
}

// The odds corrections of the versions that scored the rows of `months` when some rows
// are not the run's own (a shard scored with another version), with one warning; empty
// when every row is the run's.
std::map<std::string, double> MixedVersionCorrections(const config::Config& config,
                                                      const std::vector<internal::MonthRows>& months,
                                                      const ScoringRunInfo& run,
                                                      const ModelFiles& files) {
  std::vector<std::string> versions;
  std::string example;  // the newest mixed month's breakdown
  size_t mixed_months = 0;
  for (const internal::MonthRows& month : months) {
    if (month.model_versions.empty() ||
        (month.model_versions.size() == 1 && month.model_versions[0] == run.model_version)) {
      continue;
    }
    ++mixed_months;
    std::vector<size_t> counts(month.model_versions.size(), 0);
    for (uint32_t code : month.version_codes) ++counts[code];
    for (size_t v = 0; v < counts.size(); ++v) {
      if (mixed_months == 1) {
        example += fmt::format("{}{} rows of {}", v == 0 ? month.month + ": " : ", ", counts[v],
                               month.model_versions[v]);
      }
      versions.push_back(month.model_versions[v]);
    }
  }
  if (mixed_months > 0) {
    spdlog::warn(
        "monitoring: {} scored month{} hold{} rows of other model versions than {} ({}): each "
        "row's expected attrition uses its own version's odds correction, but drift is "
        "measured against {}'s baseline. Score the other shards with {} too",
        mixed_months, mixed_months == 1 ? "" : "s", mixed_months == 1 ? "s" : "",
        run.model_version, example, run.model_version, run.model_version);
  }
  if (versions.empty()) return {};
  return OddsCorrections(config, versions, run, files, "the forecast rows of its shards");
}

// `text` usable in a file name: characters other than letters, digits, '.', '_' and '-'
// become '_' (a --run-id may hold anything).
std::string FileNamePart(std::string text) {
  for (char& c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') c = '_';
  }
  return text;
}

Status WriteFile(const std::filesystem::path& path, const std::string& text) {
  const std::filesystem::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) return Status::IOError("cannot write " + tmp.string());
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Status::IOError("cannot rename " + tmp.string() + ": " + ec.message());
  return Status::OK();
}

// Sends the one drift alert of the run; returns 1 when one was sent.
int SendDriftAlert(const ScoringRunInfo& run, const std::vector<internal::MonthProfile>& profiles,
                   const std::vector<std::string>& drifted, double threshold,
                   notify::Notifier& notifier) {
  if (drifted.empty()) return 0;
  notify::Event event{
      .kind = notify::Event::Kind::kAlert, .pipeline = "scoring", .run_id = run.run_id};
  event.summary = fmt::format("PSI above {} in {} feature{} (model {})", threshold, drifted.size(),
                              drifted.size() == 1 ? "" : "s", run.model_version);
  for (const std::string& feature : drifted) {
    double worst = 0;
    std::string month;
    for (const internal::MonthProfile& m : profiles) {
      for (const internal::FeatureProfile& p : m.features) {
        if (p.feature == feature && p.psi > worst) {
          worst = p.psi;
          month = m.month;
        }
      }
    }
    event.details.push_back(fmt::format("{}: PSI {:.3f} ({})", feature, worst, month));
  }
  notifier.Notify(event);
  return 1;
}

// CPU nanoseconds of the calling thread so far.
int64_t ThreadCpuNs() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

std::vector<std::string> PendingVersions(const std::vector<internal::PendingRun>& pending) {
  std::vector<std::string> versions;
  for (const internal::PendingRun& p : pending) versions.push_back(p.model_version);
  return versions;
}

// Backtests of earlier runs whose labels have matured, computed and written; returns
// every backtest row kept (for the report). Skipped, with a line saying why, for a
// snapshot run or when the as-of month cannot be told.
Result<std::vector<internal::BacktestRow>> Backtests(
    warehouse::Warehouse& warehouse, const config::Config& config, const ScoringRunInfo& run,
    const ModelFiles& files, const internal::RunStamp& stamp, PhaseTimer& timer) {
  if (run.snapshot) {
    spdlog::info(
        "monitoring: backtests skipped: {} is a snapshot table without MONTH, and "
        "backtesting needs the monthly labels of scored months to mature",
        config.train.dataset);
    return std::vector<internal::BacktestRow>{};
  }
  Result<Month> as_of = AsOfMonth(warehouse, config, run);
  if (!as_of.ok()) {
    spdlog::warn("monitoring: backtests skipped: {}", as_of.status().message());
    return std::vector<internal::BacktestRow>{};
  }
  ATTRITION_ASSIGN_OR_RETURN(std::vector<internal::PendingRun> pending,
                             internal::PendingBacktests(warehouse, *as_of));
  timer.Lap("backtests: pending");
  // The model's own label definition wins over the config's (a config may have changed
  // since the model was trained).
  internal::BacktestOptions options{
      .dataset = config.train.dataset,
      .target = files.target.empty() ? config.train.target : files.target,
      .id_column = config.train.id_column,
      .positive_class = files.target.empty() ? config.train.positive_class : files.positive_class,
      .as_of = *as_of,
      .odds_corrections = OddsCorrections(config, PendingVersions(pending), run, files,
                                          "backtests of its runs")};
  ATTRITION_ASSIGN_OR_RETURN(std::vector<internal::BacktestRow> computed,
                             internal::ComputeBacktests(warehouse, pending, options));
  timer.Lap("backtests: compute");
  ATTRITION_RETURN_IF_ERROR(internal::WriteBacktests(warehouse, computed, stamp.timestamp));
  ATTRITION_ASSIGN_OR_RETURN(std::vector<internal::BacktestRow> backtests,
                             internal::ReadBacktests(warehouse));
  timer.Lap("backtests: write and read");
  return backtests;
}

}  // namespace

Result<MonitoringSummary> AfterScoring(warehouse::Warehouse& warehouse,
                                       const config::Config& config, const ScoringRunInfo& run,
                                       notify::Notifier& notifier) {
  PhaseTimer timer("monitoring");
  ATTRITION_ASSIGN_OR_RETURN(ModelFiles files, internal::ReadModelFiles(run.model_dir));
  const internal::RunStamp stamp{run.run_id, run.model_version, NowUtc(), config.environment};
  std::vector<std::string> months = run.months;
  std::sort(months.rbegin(), months.rend());  // newest first
  months.erase(std::unique(months.begin(), months.end()), months.end());

  MonitoringSummary summary;
  std::vector<internal::MonthRows> read;
  if (run.rows != nullptr && run.rows->segment_columns == files.dummy_cols &&
      run.rows->feature_columns == files.model_features) {
    // Speed: the run's own rows, as the score run wrote them (0.5 s of reading at 100k
    // customers saved). Put in `months` order.
    for (const std::string& month : months) {
      for (ScoredMonth& rows : run.rows->months) {
        if (rows.month == month) read.push_back(std::move(rows));
      }
    }
    run.rows->months.clear();
    timer.Lap("rows from the score run");
  } else {
    ATTRITION_ASSIGN_OR_RETURN(
        read, internal::ReadMonthRows(warehouse, months, files.dummy_cols, files.model_features));
    timer.Lap("read back");
  }
  std::erase_if(read, [](const internal::MonthRows& rows) { return rows.size() == 0; });
  const std::map<std::string, double> version_corrections =
      MixedVersionCorrections(config, read, run, files);

  // Speed: the forecast of each month and the profile of each (month, feature) are
  // independent, so they run as tasks on all cores (at 100k customers x 6 months: 0.24 s
  // of one core before the radix sort, 0.07 s CPU after, ~0.04 s wall on 2 cores).
  // Warehouse connections are not thread-safe: all warehouse calls stay on this thread,
  // before and after. Each task writes its own slot, so the
  // results and their order do not depend on the threads.
  const size_t profiled = config.inference.profiling ? files.model_features.size() + 1 : 0;
  const size_t tasks_per_month = 1 + profiled;
  std::vector<std::vector<ForecastRow>> month_forecasts(read.size());
  std::vector<internal::MonthProfile> profiles(config.inference.profiling ? read.size() : 0);
  for (size_t m = 0; m < profiles.size(); ++m) {
    profiles[m].month = read[m].month;
    profiles[m].features.resize(profiled);
  }
  std::atomic<int64_t> forecast_cpu_ns{0}, profile_cpu_ns{0};
  internal::RunTasks(
      read.size() * tasks_per_month, std::thread::hardware_concurrency(), [&](size_t task) {
        const int64_t start = ThreadCpuNs();
        const size_t m = task / tasks_per_month, t = task % tasks_per_month;
        if (t == 0) {
          month_forecasts[m] =
              internal::ForecastMonth(read[m], files.dummy_cols, files.odds_correction,
                                      version_corrections);
          forecast_cpu_ns += ThreadCpuNs() - start;
        } else {
          profiles[m].features[t - 1] = internal::ProfileFeature(
              read[m], t - 1, files.model_features, files.baseline, files.profile);
          profile_cpu_ns += ThreadCpuNs() - start;
        }
      });
  read.clear();
  read.shrink_to_fit();
  std::vector<ForecastRow> forecast;
  for (const std::vector<ForecastRow>& rows : month_forecasts) {
    forecast.insert(forecast.end(), rows.begin(), rows.end());
  }
  timer.Lap("forecast and profile");
  spdlog::debug("monitoring: of which forecast {:.3f} s CPU, profile {:.3f} s CPU",
                static_cast<double>(forecast_cpu_ns) / 1e9,
                static_cast<double>(profile_cpu_ns) / 1e9);
  {
    ATTRITION_ASSIGN_OR_RETURN(auto transaction, warehouse.Begin());
    if (!forecast.empty()) {
      ATTRITION_RETURN_IF_ERROR(internal::WriteForecast(*transaction, forecast, stamp));
    }
    if (!profiles.empty()) {
      ATTRITION_RETURN_IF_ERROR(internal::WriteProfiles(*transaction, profiles, stamp));
    }
    ATTRITION_RETURN_IF_ERROR(transaction->Commit());
  }
  timer.Lap("write");
  summary.forecast_rows = static_cast<int64_t>(forecast.size());
  for (const ForecastRow& row : forecast) {
    if (row.segment_type == "ALL" && summary.newest_month.empty()) {
      summary.newest_month = row.month;
      summary.newest_expected = row.expected;
      summary.newest_lower_90 = row.lower_90;
      summary.newest_upper_90 = row.upper_90;
    }
  }

  // Drift: the largest PSI of each feature over the months.
  std::map<std::string, double> worst;
  for (const internal::MonthProfile& m : profiles) {
    summary.profile_rows += static_cast<int64_t>(m.features.size());
    for (const internal::FeatureProfile& p : m.features) {
      if (std::isnan(p.psi)) continue;
      double& w = worst.try_emplace(p.feature, 0.0).first->second;
      w = std::max(w, p.psi);
    }
  }
  std::vector<std::pair<double, std::string>> drifted;
  for (const auto& [feature, psi] : worst) {
    if (feature == internal::kScoreFeature) {
      summary.score_psi = psi;
    } else if (psi > summary.max_psi || summary.max_psi_feature.empty()) {
      summary.max_psi = psi;
      summary.max_psi_feature = feature;
    }
    const bool ignored =
        std::find(config.inference.drift_ignore.begin(), config.inference.drift_ignore.end(),
                  feature) != config.inference.drift_ignore.end();
    if (psi > config.inference.drift_alert_psi && !ignored) drifted.emplace_back(psi, feature);
  }
  std::sort(drifted.rbegin(), drifted.rend());
  for (const auto& [psi, feature] : drifted) summary.drifted_features.push_back(feature);
  summary.alerts_sent = SendDriftAlert(run, profiles, summary.drifted_features,
                                       config.inference.drift_alert_psi, notifier);

  timer.Restart();
  ATTRITION_ASSIGN_OR_RETURN(std::vector<internal::BacktestRow> backtests,
                             Backtests(warehouse, config, run, files, stamp, timer));
  summary.backtest_rows = static_cast<int64_t>(backtests.size());

  if (!run.report_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(run.report_dir, ec);
    if (ec) {
      return Status::IOError(fmt::format("cannot create report directory {}: {}",
                                         run.report_dir.string(), ec.message()));
    }
    if (!profiles.empty()) {
      summary.drift_report = run.report_dir / ("drift-" + FileNamePart(run.run_id) + ".html");
      ATTRITION_RETURN_IF_ERROR(
          WriteFile(summary.drift_report,
                    internal::DriftReportHtml(
                        {run.run_id, run.model_version, config.environment, profiles, forecast})));
    }
    summary.monitoring_report = run.report_dir / "monitoring.html";
    ATTRITION_RETURN_IF_ERROR(WriteFile(
        summary.monitoring_report, internal::MonitoringReportHtml(backtests, config.environment)));
    timer.Lap("reports");
  }
  timer.LogTotal();
  spdlog::info(
      "monitoring: run {}: {} forecast rows ({} expected attritions in {}), max PSI {:.3f} ({}), "
      "score PSI {:.3f}, {} alert(s), {} backtest row(s)",
      run.run_id, summary.forecast_rows, fmt::format("{:.1f}", summary.newest_expected),
      summary.newest_month, summary.max_psi, summary.max_psi_feature, summary.score_psi,
      summary.alerts_sent, summary.backtest_rows);
  return summary;
}

}  // namespace attrition::monitoring
