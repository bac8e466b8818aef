#include "features/huge_pages.h"

#include <sys/mman.h>

#include <cstdlib>

namespace attrition::features {
namespace {
constexpr size_t kHugePage = size_t{2} << 20;
constexpr size_t kThreshold = size_t{4} << 20;
}  // namespace

void* AllocateLarge(size_t bytes) {
  if (bytes < kThreshold) return ::operator new(bytes);
  const size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
  void* p = std::aligned_alloc(kHugePage, rounded);
  if (p == nullptr) throw std::bad_alloc();
  madvise(p, rounded, MADV_HUGEPAGE);  // advice only: failure changes nothing
  return p;
}

void FreeLarge(void* pointer, size_t bytes) noexcept {
  if (bytes < kThreshold) {
    ::operator delete(pointer);
  } else {
    std::free(pointer);
  }
}

}  // namespace attrition::features
