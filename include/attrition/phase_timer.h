// Wall and process-CPU seconds of the phases of a long job, for the debug log (-v):
//   PhaseTimer timer("score");  ...  timer.Lap("read and score");
// logs "score: read and score: 1.234 s wall, 2.345 s CPU". CPU is the whole process's
// (std::clock), so a phase that keeps both cores busy shows about twice its wall time.
#pragma once

#include <chrono>
#include <ctime>
#include <string>

namespace attrition {

// Wall seconds from `start` to now.
double SecondsSince(std::chrono::steady_clock::time_point start);

class PhaseTimer {
 public:
  explicit PhaseTimer(std::string job);

  // Restarts the clock without recording the time since the last lap.
  void Restart();
  // Logs the time since the last Lap or Restart as `phase`, then restarts.
  void Lap(const char* phase);
  // Logs the time since construction as "total".
  void LogTotal() const;

 private:
  std::string job_;
  std::chrono::steady_clock::time_point started_wall_, wall_;
  std::clock_t started_cpu_, cpu_;
};

}  // namespace attrition
