// ScoredMonth: the rows of one scored month, column by column — what monitoring
// (forecast, inference profile, drift) needs of PA_INFERENCE_RESULTS. Batch scoring
// collects them while it writes an unsharded run, so monitoring need not read back the
// rows it has just written; otherwise monitoring reads them from the table. Both ways
// give the same values in the same order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace attrition {

struct ScoredMonth {
  std::string month;  // 'YYYY-MM'
  // Per segment column (the model's dummy_cols): each row's category as an index into
  // segment_values (NULL is "UNKNOWN"). Speed: a code per row instead of a string per row.
  std::vector<std::vector<uint32_t>> segments;
  std::vector<std::vector<std::string>> segment_values;  // per segment column, first-seen order
  // Per model feature, each row's value as stored in the table (NULL = NaN, no -0).
  std::vector<std::vector<float>> features;
  std::vector<double> probs;  // PROBS, one per row
  size_t size() const { return probs.size(); }
};

// The rows of a run's months and the names of their columns.
struct ScoredRows {
  std::vector<std::string> segment_columns;
  std::vector<std::string> feature_columns;
  std::vector<ScoredMonth> months;  // newest first
};

}  // namespace attrition
