// The JSON forms of a version's lineage.json and of one line of aliases/history.jsonl
// (both documented in docs/registry.md). Writers produce stable, pretty output; readers
// accept any field order, ignore unknown fields (newer writers may add some) and report
// a missing or mistyped required field as Corruption naming the file.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "attrition/registry.h"
#include "attrition/status.h"

namespace attrition::registry {

inline constexpr int kLineageFormatVersion = 1;

// lineage.json of `version` (its `dir` is not written: it is wherever the file is).
std::string LineageToJson(const ModelVersion& version);

// Parses lineage.json text; `file` names it in errors and `dir` becomes version.dir.
Result<ModelVersion> LineageFromJson(std::string_view text, const std::filesystem::path& file,
                                     const std::filesystem::path& dir);

// One history line, without the newline.
std::string AliasEventToJson(const AliasEvent& event);

// `line_number` (1-based) and `file` name a bad line in errors.
Result<AliasEvent> AliasEventFromJson(std::string_view line, const std::filesystem::path& file,
                                      int line_number);

}  // namespace attrition::registry
