// `attrition score`: batch inference into PA_INFERENCE_RESULTS (SPEC 10; docs/scoring.md).
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "attrition/config.h"
#include "attrition/monitoring.h"
#include "attrition/notify.h"
#include "attrition/score.h"
#include "cli/command.h"
#include "cli/flag_checks.h"
#include "cli/option_help.h"

namespace attrition::cli {
namespace {

constexpr char kDescription[] =
    "Scores every active customer-month whose label is not yet mature (the last "
    "inference.num_month_forecast months, customers with inference.min_history_months of "
    "history) with the production model and writes PA_INFERENCE_RESULTS: the features, "
    "PROBS, PREDICTION, RISK_DECILE (10 = highest risk within the month) and REASON_1..3 "
    "(the features pushing the risk up most, from exact SHAP). The scored months' rows are "
    "replaced (old rows go to PA_INFERENCE_RESULTS_HIST) in one transaction. A dataset "
    "without a MONTH column (a snapshot table) is scored as of the config's as_of, else the "
    "current UTC month: the rows whose target is NULL or not train.positive_class.";

constexpr char kFooter[] = R"(
Examples:
  attrition score
  attrition score --model v0003-20261127T153000Z
  attrition score --shard 0/4 --run-id nightly-2026-11-27     # on each of 4 machines: 0/4 .. 3/4
  attrition score --endpoint http://localhost:8080            # through `attrition serve`
)";

struct ScoreFlags {
  score::ScoreOptions options;
  std::string shard;
  bool no_monitoring = false;
};

std::string ShardText(const score::ScoreOptions& options) {
  if (options.shard_count == 1) return "";
  return fmt::format(" for shard {}/{}", options.shard_index, options.shard_count);
}

// A snapshot table (no MONTH): which rows were scored, then the one month they are as of.
void PrintSnapshotSummary(const score::ScoreSummary& s, const score::ScoreOptions& options) {
  std::printf("%s",
              fmt::format("attrition score: {}\n"
                          "attrition score: {} rows as of {}{} with model {}; run {} in "
                          "{:.1f}s\n"
                          "  expected attritions in {}: {:.1f}\n",
                          score::SnapshotSummaryLine(s), s.rows, s.as_of, ShardText(options),
                          s.model_version, s.run_id, s.seconds, s.as_of, s.newest_month_expected)
                  .c_str());
}

void PrintSummary(const score::ScoreSummary& s, const score::ScoreOptions& options) {
  if (s.snapshot) return PrintSnapshotSummary(s, options);
  std::printf("%s",
              fmt::format("attrition score: {} rows of {} months ({}..{}){} with model {}; run {} "
                          "in {:.1f}s\n"
                          "  expected attritions in {}: {:.1f}\n",
                          s.rows, s.months.size(), s.months.back(), s.months.front(),
                          options.shard_count > 1
                              ? fmt::format(" for shard {}/{}", options.shard_index,
                                            options.shard_count)
                              : "",
                          s.model_version, s.run_id, s.seconds, s.months.front(),
                          s.newest_month_expected)
                  .c_str());
}

void PrintMonitoring(const monitoring::MonitoringSummary& m) {
  std::string text = fmt::format(
      "  forecast {}: {:.1f} attritions expected (90% interval {:.0f}..{:.0f})\n",
      m.newest_month, m.newest_expected, m.newest_lower_90, m.newest_upper_90);
  text += fmt::format("  drift: largest feature PSI {:.3f} ({}), score PSI {:.3f}{}\n", m.max_psi,
                      m.max_psi_feature.empty() ? "-" : m.max_psi_feature, m.score_psi,
                      m.drifted_features.empty() ? "" : "  ALERT sent");
  if (!m.drift_report.empty()) text += "  drift report: " + m.drift_report.string() + "\n";
  if (!m.monitoring_report.empty()) {
    text += "  monitoring report: " + m.monitoring_report.string() + "\n";
  }
  std::printf("%s", text.c_str());
}

// Scores, prints, then runs the monitoring of the committed run (forecast, drift,
// backtests). The run id, or the error that stopped the run.
Result<std::string> ScoreAndMonitor(const ScoreFlags& flags, const config::Config& cfg,
                                    notify::Notifier& notifier) {
  ATTRITION_ASSIGN_OR_RETURN(std::unique_ptr<warehouse::Warehouse> warehouse,
                             warehouse::Warehouse::OpenExisting(cfg.warehouse.url));
  ATTRITION_ASSIGN_OR_RETURN(score::ScoreSummary summary,
                             score::ScoreRun(cfg, *warehouse, [&] {
                               score::ScoreOptions options = flags.options;
                               options.keep_rows = !flags.no_monitoring;
                               return options;
                             }()));
  PrintSummary(summary, flags.options);
  if (flags.no_monitoring) return summary.run_id;
  const monitoring::ScoringRunInfo run{
      .run_id = summary.run_id,
      .model_version = summary.model_version,
      .model_dir = summary.model_dir,
      .months = summary.months,
      .report_dir = std::filesystem::path(cfg.artifacts.dir) / "reports",
      .as_of = summary.as_of,
      .rows = &summary.rows_written,
      .snapshot = summary.snapshot};
  Result<monitoring::MonitoringSummary> monitored =
      monitoring::AfterScoring(*warehouse, cfg, run, notifier);
  if (!monitored.ok()) {
    return monitored.status().WithContext(fmt::format(
        "run {} wrote its {} rows to {}, but monitoring failed", summary.run_id, summary.rows,
        score::kResultsTable));
  }
  PrintMonitoring(*monitored);
  return summary.run_id;
}

Status RunScore(ScoreFlags flags, const GlobalOptions& global) {
  if (!flags.shard.empty()) {
    ATTRITION_RETURN_IF_ERROR(
        score::ParseShard(flags.shard, &flags.options.shard_index, &flags.options.shard_count));
  }
  ATTRITION_ASSIGN_OR_RETURN(config::Config cfg, config::LoadConfigForCommand(global.config_path));
  if (!global.warehouse_url.empty()) cfg.warehouse.url = global.warehouse_url;
  // Success or failure is notified (SPEC 12); a failed notification never changes the
  // command's own result.
  notify::Notifier notifier(cfg);
  Result<std::string> run_id = ScoreAndMonitor(flags, cfg, notifier);
  notifier.Notify({.pipeline = "scoring",
                   .succeeded = run_id.ok(),
                   .error = run_id.ok() ? "" : cfg.secrets.Redact(run_id.status().ToString()),
                   .run_id = run_id.ok() ? *run_id : flags.options.run_id});
  return run_id.ok() ? Status::OK() : run_id.status();
}

}  // namespace

void AddScoreCommand(CLI::App& root, const GlobalOptions& global, CommandRun* run) {
  CLI::App* cmd = root.add_subcommand("score", "Batch-score customers into PA_INFERENCE_RESULTS");
  cmd->description(kDescription);
  cmd->footer(kFooter);
  auto flags = std::make_shared<ScoreFlags>();
  ShowDefault(cmd->add_option(
                  "--model", flags->options.model,
                  "Model to score with: production, staging, a version id or its v<sequence> (v3)"))
      ->option_text("REF");
  cmd->add_option("--shard", flags->shard,
                  "Score only shard i of n (customers whose id hash bucket % n == i) and "
                  "replace only that shard's rows")
      ->option_text("i/n");
  cmd->add_option("--endpoint", flags->options.endpoint,
                  "Score through a running `attrition serve` at this URL instead of in-process")
      ->option_text("URL");
  ShowDefault(cmd->add_option("--batch-rows", flags->options.endpoint_batch_rows,
                              "Instances per request with --endpoint"))
      ->check(IntegerAtLeast(1))
      ->option_text("N");
  cmd->add_option("--run-id", flags->options.run_id,
                  "RUN_ID of the rows (default: start time and a random suffix); give the "
                  "same one to every shard of a run")
      ->option_text("ID");
  cmd->add_option("--stage", flags->options.stage, "STAGE column (default: config environment)")
      ->option_text("NAME");
  ShowDefault(cmd->add_option("--threads", flags->options.threads, "Threads, 0 = all cores"))
      ->check(IntegerAtLeast(0))
      ->option_text("N");
  cmd->add_flag("--no-monitoring", flags->no_monitoring,
                "Skip the forecast, drift and backtests after writing the results");
  cmd->callback([flags, &global, run] {
    *run = [flags, &global] { return RunScore(*flags, global); };
  });
}

}  // namespace attrition::cli
