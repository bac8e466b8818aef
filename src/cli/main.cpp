// attrition: one binary, one subcommand per job (SPEC 2). This file only dispatches.
#include <cstdio>
#include <string>

#include <spdlog/spdlog.h>

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

// The first word of the command line that is neither an option nor the value of a global
// option taking one: what the user meant as the command ("" when there is none).
std::string CommandWord(const CLI::App& app, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (!word.starts_with("-")) return word;
    const CLI::Option* option = app.get_option_no_throw(word);
    if (option != nullptr && option->get_items_expected_min() > 0) ++i;  // skip its value
  }
  return "";
}

// A command-line mistake, in the same shape as every other error: one line on stderr
// saying what was wrong, and where to look. Exit 2, as for other invalid arguments.
int ReportUsageError(const CLI::App& app, const CLI::ParseError& error, int argc, char** argv) {
  std::string message = error.what();
  const std::string word = CommandWord(app, argc, argv);
  std::string commands;
  bool known = false;
  for (const CLI::App* command : app.get_subcommands({})) {
    commands += (commands.empty() ? "" : ", ") + command->get_name();
    known = known || command->get_name() == word;
  }
  if (!word.empty() && !known) {
    message = "unknown command '" + word + "'; the commands are " + commands;
  } else if (word.empty() && message == "A subcommand is required") {
    message = "no command given; the commands are " + commands;
  }
  std::fprintf(stderr, "attrition: error: %s\n(see `attrition --help`, or `attrition COMMAND --help`)\n",
               message.c_str());
  return 2;
}

// The failed command's one closing line, in the log's format so that a log collector
// reading JSON lines gets it too, with registered secrets removed like any log line.
void ReportFailure(attrition::LogFormat format, const attrition::Status& status) {
  const std::string message = attrition::RedactLogSecrets(status.message());
  if (format == attrition::LogFormat::kJson) {
    spdlog::error("attrition: error: {}", message);
  } else {
    std::fprintf(stderr, "attrition: error: %s\n", message.c_str());
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
  app.set_version_flag("--version", std::string(ATTRITION_VERSION));

  cli::GlobalOptions global;
  app.add_option("--config", global.config_path,
                 "Config file (default: config.yaml here if present, else built-in defaults)")
      ->option_text("FILE");
  app.add_option("--warehouse", global.warehouse_flag,
                 "Warehouse URL overriding warehouse.url: sqlite:PATH, postgresql://..., odbc:...; "
                 "a password only as '${env:NAME}' or '${file:PATH}'")
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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // --help and --version arrive as "errors" with exit code 0.
    if (error.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(error);
    return ReportUsageError(app, error, argc, argv);
  }
  const LogFormat log_format = *ParseLogFormat(global.log_format);
  SetUpLogging(log_format, global.verbose);
  if (!run) return 0;
  Status status = cli::ResolveWarehouseFlag(&global);
  if (status.ok()) status = run();
  if (!status.ok()) {
    ReportFailure(log_format, status);
    return ExitCodeFor(status);
  }
  return 0;
}
