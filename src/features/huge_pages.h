// Allocation of the pipeline's large arrays (source rows, events, timelines, hash tables).
//
// Allocations of 4 MiB or more are aligned to 2 MiB and marked MADV_HUGEPAGE, so touching
// them costs one page fault per 2 MiB rather than one per 4 KiB. On the 2-core VM of the
// benchmarks, faulting in the 243 MB of timelines of 100k customers took 1.3 s with 4 KiB
// pages and 0.04 s with huge pages. Smaller allocations come from operator new. Where
// transparent huge pages are off, the advice is ignored and nothing changes.
#pragma once

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace attrition::features {

// Allocates `bytes` (see above). Never returns null: throws std::bad_alloc.
void* AllocateLarge(size_t bytes);
void FreeLarge(void* pointer, size_t bytes) noexcept;

template <typename T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}  // NOLINT: rebinding
  T* allocate(size_t n) { return static_cast<T*>(AllocateLarge(n * sizeof(T))); }
  void deallocate(T* p, size_t n) noexcept { FreeLarge(p, n * sizeof(T)); }
  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const { return true; }
};

// A std::vector whose large buffers use huge pages.
template <typename T>
using BigVector = std::vector<T, HugePageAllocator<T>>;

// A fixed-size array of a trivial type, left uninitialised so that whichever thread fills
// a part of it is the one that first touches (faults in) that part. Move-only.
template <typename T>
class LargeArray {
  static_assert(std::is_trivially_default_constructible_v<T> &&
                std::is_trivially_destructible_v<T>);

 public:
  LargeArray() = default;
  explicit LargeArray(size_t size)
      : data_(size ? static_cast<T*>(AllocateLarge(size * sizeof(T))) : nullptr), size_(size) {}
  LargeArray(LargeArray&& other) noexcept : data_(other.data_), size_(other.size_) {
    other.data_ = nullptr;
    other.size_ = 0;
  }
  LargeArray& operator=(LargeArray&& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    return *this;
  }
  ~LargeArray() {
    if (data_ != nullptr) FreeLarge(data_, size_ * sizeof(T));
  }
  T* data() { return data_; }
  const T* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  T* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace attrition::features
