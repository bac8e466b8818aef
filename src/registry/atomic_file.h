// The file-system steps that make the registry safe against crashes and concurrent
// writers: atomic replacement, no-replace renames, appends, fsync and an flock()ed lock.
// All paths are used as given; every error names the path and the system's reason.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "attrition/status.h"

namespace attrition::registry {

// Replaces `path` by a file holding `contents`: written to a temporary file in the same
// directory, fsync()ed, renamed over `path`, and the directory fsync()ed. A reader sees
// the old contents or the new, never a mix.
Status WriteFileAtomically(const std::filesystem::path& path, std::string_view contents);

// The whole of a small file, or nullopt when it does not exist.
Result<std::optional<std::string>> ReadFileIfExists(const std::filesystem::path& path);

// Appends `line` and a newline to `path` (created when missing) with one write() in
// O_APPEND mode, then fsync()s.
Status AppendLine(const std::filesystem::path& path, std::string_view line);

// Makes the entries of `dir` durable.
Status SyncDirectory(const std::filesystem::path& dir);

// Renames `from` to `to` unless `to` exists: FailedPrecondition then, naming `to`.
Status RenameNoReplace(const std::filesystem::path& from, const std::filesystem::path& to);

// An exclusive flock() on a lock file, held until destruction. Blocks until acquired.
// Works across processes; within a process, each FileLock opens its own descriptor, so
// two threads also exclude each other.
class FileLock {
 public:
  static Result<FileLock> Acquire(const std::filesystem::path& path);
  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&&) = delete;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// "<what> <path>: <strerror(errno)>" as an IOError.
Status ErrnoError(std::string_view what, const std::filesystem::path& path, int error);

}  // namespace attrition::registry
