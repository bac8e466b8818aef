// `attrition features`: builds the intermediate feature tables and PA_MODELING_DATASET
// (SPEC 4) and prints the rejected-row counts per view and rule.
#include <cstdio>

#include "attrition/config.h"
#include "attrition/features.h"
#include "cli/command.h"

namespace attrition::cli {
namespace {

struct FeaturesFlags {
  std::string as_of;  // YYYY-MM
  std::string today;  // YYYY-MM-DD
  std::string stage = "dev";
  int threads = 2;
};

Result<features::FeatureOptions> ToOptions(const FeaturesFlags& flags,
                                           const config::Config& config) {
  features::FeatureOptions options;
  options.as_of = config.as_of;
  if (!flags.as_of.empty()) {
    options.as_of = ParseIsoMonth(flags.as_of);
    if (!options.as_of) {
      return Status::InvalidArgument("--as-of: got '" + flags.as_of + "', expected YYYY-MM");
    }
  }
  if (!flags.today.empty()) {
    options.today = ParseIsoDate(flags.today);
    if (!options.today) {
      return Status::InvalidArgument("--today: got '" + flags.today +
                                     "', expected a date YYYY-MM-DD");
    }
  }
  if (flags.stage.empty()) return Status::InvalidArgument("--stage: must not be empty");
  if (flags.threads < 1) {
    return Status::InvalidArgument("--threads: got " + std::to_string(flags.threads) +
                                   ", expected at least 1");
  }
  options.stage = flags.stage;
  options.threads = flags.threads;
  return options;
}

Status RunFeatures(const GlobalOptions& global, const FeaturesFlags& flags) {
  ATTRITION_ASSIGN_OR_RETURN(config::Config config,
                             config::LoadConfigForCommand(global.config_path));
  const std::string url =
      global.warehouse_url.empty() ? config.warehouse.url : global.warehouse_url;
  ATTRITION_ASSIGN_OR_RETURN(features::FeatureOptions options, ToOptions(flags, config));
  auto result = features::BuildFeatures(url, options);
  if (!result.ok()) return result.status();
  std::printf("as-of %s, run %s: rejected rows per view and rule\n",
              FormatMonth(result->as_of).c_str(), result->run_id.c_str());
  std::fputs(features::FormatRuleCounts(*result).c_str(), stdout);
  for (const features::TableCount& table : result->tables) {
    std::printf("wrote %-40s %12lld rows\n", table.table.c_str(),
                static_cast<long long>(table.rows));
  }
  return Status::OK();
}

}  // namespace

void AddFeaturesCommand(CLI::App& root, const GlobalOptions& global, CommandRun* run) {
  auto flags = std::make_shared<FeaturesFlags>();
  CLI::App* cmd = root.add_subcommand(
      "features",
      "Build the intermediate feature tables and PA_MODELING_DATASET from the source views "
      "(old rows kept in <TABLE>_HIST, one transaction) and report rejected rows");
  cmd->add_option("--as-of", flags->as_of,
                  "As-of month (default: config as_of, else the latest month with a valid "
                  "order date not after --today; a later month is refused)")
      ->option_text("YYYY-MM");
  cmd->add_option("--today", flags->today, "Run date used to choose the as-of month (default: today, UTC)")
      ->option_text("YYYY-MM-DD");
  cmd->add_option("--stage", flags->stage, "Value of the STAGE column (default dev)")
      ->option_text("NAME");
  cmd->add_option("--threads", flags->threads, "Threads for reading and computing (default 2)")
      ->option_text("N");
  cmd->callback([run, &global, flags] { *run = [&global, flags] { return RunFeatures(global, *flags); }; });
}

}  // namespace attrition::cli
