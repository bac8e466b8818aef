// ModelSlot: the model every request is scored with, swapped atomically by the watcher.
//
// Readers on the hot path do not touch the shared pointer's reference count on every
// request: each I/O thread keeps a ModelSlot::Reader that re-reads the slot only when
// the slot's generation number changed (one relaxed-contention atomic load per request).
// A request holds its model for its whole duration, so an in-flight request finishes on
// the model it started with even if a swap happens meanwhile.
//
// Thread safety: Publish and Current may be called from any thread; a Reader belongs to
// one thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "serve/serving_model.h"

namespace attrition::serve {

class ModelSlot {
 public:
  // Replaces the model (nullptr: none). Requests that start afterwards see `model`.
  void Publish(std::shared_ptr<const ServingModel> model) {
    model_.store(std::move(model), std::memory_order_release);
    generation_.fetch_add(1, std::memory_order_release);
  }

  std::shared_ptr<const ServingModel> Current() const {
    return model_.load(std::memory_order_acquire);
  }

  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

  class Reader {
   public:
    explicit Reader(const ModelSlot& slot) : slot_(slot) {}
    // The slot's model as of now; the reference stays valid until the next Get().
    const std::shared_ptr<const ServingModel>& Get() {
      const uint64_t generation = slot_.generation();
      if (generation != generation_) {
        cached_ = slot_.Current();
        generation_ = generation;
      }
      return cached_;
    }

   private:
    const ModelSlot& slot_;
    uint64_t generation_ = ~uint64_t{0};
    std::shared_ptr<const ServingModel> cached_;
  };

 private:
  std::atomic<std::shared_ptr<const ServingModel>> model_;
  std::atomic<uint64_t> generation_{0};
};

}  // namespace attrition::serve
