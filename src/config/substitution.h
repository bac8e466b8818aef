// ${env:NAME} and ${file:PATH} in config strings (SPEC 6).
#pragma once

#include <filesystem>
#include <string>

#include "attrition/config.h"
#include "config/diagnostics.h"
#include "config/yaml_tree.h"

namespace attrition::config::internal {

// Replaces the references in every scalar under `node` (at YAML path `path`), in place:
// Node::text gets the values, Node::raw keeps what the file said, and Node::substituted
// marks the node so no message shows its text. Each value is added to `secrets`.
//   ${env:NAME}  the environment variable NAME (letters, digits, _), which must be set
//   ${file:PATH} the file's contents without one trailing newline; a relative PATH is
//                resolved against `base_dir` (the config file's directory)
//   $${          a literal "${"
// Problems (unset variable, unreadable file, unknown or unterminated reference) go to
// `diags`; they name the variable or the path, never a value. Map keys are not expanded.
void SubstituteReferences(Node* node, const std::string& path,
                          const std::filesystem::path& base_dir, Secrets* secrets,
                          Diagnostics* diags);

}  // namespace attrition::config::internal
