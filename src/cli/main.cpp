// attrition: one binary, one subcommand per job (SPEC 2). This file only dispatches.
#include <cstdio>

#include "attrition/logging.h"
#include "cli/command.h"

namespace {

int ExitCodeFor(const attrition::Status& status) {
  using Code = attrition::Status::Code;
  switch (status.code()) {
    case Code::kOk:
      return 0;
    case Code::kInvalidArgument:
    case Code::kNotFound:
    case Code::kFailedPrecondition:
      return 2;
    default:
      return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace attrition;
  CLI::App app{
      "attrition: predicts which customers will stop buying consumables, explains why, and "
      "runs that model in production.\n\n"
      "Start with `attrition demo` in an empty directory; every command's --help says more."};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every command");

  cli::GlobalOptions global;
  app.add_option("--config", global.config_path,
                 "Config file (default: config.yaml here if present, else built-in defaults)")
      ->option_text("FILE");
  app.add_option("--warehouse", global.warehouse_url,
                 "Warehouse URL overriding warehouse.url: sqlite:PATH, postgresql://..., odbc:...")
      ->option_text("URL");
  app.add_option("--log-format", global.log_format, "Log lines as text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->option_text("text|json");
  app.add_flag("-v,--verbose", global.verbose, "Log debug detail");
  app.fallthrough();

  cli::CommandRun run;
  cli::AddDemoCommand(app, global, &run);
  cli::AddGenerateCommand(app, global, &run);
  cli::AddFeaturesCommand(app, global, &run);
  cli::AddCheckConfigCommand(app, global, &run);
  cli::AddTrainCommand(app, global, &run);
  cli::AddLoadCommand(app, global, &run);
  cli::AddModelsCommand(app, global, &run);
  cli::AddServeCommand(app, global, &run);
  cli::AddScoreCommand(app, global, &run);
  cli::AddExplainCommand(app, global, &run);
  cli::AddRunCommand(app, global, &run);

  CLI11_PARSE(app, argc, argv);
  SetUpLogging(*ParseLogFormat(global.log_format), global.verbose);
  if (!run) return 0;
  const Status status = run();
  if (!status.ok()) {
    std::fprintf(stderr, "attrition: error: %s\n", status.message().c_str());
    return ExitCodeFor(status);
  }
  return 0;
}
