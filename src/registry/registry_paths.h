// Where the registry keeps things under the artifacts directory (docs/registry.md).
#pragma once

#include <filesystem>

namespace attrition::registry {

inline constexpr const char* kLineageFile = "lineage.json";

inline std::filesystem::path ModelsDir(const std::filesystem::path& root) {
  return root / "models";
}
inline std::filesystem::path AliasesDir(const std::filesystem::path& root) {
  return root / "aliases";
}
inline std::filesystem::path LockFile(const std::filesystem::path& root) {
  return root / ".registry.lock";
}

}  // namespace attrition::registry
