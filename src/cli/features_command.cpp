#include "cli/command.h"

namespace attrition::cli {

void AddFeaturesCommand(CLI::App& root, const GlobalOptions&, CommandRun* run) {
  CLI::App* cmd = root.add_subcommand("features", "(being built)");
  cmd->callback([run] { *run = [] { return Status::FailedPrecondition("not built yet"); }; });
}

}  // namespace attrition::cli
