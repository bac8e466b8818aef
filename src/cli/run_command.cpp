// `attrition run`: the scheduler daemon (SPEC 12). Fires `attrition score` (and `attrition
// train` when schedule.train is set) on the config's cron expressions in
// schedule.timezone, as child processes of the same binary with the same global options.
#include <signal.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "attrition/config.h"
#include "attrition/notify.h"
#include "cli/command.h"
#include "cli/flag_checks.h"
#include "cli/option_help.h"
#include "config/cron.h"
#include "schedule/civil_time.h"
#include "schedule/scheduler.h"

namespace attrition::cli {
namespace {

constexpr const char* kFooter =
    R"(Jobs come from the config's `schedule` section:
  schedule:
    timezone: 'GMT'          # UTC, GMT or an IANA name such as 'Europe/London'
    score: '0 13 * * *'      # the seed scored at 13:00 GMT daily
    train: '0 6 * * MON'     # optional; not scheduled when absent

A job never overlaps itself: a tick that comes while its previous run is still going is
skipped and logged. A failed run is logged (the job notifies through the config's
notifications like any run) and the job waits for its next tick. SIGTERM or Ctrl-C stops
the daemon after the running job has been asked to stop and has exited.

Examples:
  attrition run --dry-run                   # the jobs and their next five times
  attrition run                             # until stopped
  attrition run --clock-start 2026-11-28T12:59:30Z --clock-speed 60 --max-runs 1
                                            # rehearse tomorrow's 13:00 run now
)";

std::atomic<bool> g_stop{false};

extern "C" void OnStopSignal(int) { g_stop.store(true); }

struct RunOptions {
  bool dry_run = false;
  std::string clock_start;  // ISO 8601 UTC
  double clock_speed = 1;
  int max_runs = 0;
};

Result<schedule::Clock::time_point> ParseUtc(const std::string& text) {
  std::tm tm{};
  const char* end = ::strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (end == nullptr || *end != '\0') {
    return Status::InvalidArgument("--clock-start: got '" + text +
                                   "', expected UTC time as YYYY-MM-DDTHH:MM:SSZ");
  }
  return schedule::Clock::from_time_t(::timegm(&tm));
}

// argv that re-runs this binary as `attrition <global options> <command>`.
std::vector<std::string> ChildArgv(const GlobalOptions& global, const std::string& command) {
  std::error_code error;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  std::vector<std::string> argv{error ? std::string("attrition") : self.string()};
  if (!global.config_path.empty()) {
    argv.push_back("--config");
    argv.push_back(std::filesystem::absolute(global.config_path).string());
  }
  if (!global.warehouse_flag.empty()) {
    argv.push_back("--warehouse");
    argv.push_back(global.warehouse_flag);  // as typed: the child resolves its own secrets
  }
  argv.push_back("--log-format");
  argv.push_back(global.log_format);
  argv.push_back(command);
  return argv;
}

Result<std::vector<schedule::Job>> JobsOf(const config::Config& cfg, const GlobalOptions& global) {
  std::vector<std::pair<std::string, std::string>> wanted{{"score", cfg.schedule.score}};
  if (cfg.schedule.train) wanted.emplace_back("train", *cfg.schedule.train);
  std::vector<schedule::Job> jobs;
  for (const auto& [name, expression] : wanted) {
    Result<config::CronSchedule> parsed = config::ParseCron(expression);
    if (!parsed.ok()) {
      return Status::InvalidArgument(cfg.Where("schedule." + name) + ": '" + expression +
                                     "': " + parsed.status().message());
    }
    jobs.push_back({.name = name, .expression = expression, .schedule = *parsed,
                    .argv = ChildArgv(global, name)});
  }
  return jobs;
}

Status RunScheduler(const GlobalOptions& global, const RunOptions& options) {
  ATTRITION_ASSIGN_OR_RETURN(config::Config cfg, config::LoadConfigForCommand(global.config_path));
  ATTRITION_RETURN_IF_ERROR(schedule::UseTimeZone(cfg.schedule.timezone));
  ATTRITION_ASSIGN_OR_RETURN(std::vector<schedule::Job> jobs, JobsOf(cfg, global));

  schedule::SchedulerOptions scheduler_options{.time_scale = options.clock_speed,
                                               .max_runs = options.max_runs};
  if (!options.clock_start.empty()) {
    ATTRITION_ASSIGN_OR_RETURN(scheduler_options.start, ParseUtc(options.clock_start));
  }

  if (options.dry_run) {
    std::printf("time zone %s\n", cfg.schedule.timezone.c_str());
    for (const schedule::Job& job : jobs) {
      std::printf("%-6s '%s'\n", job.name.c_str(), job.expression.c_str());
      schedule::Clock::time_point t = scheduler_options.start.value_or(schedule::Clock::now());
      for (int i = 0; i < 5; ++i) {
        ATTRITION_ASSIGN_OR_RETURN(t, schedule::NextFireTime(job.schedule, t));
        std::printf("  %s\n", schedule::FormatCivil(t).c_str());
      }
    }
    return Status::OK();
  }

  // A job that dies by a signal or cannot start never reported its own result: say it here.
  const notify::Notifier notifier(cfg);
  auto on_finish = [&notifier](const schedule::JobOutcome& outcome) {
    const std::string when = schedule::FormatCivil(outcome.tick);
    if (outcome.succeeded) {
      spdlog::info("run: {} for the {} tick finished in {:.1f}s", outcome.job, when, outcome.seconds);
      return;
    }
    spdlog::error("run: {} for the {} tick failed: {}; waiting for the next tick", outcome.job,
                  when, outcome.description);
    if (outcome.exit_code < 0) {
      notifier.Notify({.pipeline = outcome.job == "train" ? "training" : "scoring",
                       .succeeded = false,
                       .error = outcome.description});
    }
  };
  schedule::Scheduler scheduler(std::move(jobs), scheduler_options, on_finish);
  ATTRITION_ASSIGN_OR_RETURN(std::vector<schedule::Clock::time_point> next, scheduler.NextTicks());
  for (size_t i = 0; i < next.size(); ++i) {
    spdlog::info("run: {} next at {}", i == 0 ? "score" : "train", schedule::FormatCivil(next[i]));
  }

  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGTERM, &action, nullptr);
  ::sigaction(SIGINT, &action, nullptr);
  return scheduler.Run(g_stop);
}

}  // namespace

void AddRunCommand(CLI::App& root, const GlobalOptions& global, CommandRun* run) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* cmd = root.add_subcommand(
      "run", "Scheduler daemon: runs score (and train) on the config's cron schedule");
  cmd->footer(kFooter);
  cmd->add_flag("--dry-run", options->dry_run, "Print the jobs and their next five times, then exit");
  cmd->add_option("--clock-start", options->clock_start,
                  "Start the scheduler's clock at this UTC time (rehearsal)")
      ->option_text("YYYY-MM-DDTHH:MM:SSZ");
  ShowDefault(cmd->add_option(
                  "--clock-speed", options->clock_speed,
                  "Run the scheduler's clock this many times faster than real time (rehearsal)"))
      ->check(CLI::Range(0.001, 100000.0))
      ->option_text("X (0.001-100000)");
  ShowDefault(cmd->add_option("--max-runs", options->max_runs,
                              "Exit after this many finished runs (0 = never)"))
      ->check(IntegerAtLeast(0))
      ->option_text("N");
  cmd->callback([&global, options, run] { *run = [&global, options] { return RunScheduler(global, *options); }; });
}

}  // namespace attrition::cli
