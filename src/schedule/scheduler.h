// Scheduler: the loop behind `attrition run` (SPEC 12). It fires each job as a child
// process at the minutes its cron expression names, in the process time zone (see
// civil_time.h).
//
// Contracts:
//  * A job never overlaps itself: a tick that comes while the job's previous run is still
//    going is skipped and reported, not queued.
//  * A failed run (non-zero exit, killed by a signal, could not start) is reported through
//    on_finish and the job simply waits for its next tick; the scheduler keeps running.
//  * Jobs are child processes, so a crash in a job cannot take the scheduler down, and the
//    job's own command reports its result (logs, notifications) as when run by hand.
//
// Thread safety: one Run() at a time; `stop` may be set from a signal handler.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "attrition/status.h"
#include "config/cron.h"
#include "schedule/civil_time.h"

namespace attrition::schedule {

struct Job {
  std::string name;        // "score", "train": for messages
  std::string expression;  // the cron text as configured, for messages
  config::CronSchedule schedule;
  std::vector<std::string> argv;  // argv[0] is the program's path
};

struct JobOutcome {
  std::string job;
  Clock::time_point tick;   // the scheduled minute this run belongs to
  bool succeeded = false;   // exited with status 0
  int exit_code = -1;       // -1 unless it exited
  int signal = 0;           // the signal that killed it, 0 if none
  double seconds = 0;       // real wall time of the run
  std::string description;  // "exited with status 2", "killed by signal 9 (Killed)", ...
};

struct SchedulerOptions {
  // The scheduler's clock starts at `start` (default: now) and runs `time_scale` times as
  // fast as real time: a rehearsal of tomorrow's 13:00 run without waiting for it.
  std::optional<Clock::time_point> start;
  double time_scale = 1;
  int max_runs = 0;  // return after this many finished runs; 0 = until stopped
};

class Scheduler {
 public:
  using FinishCallback = std::function<void(const JobOutcome&)>;
  using SkipCallback = std::function<void(const std::string& job, Clock::time_point tick)>;

  Scheduler(std::vector<Job> jobs, SchedulerOptions options, FinishCallback on_finish,
            SkipCallback on_skip = nullptr);

  // The next tick of every job from the scheduler's clock now, in job order.
  Result<std::vector<Clock::time_point>> NextTicks() const;

  // Fires jobs until `stop` becomes true (checked every 100 ms of real time) or max_runs
  // runs have finished. On stop, running children get SIGTERM and are waited for.
  // InvalidArgument when a job's expression never matches.
  Status Run(const std::atomic<bool>& stop);

 private:
  Clock::time_point Now() const;

  std::vector<Job> jobs_;
  SchedulerOptions options_;
  FinishCallback on_finish_;
  SkipCallback on_skip_;
  std::chrono::steady_clock::time_point real_start_;
  Clock::time_point clock_start_;
};

}  // namespace attrition::schedule
