// A progress line for long work: "features: writing PA_SALES_INTERMEDIATE_FEATURES
// 1,234,567 / 4,500,000 rows (27%)", redrawn in place at most 10 times a second when
// stderr is a terminal, silent otherwise (logs carry the milestones instead).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace attrition {

class Progress {
 public:
  // `label` is what is being done; `total` the number of units, 0 when unknown.
  Progress(std::string label, int64_t total, std::string unit = "rows");
  ~Progress();  // clears the line
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Sets the number of units done. Cheap enough to call per row: it redraws only
  // every 100 ms. Not thread-safe.
  void Update(int64_t done) {
    done_ = done;
    if (enabled_ && (done & 0x3fff) == 0) MaybeDraw();
  }
  void Add(int64_t n) { Update(done_ + n); }

  static bool StderrIsTerminal();

 private:
  void MaybeDraw();
  void Draw();

  std::string label_;
  std::string unit_;
  int64_t total_;
  int64_t done_ = 0;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace attrition
