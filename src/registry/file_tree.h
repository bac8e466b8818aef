// Copying a model's directory into the registry and sealing it: every copied file is
// hashed on the way (SHA-256) and fsync()ed; sealing removes every write bit.
#pragma once

#include <filesystem>
#include <vector>

#include "attrition/registry.h"
#include "attrition/status.h"

namespace attrition::registry {

// Copies the regular files and directories under `from` into the existing empty directory
// `to`, returning each file's digest sorted by path. InvalidArgument for a symbolic link
// or special file (a model is plain files); IOError naming the path otherwise.
Result<std::vector<FileDigest>> CopyTree(const std::filesystem::path& from,
                                         const std::filesystem::path& to);

// The digest of one file, its path given relative to `root`.
Result<FileDigest> DigestFile(const std::filesystem::path& root,
                              const std::filesystem::path& relative);

// Files become 0444 and directories 0555, deepest first, then everything is fsync()ed.
Status SealTree(const std::filesystem::path& dir);

// Gives the owner write permission on every directory again and removes `dir` (cleaning
// up a failed import). Best effort: errors are ignored.
void RemoveTree(const std::filesystem::path& dir);

}  // namespace attrition::registry
