// Registry::Promote and Registry::Rollback: the only calls that move an alias. Both hold
// the registry lock from reading the alias to logging the change, so two promotions from
// two processes are applied one after the other and the history matches the alias.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>

#include "attrition/registry.h"
#include "registry/alias_store.h"
#include "registry/atomic_file.h"
#include "registry/registry_paths.h"
#include "registry/version_id.h"

namespace attrition::registry {
namespace {

std::string CurrentUser() {
  const char* user = std::getenv("USER");
  return user != nullptr ? user : "";
}

// Empty when `candidate` may replace `production`; otherwise what the gate found, e.g.
// "its test_auc 0.7712 is worse than production v1's 0.8034 by 0.0322, more than the
// tolerance 0.005". The caller words it as a refusal or, when forced, as a warning.
std::string GateFinding(const ModelVersion& candidate, const ModelVersion& production,
                        double tolerance) {
  const std::string& metric = candidate.primary_metric;
  const auto theirs = production.metrics.find(metric);
  if (theirs == production.metrics.end()) {
    return fmt::format("production {} has no {} to compare with (its primary metric is {})",
                       production.id, metric, production.primary_metric);
  }
  const double ours = candidate.PrimaryMetricValue();
  const double shortfall = theirs->second - ours;
  if (shortfall <= tolerance) return "";
  return fmt::format(
      "its {} {:.4f} is worse than production {}'s {:.4f} by {:.4f}, more than the tolerance {}",
      metric, ours, production.id, theirs->second, shortfall, tolerance);
}

// Moves the alias, then logs it: a crash in between leaves the alias right and the log one
// event short, which RollbackTarget tolerates.
Status MoveAlias(const AliasStore& store, AliasEvent event) {
  ATTRITION_RETURN_IF_ERROR(store.Write(event.alias, event.version));
  event.time = IsoUtc(std::chrono::system_clock::now());
  event.user = CurrentUser();
  return store.Append(event);
}

}  // namespace

Result<AliasChange> Registry::Promote(std::string_view reference,
                                      const PromoteOptions& options) const {
  // Resolved once before locking for a clear NotFound on an empty registry (which has no
  // lock file to take), and again under the lock, where an alias cannot move meanwhile.
  ATTRITION_RETURN_IF_ERROR(Resolve(reference).status());
  ATTRITION_ASSIGN_OR_RETURN(FileLock lock, FileLock::Acquire(LockFile(root_)));
  ATTRITION_ASSIGN_OR_RETURN(ModelVersion candidate, Resolve(reference));
  ATTRITION_RETURN_IF_ERROR(Verify(candidate));
  const AliasStore store(AliasesDir(root_));
  ATTRITION_ASSIGN_OR_RETURN(std::optional<std::string> current, store.Read(options.to));

  AliasChange change{
      .alias = options.to, .version = candidate.id, .previous = current.value_or("")};
  if (current == candidate.id) return change;  // already there: nothing to log

  if (options.to == Alias::kProduction && current) {
    ATTRITION_ASSIGN_OR_RETURN(ModelVersion production, Get(*current));
    std::string finding = GateFinding(candidate, production, options.tolerance);
    if (!finding.empty() && !options.force) {
      return Status::FailedPrecondition(fmt::format(
          "refusing to promote {} to production: {}; use --force to promote anyway",
          candidate.id, finding));
    }
    if (!finding.empty()) {
      spdlog::warn("registry: promoting {} to production despite the gate (--force): {}",
                   candidate.id, finding);
      change.forced = true;
      change.gate_message = std::move(finding);
    }
  }
  ATTRITION_RETURN_IF_ERROR(MoveAlias(store, AliasEvent{.alias = options.to,
                                                        .action = "promote",
                                                        .version = candidate.id,
                                                        .previous = change.previous,
                                                        .forced = change.forced}));
  change.changed = true;
  spdlog::info("registry: {} is now {} (was {})", ToString(options.to), candidate.id,
               change.previous.empty() ? "not set" : change.previous);
  return change;
}

Result<AliasChange> Registry::Rollback(Alias alias) const {
  const AliasStore store(AliasesDir(root_));
  const auto current_or_refusal = [&]() -> Result<std::string> {
    ATTRITION_ASSIGN_OR_RETURN(std::optional<std::string> current, store.Read(alias));
    if (!current) {
      return Status::FailedPrecondition("cannot roll back " + std::string(ToString(alias)) +
                                        ": no model version has been promoted to it");
    }
    return *current;
  };
  // Checked before locking too: a registry never promoted to has no lock file to take.
  ATTRITION_RETURN_IF_ERROR(current_or_refusal().status());
  ATTRITION_ASSIGN_OR_RETURN(FileLock lock, FileLock::Acquire(LockFile(root_)));
  ATTRITION_ASSIGN_OR_RETURN(const std::string current, current_or_refusal());
  ATTRITION_ASSIGN_OR_RETURN(std::vector<AliasEvent> history, store.History());
  const std::optional<std::string> target = RollbackTarget(history, alias, current);
  if (!target) {
    return Status::FailedPrecondition("cannot roll back " + std::string(ToString(alias)) + ": " +
                                      current +
                                      " is the first version it ever pointed at, so there is "
                                      "no previous version to return to");
  }
  ATTRITION_RETURN_IF_ERROR(Get(*target).status().WithContext(
      "cannot roll back " + std::string(ToString(alias)) + " to " + *target));
  ATTRITION_RETURN_IF_ERROR(MoveAlias(
      store,
      AliasEvent{.alias = alias, .action = "rollback", .version = *target, .previous = current}));
  spdlog::info("registry: rolled {} back from {} to {}", ToString(alias), current, *target);
  return AliasChange{.alias = alias, .version = *target, .previous = current, .changed = true};
}

}  // namespace attrition::registry
