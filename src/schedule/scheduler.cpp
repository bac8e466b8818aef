#include "schedule/scheduler.h"

#include <signal.h>
#include <spawn.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

extern char** environ;

namespace attrition::schedule {
namespace {

struct RunningChild {
  pid_t pid = 0;
  Clock::time_point tick;
  std::chrono::steady_clock::time_point started;
};

// Starts argv as a child that inherits stdout and stderr. The error names the program.
Result<pid_t> Spawn(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, argv.front().c_str(), nullptr, nullptr, args.data(), environ);
  if (rc != 0) {
    return Status::IOError("could not start " + argv.front() + ": " + std::strerror(rc));
  }
  return pid;
}

std::string Describe(int wait_status) {
  if (WIFEXITED(wait_status)) return "exited with status " + std::to_string(WEXITSTATUS(wait_status));
  if (WIFSIGNALED(wait_status)) {
    const int sig = WTERMSIG(wait_status);
    return "killed by signal " + std::to_string(sig) + " (" + ::strsignal(sig) + ")";
  }
  return "ended with wait status " + std::to_string(wait_status);
}

}  // namespace

Scheduler::Scheduler(std::vector<Job> jobs, SchedulerOptions options, FinishCallback on_finish,
                     SkipCallback on_skip)
    : jobs_(std::move(jobs)),
      options_(options),
      on_finish_(std::move(on_finish)),
      on_skip_(std::move(on_skip)),
      real_start_(std::chrono::steady_clock::now()),
      clock_start_(options.start.value_or(Clock::now())) {}

Clock::time_point Scheduler::Now() const {
  const auto real = std::chrono::steady_clock::now() - real_start_;
  const auto scaled = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(real) * options_.time_scale);
  return clock_start_ + scaled;
}

Result<std::vector<Clock::time_point>> Scheduler::NextTicks() const {
  std::vector<Clock::time_point> ticks;
  const Clock::time_point now = Now();
  for (const Job& job : jobs_) {
    Result<Clock::time_point> next = NextFireTime(job.schedule, now);
    if (!next.ok()) {
      return Status::InvalidArgument("schedule." + job.name + " '" + job.expression +
                                     "': " + next.status().message());
    }
    ticks.push_back(*next);
  }
  return ticks;
}

Status Scheduler::Run(const std::atomic<bool>& stop) {
  ATTRITION_ASSIGN_OR_RETURN(std::vector<Clock::time_point> next, NextTicks());
  std::vector<RunningChild> running(jobs_.size());
  int finished = 0;
  const auto running_count = [&running] {
    return static_cast<int>(std::count_if(running.begin(), running.end(),
                                          [](const RunningChild& c) { return c.pid != 0; }));
  };

  const auto finish = [&](size_t j, bool succeeded, int exit_code, int sig, std::string text) {
    JobOutcome outcome{.job = jobs_[j].name,
                       .tick = running[j].tick,
                       .succeeded = succeeded,
                       .exit_code = exit_code,
                       .signal = sig,
                       .seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                                                running[j].started)
                                      .count(),
                       .description = std::move(text)};
    running[j] = RunningChild{};
    ++finished;
    if (on_finish_) on_finish_(outcome);
  };

  for (;;) {
    for (size_t j = 0; j < jobs_.size(); ++j) {
      if (running[j].pid == 0) continue;
      int wait_status = 0;
      const pid_t done = ::waitpid(running[j].pid, &wait_status, WNOHANG);
      if (done == running[j].pid) {
        const bool ok = WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0;
        finish(j, ok, WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1,
               WIFSIGNALED(wait_status) ? WTERMSIG(wait_status) : 0, Describe(wait_status));
      }
    }
    if (options_.max_runs > 0 && finished >= options_.max_runs && running_count() == 0) {
      return Status::OK();
    }
    if (stop.load()) {
      for (RunningChild& child : running) {
        if (child.pid == 0) continue;
        spdlog::info("run: stopping; waiting for the running job (pid {})", child.pid);
        ::kill(child.pid, SIGTERM);
        int wait_status = 0;
        while (::waitpid(child.pid, &wait_status, 0) < 0 && errno == EINTR) {
        }
      }
      return Status::OK();
    }

    const Clock::time_point now = Now();
    for (size_t j = 0; j < jobs_.size(); ++j) {
      if (next[j] > now) continue;
      const Clock::time_point tick = next[j];
      // After a long stall (suspended machine) fire once, then continue from now.
      Result<Clock::time_point> after = NextFireTime(jobs_[j].schedule, std::max(tick, now));
      if (!after.ok()) return after.status();
      next[j] = *after;
      if (options_.max_runs > 0 && finished + running_count() >= options_.max_runs) {
        continue;  // enough runs started; let them finish
      }
      if (running[j].pid != 0) {
        spdlog::warn("run: {} tick of {} skipped: the run of {} is still going", jobs_[j].name,
                     FormatCivil(tick), FormatCivil(running[j].tick));
        if (on_skip_) on_skip_(jobs_[j].name, tick);
        continue;
      }
      spdlog::info("run: starting {} for the {} tick", jobs_[j].name, FormatCivil(tick));
      running[j].tick = tick;
      running[j].started = std::chrono::steady_clock::now();
      Result<pid_t> pid = Spawn(jobs_[j].argv);
      if (!pid.ok()) {
        finish(j, false, -1, 0, pid.status().message());
        continue;
      }
      running[j].pid = *pid;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace attrition::schedule
