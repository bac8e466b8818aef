#include "cli/command.h"

namespace attrition::cli {

void AddCheckConfigCommand(CLI::App& root, const GlobalOptions&, CommandRun* run) {
  CLI::App* cmd = root.add_subcommand("check-config", "(being built)");
  cmd->callback([run] { *run = [] { return Status::FailedPrecondition("not built yet"); }; });
}

}  // namespace attrition::cli
