// What `attrition models` prints: readable tables for people, JSON (--json) for scripts.
// docs/registry.md shows both.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "attrition/registry.h"
#include "attrition/status.h"

namespace attrition::cli {

// Alias name ("production") → version id, for the aliases that are set.
using AliasTargets = std::map<std::string, std::string>;

// The aliases of `targets` that point at `version`, comma-separated ("" for none).
std::string AliasesOf(const AliasTargets& targets, const std::string& version);

// Version id → Registry::Verify's answer, for every listed version.
using Integrity = std::map<std::string, Status>;

// The table, then one warning line per version whose files were modified.
std::string FormatVersionTable(const std::vector<registry::ModelVersion>& versions,
                               const AliasTargets& aliases, const Integrity& integrity,
                               const std::string& models_dir);
std::string VersionsJson(const std::vector<registry::ModelVersion>& versions,
                         const AliasTargets& aliases, const Integrity& integrity);

// `integrity` is Registry::Verify's answer.
std::string FormatVersionDetails(const registry::ModelVersion& version, const AliasTargets& aliases,
                                 const Status& integrity);
std::string VersionJson(const registry::ModelVersion& version, const AliasTargets& aliases,
                        const Status& integrity);

std::string FormatAliasChange(const registry::AliasChange& change, const std::string& verb);
std::string AliasChangeJson(const registry::AliasChange& change);

std::string FormatHistory(const std::vector<registry::AliasEvent>& events);
std::string HistoryJson(const std::vector<registry::AliasEvent>& events);

}  // namespace attrition::cli
