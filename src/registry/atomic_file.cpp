#include "registry/atomic_file.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <utility>

namespace attrition::registry {
namespace {

// Writes all of `data` to `fd`.
bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

std::string TempSuffix() {
  std::random_device random;
  return ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(random());
}

}  // namespace

Status ErrnoError(std::string_view what, const std::filesystem::path& path, int error) {
  return Status::IOError(std::string(what) + " " + path.string() + ": " + std::strerror(error));
}

Status WriteFileAtomically(const std::filesystem::path& path, std::string_view contents) {
  const std::filesystem::path temp =
      path.parent_path() / ("." + path.filename().string() + TempSuffix());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError("cannot create", temp, errno);
  if (!WriteAll(fd, contents) || ::fsync(fd) != 0) {
    const int error = errno;
    ::close(fd);
    ::unlink(temp.c_str());
    return ErrnoError("cannot write", temp, error);
  }
  ::close(fd);
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    return ErrnoError("cannot rename a temporary file onto", path, error);
  }
  return SyncDirectory(path.parent_path());
}

Result<std::optional<std::string>> ReadFileIfExists(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::optional<std::string>();
    return ErrnoError("cannot open", path, errno);
  }
  std::string contents;
  char buffer[1 << 16];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      return ErrnoError("cannot read", path, error);
    }
    contents.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return std::optional<std::string>(std::move(contents));
}

Status AppendLine(const std::filesystem::path& path, std::string_view line) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError("cannot open", path, errno);
  std::string record(line);
  record += '\n';
  const bool ok = WriteAll(fd, record) && ::fsync(fd) == 0;
  const int error = errno;
  ::close(fd);
  if (!ok) return ErrnoError("cannot append to", path, error);
  return Status::OK();
}

Status SyncDirectory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoError("cannot open directory", dir, errno);
  const bool ok = ::fsync(fd) == 0;
  const int error = errno;
  ::close(fd);
  if (!ok) return ErrnoError("cannot sync directory", dir, error);
  return Status::OK();
}

Status RenameNoReplace(const std::filesystem::path& from, const std::filesystem::path& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) {
    return Status::OK();
  }
  int error = errno;
  if (error == EINVAL || error == ENOSYS) {
    // A file system without RENAME_NOREPLACE: check, then rename. Callers hold the
    // registry lock, so nothing registry-made appears in between.
    if (::access(to.c_str(), F_OK) == 0)
      error = EEXIST;
    else if (::rename(from.c_str(), to.c_str()) == 0)
      return Status::OK();
    else
      error = errno;
  }
  if (error == EEXIST || error == ENOTEMPTY) {
    return Status::FailedPrecondition(to.string() + " already exists");
  }
  return ErrnoError("cannot rename " + from.string() + " to", to, error);
}

Result<FileLock> FileLock::Acquire(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError("cannot open lock file", path, errno);
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    const int error = errno;
    ::close(fd);
    return ErrnoError("cannot lock", path, error);
  }
  return FileLock(fd);
}

FileLock::FileLock(FileLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases the lock
}

}  // namespace attrition::registry
