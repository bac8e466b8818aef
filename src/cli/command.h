// How commands plug into the `attrition` binary. Each command lives in its own file and
// exposes one function that adds its CLI11 subcommand to the root app; main.cpp only
// calls those functions and maps the selected command's Status to an exit code.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>

#include "attrition/status.h"
#include "attrition/warehouse.h"

namespace attrition::cli {

// Options every command takes (SPEC 2).
struct GlobalOptions {
  std::string config_path;         // --config; empty = config.yaml here, else built-in
  std::string warehouse_flag;      // --warehouse as typed, ${env:…} references unexpanded
  std::string warehouse_url;       // --warehouse resolved; overrides warehouse.url of the config
  std::string log_format = "text";  // --log-format text|json
  bool verbose = false;
};

// The work of the selected command, run after parsing succeeded.
using CommandRun = std::function<Status()>;

// Each Add*Command adds one subcommand to `root`; when it is selected on the command
// line it stores its work in *run. `global` outlives the call to *run.
void AddGenerateCommand(CLI::App& root, const GlobalOptions& global, CommandRun* run);
void AddFeaturesCommand(CLI::App& root, const GlobalOptions& global, CommandRun* run);
void AddCheckConfigCommand(CLI::App& root, const GlobalOptions& global, CommandRun* run);
void AddTrainCommand(CLI::App& root, const GlobalOptions& global, CommandRun* run);
void AddLoadCommand(CLI::App& root, const GlobalOptions& global, CommandRun* run);
void AddModelsCommand(CLI::App& root, const GlobalOptions& global, CommandRun* run);
void AddDemoCommand(CLI::App& root, const GlobalOptions& global, CommandRun* run);
void AddRunCommand(CLI::App& root, const GlobalOptions& global, CommandRun* run);
void AddServeCommand(CLI::App& root, const GlobalOptions& global, CommandRun* run);
void AddScoreCommand(CLI::App& root, const GlobalOptions& global, CommandRun* run);
void AddExplainCommand(CLI::App& root, const GlobalOptions& global, CommandRun* run);

// Sets global->warehouse_url from the --warehouse flag as typed, held to the config's
// rules for secrets (config::ResolveCommandLineUrl). Called once, after parsing.
Status ResolveWarehouseFlag(GlobalOptions* global);

// The warehouse URL a command uses: --warehouse, else the config's warehouse.url, else
// the built-in default sqlite:attrition.db.
Result<std::string> ResolveWarehouseUrl(const GlobalOptions& global);

// Opens the warehouse of ResolveWarehouseUrl.
Result<std::unique_ptr<warehouse::Warehouse>> OpenWarehouse(const GlobalOptions& global);

}  // namespace attrition::cli
