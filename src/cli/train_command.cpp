// `attrition train`: tunes, fits, evaluates and registers a new model version (SPEC 7).
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "attrition/config.h"
#include "attrition/notify.h"
#include "attrition/train.h"
#include "cli/command.h"
#include "cli/flag_checks.h"
#include "cli/option_help.h"
#include "cli/shell_word.h"

namespace attrition::cli {
namespace {

constexpr char kDescription[] =
    "Trains a new model version from train.dataset (default PA_MODELING_DATASET): loads the "
    "labelled rows of train.start_month..max_month, one-hot encodes them through the feature "
    "plan, splits them (the last train.split.months months as test with a 6-month gap, or "
    "randomized by customer), holds out 20% of the training customers for validation, "
    "re-samples the rest, tunes XGBoost with a TPE optimiser and early stopping, picks the "
    "F1-maximising threshold on validation, evaluates on test and registers the version "
    "under artifacts.dir/models with a report.html.";

constexpr char kFooter[] = R"(
Files of a version (docs/training.md):
  attrition.model     XGBoost JSON model (Python: xgboost.Booster().load_model)
  feature_plan.json   the encoding shared by training, batch scoring and the endpoint
  metadata.json       threshold, odds correction, metrics, hyperparameters, lineage
  metrics.json        train/validation/test AUC, F1, precision, recall, confusion matrix
  trials.json         every tuning trial: parameters, validation metric, rounds, seconds
  profile.json        statistics of every feature over the training rows
  baseline.json       decile bins of every feature and of the score, for drift (PSI)
  report.html         the training report
  lineage.json        written by the registry: the data and config it came from, and the
                      size and SHA-256 of every file (checked by promote and models show)

Examples:
  attrition train
  attrition train --start-month 2021-07 --max-month 2024-06 --trials 30
  attrition --config examples/telco/config.yaml train
)";

struct TrainFlags {
  std::string start_month;
  std::string max_month;
  int trials = 0;  // 0: the config's num_tuning_rounds (the flag itself must be >= 1)
  uint64_t seed = 42;
  int threads = 0;
  std::string out;
  bool no_register = false;
  bool refit = false;
};

Result<Month> ParseMonthFlag(const std::string& flag, const std::string& text) {
  std::optional<Month> month = ParseIsoMonth(text);
  if (!month) {
    return Status::InvalidArgument(flag + ": got '" + text + "', expected a month YYYY-MM");
  }
  return *month;
}

// The config with the command line's overrides applied and checked.
Result<config::Config> EffectiveConfig(const TrainFlags& flags, const GlobalOptions& global) {
  ATTRITION_ASSIGN_OR_RETURN(config::Config cfg, config::LoadConfigForCommand(global.config_path));
  if (!flags.start_month.empty()) {
    ATTRITION_ASSIGN_OR_RETURN(cfg.train.start_month,
                               ParseMonthFlag("--start-month", flags.start_month));
  }
  if (!flags.max_month.empty()) {
    ATTRITION_ASSIGN_OR_RETURN(cfg.train.max_month,
                               ParseMonthFlag("--max-month", flags.max_month));
  }
  if (flags.trials != 0) cfg.train.hyperparameters.num_tuning_rounds = flags.trials;
  ATTRITION_RETURN_IF_ERROR(config::CheckTrainingWindow(cfg.train));
  return cfg;
}

// "1 trial", "6 trials".
std::string Count(int64_t n, const char* singular, const char* plural) {
  return fmt::format("{} {}", n, n == 1 ? singular : plural);
}

// The summary, ending with the commands that look at the version and put it in production
// (with the same --config, which says where the registry is).
void PrintSummary(const train::TrainSummary& s, const GlobalOptions& global) {
  std::string drivers;
  for (const auto& [feature, shap] : s.top_drivers) {
    drivers += fmt::format("{}{} ({:.3f})", drivers.empty() ? "" : ", ", feature, shap);
  }
  std::string text = fmt::format(
      "attrition train: {}\n"
      "  test AUC {:.4f}  F1 {:.3f}  threshold {:.4f}  ({}, {}, {:.1f}s)\n"
      "  top drivers (mean |SHAP|): {}\n",
      s.version.empty() ? "version not registered" : "version " + s.version, s.test_auc,
      s.test_f1, s.threshold, Count(s.test_rows, "test row", "test rows"),
      Count(s.num_trials, "trial", "trials"), s.seconds,
      drivers.empty() ? "none (every mean |SHAP| is 0)" : drivers);
  if (s.unused_features > 0) {
    text += fmt::format("  {} of {} unused (no tree splits on {})\n", s.unused_features,
                        Count(s.num_features, "feature", "features"),
                        s.unused_features == 1 ? "it" : "them");
  }
  text += fmt::format("  report: {}\n", s.report_path.string());
  if (!s.version.empty()) {
    const std::string attrition =
        global.config_path.empty() ? "attrition"
                                   : "attrition --config " + ShellWord(global.config_path);
    text += fmt::format(
        "next:\n"
        "  {0} models show {1}      # metrics, lineage, files\n"
        "  {0} models promote {1}   # make it production: score and serve use it\n",
        attrition, s.version);
  }
  std::fputs(text.c_str(), stdout);
}

Result<std::string> TrainAndRegister(const TrainFlags& flags, const GlobalOptions& global,
                                     const config::Config& cfg);

Status RunTrain(const TrainFlags& flags, const GlobalOptions& global) {
  if (flags.no_register && flags.out.empty()) {
    return Status::InvalidArgument("--no-register needs --out DIR: the version must go somewhere");
  }
  ATTRITION_ASSIGN_OR_RETURN(config::Config cfg, EffectiveConfig(flags, global));
  // Notify success or failure (SPEC 7 step 8); a failed notification never changes the
  // command's own result.
  Result<std::string> version = TrainAndRegister(flags, global, cfg);
  notify::Notifier(cfg).Notify(
      {.pipeline = "training",
       .succeeded = version.ok(),
       .error = version.ok() ? "" : cfg.secrets.Redact(version.status().ToString()),
       .run_id = version.ok() ? *version : ""});
  return version.ok() ? Status::OK() : version.status();
}

// Trains and prints the summary; the registered version id ("" with --no-register).
Result<std::string> TrainAndRegister(const TrainFlags& flags, const GlobalOptions& global,
                                     const config::Config& cfg) {
  const std::string url = global.warehouse_url.empty() ? cfg.warehouse.url : global.warehouse_url;
  ATTRITION_ASSIGN_OR_RETURN(std::unique_ptr<warehouse::Warehouse> warehouse,
                             warehouse::Warehouse::OpenExisting(url));
  train::TrainOptions options{.seed = flags.seed,
                              .threads = flags.threads,
                              .register_version = !flags.no_register,
                              .refit_best = flags.refit};
  if (!flags.out.empty()) options.output_dir = flags.out;
  Result<train::TrainSummary> summary = train::TrainModel(cfg, *warehouse, options);
  if (!summary.ok()) {
    return summary.status();
  }
  PrintSummary(*summary, global);
  return summary->version;
}

}  // namespace

void AddTrainCommand(CLI::App& root, const GlobalOptions& global, CommandRun* run) {
  CLI::App* cmd = root.add_subcommand("train", "Tune, fit, evaluate and register a model (SPEC 7)");
  cmd->description(kDescription);
  cmd->footer(kFooter);
  auto flags = std::make_shared<TrainFlags>();
  cmd->add_option("--start-month", flags->start_month, "Override train.start_month")
      ->option_text("YYYY-MM");
  cmd->add_option("--max-month", flags->max_month, "Override train.max_month")
      ->option_text("YYYY-MM");
  cmd->add_option("--trials", flags->trials,
                  "Override train.hyperparameters.num_tuning_rounds")
      ->check(IntegerBetween(1, 1'000'000))
      ->option_text("N (1-1000000)");
  ShowDefault(
      cmd->add_option("--seed", flags->seed, "Seed of the split, sampling, tuning and XGBoost"))
      ->check(IntegerAtLeast(0))
      ->option_text("S");
  ShowDefault(cmd->add_option("--threads", flags->threads, "XGBoost threads, 0 = all cores"))
      ->check(IntegerAtLeast(0))
      ->option_text("N");
  cmd->add_option("--out", flags->out, "Also write the version's files to this directory")
      ->option_text("DIR");
  cmd->add_flag("--no-register", flags->no_register,
                "Do not register the version (needs --out)");
  cmd->add_flag("--refit", flags->refit,
                "Fit the best parameters again after tuning, as train.py does (same model)");
  cmd->callback([flags, &global, run] {
    *run = [flags, &global] { return RunTrain(*flags, global); };
  });
}

}  // namespace attrition::cli
