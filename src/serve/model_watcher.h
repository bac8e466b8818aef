// ModelWatcher: loads the configured model into a ModelSlot and, for an alias, keeps
// following it: a background thread reads the alias file every poll interval and, when
// it names another version, loads that version and publishes it. A version that fails to
// load leaves the current model in place; the failure is logged once and retried every
// few seconds while the alias still names it.
//
// Thread safety: the methods may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "attrition/registry.h"
#include "attrition/status.h"
#include "serve/model_slot.h"

namespace attrition::serve {

struct ModelSource {
  std::filesystem::path artifacts_dir;  // registry mode
  std::string reference;                // "production", "staging" or a version id
  std::filesystem::path model_dir;      // directory mode when not empty
};

class ModelWatcher {
 public:
  ModelWatcher(ModelSlot& slot, ModelSource source, std::chrono::milliseconds poll_interval);
  ~ModelWatcher();  // Stop()

  // The first load, on the caller's thread. NotFound for a version id or directory that
  // does not exist and InvalidArgument for an unusable registry path; an alias that is
  // not set, or a version that fails to load, is logged and left to the poller (OK).
  Status LoadInitial();

  // Starts polling when the reference is an alias; otherwise does nothing.
  void StartPolling();
  void Stop();

  const ModelSource& source() const { return source_; }
  uint64_t swaps() const { return swaps_.load(std::memory_order_relaxed); }
  uint64_t load_failures() const { return load_failures_.load(std::memory_order_relaxed); }
  // Why the slot is empty or the last load failed; "" when the last load succeeded.
  std::string last_error() const;

 private:
  void PollLoop();
  void PollOnce();
  // Loads registry version `version` and publishes it. Logs either way.
  Status LoadVersion(const std::string& version);
  void SetError(std::string error);

  ModelSlot& slot_;
  const ModelSource source_;
  const std::chrono::milliseconds poll_interval_;
  std::optional<registry::Registry> registry_;
  std::optional<registry::Alias> alias_;

  std::string failed_version_;  // poller thread only
  std::chrono::steady_clock::time_point failed_at_;
  bool warned_unset_ = false;

  std::atomic<uint64_t> swaps_{0};
  std::atomic<uint64_t> load_failures_{0};
  mutable std::mutex mutex_;  // guards last_error_, stop_
  std::string last_error_;
  bool stop_ = false;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace attrition::serve
