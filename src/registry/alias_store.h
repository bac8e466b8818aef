// The aliases directory: one file per alias holding a version id, and history.jsonl, the
// append-only log of alias changes from which rollback finds the previous version.
//
// Writers must hold the registry lock (see Registry); readers need none, because an alias
// file is only ever replaced by rename().
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "attrition/registry.h"
#include "attrition/status.h"

namespace attrition::registry {

class AliasStore {
 public:
  explicit AliasStore(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // The version `alias` points at, or nullopt when it is not set. Corruption when the file
  // does not hold a version id.
  Result<std::optional<std::string>> Read(Alias alias) const;

  // Points `alias` at `version` atomically. Creates the directory when missing.
  Status Write(Alias alias, const std::string& version) const;

  // Appends one event to history.jsonl.
  Status Append(const AliasEvent& event) const;

  // Every event, oldest first; empty when there is no history yet.
  Result<std::vector<AliasEvent>> History() const;

 private:
  std::filesystem::path dir_;
};

// The version a rollback of `alias` returns to: replaying its history as a stack (a
// promotion pushes, a rollback pops), the newest version below the latest occurrence of
// `current`, skipping entries equal to `current`. Reading the alias file as the truth
// keeps this right even when a crash came between moving the alias and logging it.
// nullopt when there is none.
std::optional<std::string> RollbackTarget(const std::vector<AliasEvent>& history, Alias alias,
                                          const std::string& current);

}  // namespace attrition::registry
