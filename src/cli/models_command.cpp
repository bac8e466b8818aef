// `attrition models list | show | promote | rollback | history`: the model registry
// (SPEC 8) from the command line. The registry lives under the config's artifacts.dir.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "attrition/config.h"
#include "attrition/registry.h"
#include "cli/command.h"
#include "cli/models_output.h"
#include "cli/option_help.h"

namespace attrition::cli {
namespace {

constexpr const char* kFooter =
    R"(Every version under <artifacts.dir>/models is immutable and records its lineage
(config hash, data fingerprint, training window, library versions, metrics). The aliases
`production` and `staging` point at versions; serving and scoring use `production`.

Examples:
  attrition models list
  attrition models show production
  attrition models promote v0002-20261127T130000Z            # gate: not worse than production
  attrition models promote v0002-20261127T130000Z --force    # past the gate, logged as forced
  attrition models promote staging                           # staging's version to production
  attrition models rollback                                  # production to the version before
  attrition models history --json

See docs/registry.md for the layout on disk and the alias semantics.
)";

struct ModelsOptions {
  std::string artifacts_dir;  // --artifacts; empty = config artifacts.dir
  bool json = false;
  std::string reference;  // show / promote
  std::string to = "production";
  bool force = false;
  std::optional<double> tolerance;
};

struct Context {
  config::Config config;
  registry::Registry registry;
};

Result<Context> OpenContext(const GlobalOptions& global, const ModelsOptions& options) {
  ATTRITION_ASSIGN_OR_RETURN(config::Config cfg, config::LoadConfigForCommand(global.config_path));
  const std::string dir = options.artifacts_dir.empty() ? cfg.artifacts.dir : options.artifacts_dir;
  ATTRITION_ASSIGN_OR_RETURN(registry::Registry opened, registry::Registry::Open(dir));
  return Context{std::move(cfg), std::move(opened)};
}

Result<AliasTargets> ReadAliases(const registry::Registry& registry) {
  AliasTargets targets;
  for (registry::Alias alias : {registry::Alias::kProduction, registry::Alias::kStaging}) {
    ATTRITION_ASSIGN_OR_RETURN(std::optional<std::string> target, registry.AliasTarget(alias));
    if (target) targets[std::string(registry::ToString(alias))] = *target;
  }
  return targets;
}

void Print(const std::string& text) { std::fputs(text.c_str(), stdout); }

Status RunList(const GlobalOptions& global, const ModelsOptions& options) {
  ATTRITION_ASSIGN_OR_RETURN(Context context, OpenContext(global, options));
  ATTRITION_ASSIGN_OR_RETURN(auto versions, context.registry.List());
  ATTRITION_ASSIGN_OR_RETURN(AliasTargets aliases, ReadAliases(context.registry));
  Integrity integrity;
  for (const registry::ModelVersion& version : versions) {
    integrity.emplace(version.id, context.registry.Verify(version));
  }
  Print(options.json ? VersionsJson(versions, aliases, integrity)
                     : FormatVersionTable(versions, aliases, integrity,
                                          (context.registry.root() / "models").string()));
  return Status::OK();
}

Status RunShow(const GlobalOptions& global, const ModelsOptions& options) {
  ATTRITION_ASSIGN_OR_RETURN(Context context, OpenContext(global, options));
  ATTRITION_ASSIGN_OR_RETURN(registry::ModelVersion version,
                             context.registry.Resolve(options.reference));
  ATTRITION_ASSIGN_OR_RETURN(AliasTargets aliases, ReadAliases(context.registry));
  const Status integrity = context.registry.Verify(version);
  Print(options.json ? VersionJson(version, aliases, integrity)
                     : FormatVersionDetails(version, aliases, integrity));
  return Status::OK();
}

Status RunPromote(const GlobalOptions& global, const ModelsOptions& options) {
  ATTRITION_ASSIGN_OR_RETURN(Context context, OpenContext(global, options));
  const registry::PromoteOptions promote{
      .to = *registry::ParseAlias(options.to),
      .force = options.force,
      .tolerance = options.tolerance.value_or(context.config.registry.promote_tolerance)};
  ATTRITION_ASSIGN_OR_RETURN(registry::AliasChange change,
                             context.registry.Promote(options.reference, promote));
  Print(options.json ? AliasChangeJson(change) : FormatAliasChange(change, "now points at"));
  return Status::OK();
}

Status RunRollback(const GlobalOptions& global, const ModelsOptions& options) {
  ATTRITION_ASSIGN_OR_RETURN(Context context, OpenContext(global, options));
  ATTRITION_ASSIGN_OR_RETURN(registry::AliasChange change,
                             context.registry.Rollback(*registry::ParseAlias(options.to)));
  Print(options.json ? AliasChangeJson(change) : FormatAliasChange(change, "rolled back to"));
  return Status::OK();
}

Status RunHistory(const GlobalOptions& global, const ModelsOptions& options) {
  ATTRITION_ASSIGN_OR_RETURN(Context context, OpenContext(global, options));
  ATTRITION_ASSIGN_OR_RETURN(auto events, context.registry.History());
  Print(options.json ? HistoryJson(events) : FormatHistory(events));
  return Status::OK();
}

using Runner = Status (*)(const GlobalOptions&, const ModelsOptions&);

// Adds a subcommand whose options live in a fresh ModelsOptions shared with its run.
CLI::App* AddVerb(CLI::App* models, const char* name, const char* help, Runner runner,
                  const GlobalOptions& global, CommandRun* run,
                  const std::shared_ptr<ModelsOptions>& options) {
  CLI::App* verb = models->add_subcommand(name, help);
  verb->add_flag("--json", options->json, "Print JSON for scripts instead of a table");
  verb->callback([run, &global, options, runner] {
    *run = [&global, options, runner] { return runner(global, *options); };
  });
  return verb;
}

void AddAliasOption(CLI::App* verb, ModelsOptions* options, const char* name, const char* help) {
  ShowDefault(verb->add_option(name, options->to, help))
      ->check(CLI::IsMember({"production", "staging"}))
      ->option_text("production|staging");
}

}  // namespace

void AddModelsCommand(CLI::App& root, const GlobalOptions& global, CommandRun* run) {
  CLI::App* models = root.add_subcommand(
      "models", "The model registry: list, show, promote and roll back model versions");
  models->require_subcommand(1);
  models->fallthrough();  // `models list --artifacts DIR` as well as `models --artifacts DIR list`
  models->footer(kFooter);
  auto options = std::make_shared<ModelsOptions>();
  models
      ->add_option("--artifacts", options->artifacts_dir,
                   "Artifacts directory holding the registry (default: config artifacts.dir)")
      ->option_text("DIR");

  AddVerb(models, "list", "Every version, oldest first, with its metric, window and aliases",
          RunList, global, run, options);

  CLI::App* show = AddVerb(models, "show", "A version's metrics, lineage and files", RunShow,
                           global, run, options);
  show->add_option("version", options->reference,
                   "A version id (or its v<sequence>: v3), production or staging")
      ->required()
      ->option_text("(required)");

  CLI::App* promote = AddVerb(models, "promote", "Point an alias (default production) at a version",
                              RunPromote, global, run, options);
  promote->add_option("version", options->reference, "A version id (or its v<sequence>: v3), or staging")
      ->required()
      ->option_text("(required)");
  AddAliasOption(promote, options.get(), "--to", "Alias to move");
  promote->add_flag("--force", options->force,
                    "Promote even when the version's metric is worse than production's by more "
                    "than the tolerance");
  promote
      ->add_option("--tolerance", options->tolerance,
                   "Allowed shortfall of the primary metric against production (default: "
                   "config registry.promote_tolerance, 0.005)")
      ->check(CLI::Range(0.0, 1.0))
      ->option_text("X (0-1)");

  CLI::App* rollback =
      AddVerb(models, "rollback", "Point production back at the version it had before", RunRollback,
              global, run, options);
  AddAliasOption(rollback, options.get(), "--alias", "Alias to roll back");

  AddVerb(models, "history", "Every alias change, oldest first", RunHistory, global, run, options);
}

}  // namespace attrition::cli
