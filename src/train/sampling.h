// Re-balancing the fit set (SPEC 7 step 4), after validation rows were held out:
//   down: all minority-class rows plus as many majority rows drawn without replacement;
//   up:   all rows plus minority rows drawn with replacement until the classes are even;
//   none: the fit rows as they are.
// The result is sorted by row (repeats adjacent), so the fit matrix keeps table order.
// Thread-safe (pure function).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "attrition/config.h"
#include "attrition/status.h"

namespace attrition::train {

struct SampleOptions {
  config::Sampling mode = config::Sampling::kDown;
  uint64_t seed = 42;
};

// `rows` are the fit rows (ascending); labels[row] is 0 or 1. InvalidArgument naming the
// missing class when the fit rows hold only one class.
Result<std::vector<size_t>> SampleFitRows(std::span<const size_t> rows,
                                          std::span<const float> labels,
                                          const SampleOptions& options);

}  // namespace attrition::train
