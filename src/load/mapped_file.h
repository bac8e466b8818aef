// A read-only view of a whole file's bytes, memory-mapped so a multi-gigabyte CSV costs
// address space rather than heap, and can be scanned twice (type inference, then load).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "attrition/status.h"

namespace attrition::load {

class MappedFile {
 public:
  // Maps `path` read-only. NotFound when it does not exist; IOError naming the path for
  // anything else (a directory, no permission). An empty file maps to an empty view.
  static Result<MappedFile> Open(const std::string& path);

  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  // Valid while this object lives.
  std::string_view bytes() const { return {data_, size_}; }

 private:
  MappedFile(const char* data, size_t size) : data_(data), size_(size) {}

  const char* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace attrition::load
