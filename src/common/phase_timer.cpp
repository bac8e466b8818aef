#include "attrition/phase_timer.h"

#include <spdlog/spdlog.h>

namespace attrition {

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

namespace {

double CpuSecondsSince(std::clock_t start) {
  return static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
}

}  // namespace

PhaseTimer::PhaseTimer(std::string job)
    : job_(std::move(job)), started_wall_(std::chrono::steady_clock::now()),
      wall_(started_wall_), started_cpu_(std::clock()), cpu_(started_cpu_) {}

void PhaseTimer::Restart() {
  wall_ = std::chrono::steady_clock::now();
  cpu_ = std::clock();
}

void PhaseTimer::Lap(const char* phase) {
  spdlog::debug("{}: {}: {:.3f} s wall, {:.3f} s CPU", job_, phase, SecondsSince(wall_),
                CpuSecondsSince(cpu_));
  Restart();
}

void PhaseTimer::LogTotal() const {
  spdlog::debug("{}: total {:.3f} s wall, {:.3f} s CPU", job_, SecondsSince(started_wall_),
                CpuSecondsSince(started_cpu_));
}

}  // namespace attrition
