// ScoredMonth: the rows of one scored month, column by column — what monitoring
// (forecast, inference profile, drift) needs of PA_INFERENCE_RESULTS. Batch scoring
// collects them while it writes an unsharded run, so monitoring need not read back the
// rows it has just written; otherwise monitoring reads them from the table. Both ways
// give the same values in the same order.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
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
  // Per row, its MODEL_VERSION as an index into model_versions. Empty when the rows were
  // collected while one run wrote them (all of that run's version); read back from the
  // table, a month can hold the rows of shards scored with different versions.
  std::vector<uint32_t> version_codes;
  std::vector<std::string> model_versions;  // first-seen order
  size_t size() const { return probs.size(); }
};

// Builds ScoredMonths row by row, coding the segments; the one way both the score run
// (while it writes) and monitoring (reading the table back) fill them.
class ScoredMonthsBuilder {
 public:
  // One ScoredMonth per entry of `months` ('YYYY-MM'), each with `segments` segment
  // columns and `features` feature columns, with room for rows_per_month[m] rows when
  // given (speed: 3M rows of 23 features grow no vector).
  ScoredMonthsBuilder(const std::vector<std::string>& months,
                      const std::vector<size_t>& rows_per_month, size_t segments,
                      size_t features);

  // Starts a row of months[slot]. Then set each segment and feature of the row once.
  void BeginRow(size_t slot, double probability);
  // NULL (nullopt) is the category "UNKNOWN".
  void Segment(size_t s, std::optional<std::string_view> category);
  // The row's MODEL_VERSION; set for every row of a month or for none.
  void ModelVersion(std::string_view version);
  // As stored: NaN is NULL; -0 becomes 0.
  void Feature(size_t f, double value) {
    month_->features[f].push_back(static_cast<float>(value) + 0.0f);
  }

  std::vector<ScoredMonth> Finish() && { return std::move(months_); }

 private:
  std::vector<ScoredMonth> months_;
  // Per month slot and segment column: category -> code.
  std::vector<std::vector<std::map<std::string, uint32_t, std::less<>>>> codes_;
  // Per month slot: model version -> code.
  std::vector<std::map<std::string, uint32_t, std::less<>>> version_codes_;
  ScoredMonth* month_ = nullptr;  // of the current row
  size_t slot_ = 0;
};

// The rows of a run's months and the names of their columns.
struct ScoredRows {
  std::vector<std::string> segment_columns;
  std::vector<std::string> feature_columns;
  std::vector<ScoredMonth> months;  // newest first
};

}  // namespace attrition
