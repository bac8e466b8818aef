#include "registry/file_tree.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "registry/atomic_file.h"
#include "registry/sha256.h"

namespace fs = std::filesystem;

namespace attrition::registry {
namespace {

constexpr size_t kChunk = 1 << 20;

// Reads `from` in chunks, hashing each and, when `to_fd` >= 0, writing it there.
Result<FileDigest> HashAndCopy(const fs::path& from, int to_fd, std::string relative) {
  const int from_fd = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (from_fd < 0) return ErrnoError("cannot open", from, errno);
  std::vector<char> buffer(kChunk);
  Sha256 hash;
  FileDigest digest{.path = std::move(relative)};
  while (true) {
    const ssize_t n = ::read(from_fd, buffer.data(), buffer.size());
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(from_fd);
      return ErrnoError("cannot read", from, error);
    }
    hash.Update(buffer.data(), static_cast<size_t>(n));
    digest.bytes += n;
    for (ssize_t done = 0; to_fd >= 0 && done < n;) {
      const ssize_t written = ::write(to_fd, buffer.data() + done, static_cast<size_t>(n - done));
      if (written < 0 && errno == EINTR) continue;
      if (written < 0) {
        const int error = errno;
        ::close(from_fd);
        return Status::IOError("cannot copy " + from.string() + ": " + std::strerror(error));
      }
      done += written;
    }
  }
  ::close(from_fd);
  digest.sha256 = hash.HexDigest();
  return digest;
}

Result<FileDigest> CopyFile(const fs::path& from, const fs::path& to, std::string relative) {
  const int to_fd = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (to_fd < 0) return ErrnoError("cannot create", to, errno);
  Result<FileDigest> digest = HashAndCopy(from, to_fd, std::move(relative));
  const bool synced = ::fsync(to_fd) == 0;
  const int error = errno;
  ::close(to_fd);
  if (digest.ok() && !synced) return ErrnoError("cannot sync", to, error);
  return digest;
}

}  // namespace

Result<std::vector<FileDigest>> CopyTree(const fs::path& from, const fs::path& to) {
  std::vector<FileDigest> digests;
  std::error_code error;
  for (fs::recursive_directory_iterator it(from, error), end; it != end; it.increment(error)) {
    if (error) break;
    const fs::path relative = it->path().lexically_relative(from);
    const fs::file_status status = it->symlink_status(error);
    if (error) break;
    if (fs::is_directory(status)) {
      if (!fs::create_directory(to / relative, error)) break;
    } else if (fs::is_regular_file(status)) {
      ATTRITION_ASSIGN_OR_RETURN(FileDigest digest,
                                 CopyFile(it->path(), to / relative, relative.generic_string()));
      digests.push_back(std::move(digest));
    } else {
      return Status::InvalidArgument("model files must be regular files or directories; " +
                                     it->path().string() + " is neither");
    }
  }
  if (error) return Status::IOError("cannot copy " + from.string() + ": " + error.message());
  std::sort(digests.begin(), digests.end(),
            [](const FileDigest& a, const FileDigest& b) { return a.path < b.path; });
  return digests;
}

Result<FileDigest> DigestFile(const fs::path& root, const fs::path& relative) {
  return HashAndCopy(root / relative, -1, relative.generic_string());
}

Status SealTree(const fs::path& dir) {
  std::vector<fs::path> dirs{dir};
  std::error_code error;
  for (fs::recursive_directory_iterator it(dir, error), end; it != end; it.increment(error)) {
    if (error) break;
    if (it->is_directory(error)) {
      dirs.push_back(it->path());
    } else if (::chmod(it->path().c_str(), 0444) != 0) {
      return ErrnoError("cannot make read-only", it->path(), errno);
    }
  }
  if (error) return Status::IOError("cannot list " + dir.string() + ": " + error.message());
  // Deepest first, so each directory is synced after its entries are final.
  for (auto it = dirs.rbegin(); it != dirs.rend(); ++it) {
    ATTRITION_RETURN_IF_ERROR(SyncDirectory(*it));
    if (::chmod(it->c_str(), 0555) != 0) return ErrnoError("cannot make read-only", *it, errno);
  }
  return Status::OK();
}

void RemoveTree(const fs::path& dir) {
  std::error_code error;
  ::chmod(dir.c_str(), 0755);
  for (fs::recursive_directory_iterator it(dir, error), end; !error && it != end;
       it.increment(error)) {
    if (it->is_directory(error)) ::chmod(it->path().c_str(), 0755);
  }
  fs::remove_all(dir, error);
}

}  // namespace attrition::registry
