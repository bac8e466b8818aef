#include "serve/model_watcher.h"

#include <spdlog/spdlog.h>

#include <utility>

namespace attrition::serve {
namespace {

// How long a version that failed to load waits before it is tried again.
constexpr std::chrono::seconds kRetryFailedLoadAfter{5};

double MillisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace

ModelWatcher::ModelWatcher(ModelSlot& slot, ModelSource source,
                           std::chrono::milliseconds poll_interval)
    : slot_(slot), source_(std::move(source)), poll_interval_(poll_interval) {}

ModelWatcher::~ModelWatcher() { Stop(); }

std::string ModelWatcher::last_error() const {
  std::lock_guard lock(mutex_);
  return last_error_;
}

void ModelWatcher::SetError(std::string error) {
  std::lock_guard lock(mutex_);
  last_error_ = std::move(error);
}

Status ModelWatcher::LoadInitial() {
  if (!source_.model_dir.empty()) {
    if (!std::filesystem::is_directory(source_.model_dir)) {
      return Status::NotFound("--model-dir " + source_.model_dir.string() +
                              ": no such directory");
    }
    const auto started = std::chrono::steady_clock::now();
    ATTRITION_ASSIGN_OR_RETURN(
        auto model, LoadServingModel(source_.model_dir, source_.model_dir.filename().string()));
    slot_.Publish(std::move(model));
    spdlog::info("serve: loaded model from {} in {:.0f} ms", source_.model_dir.string(),
                 MillisecondsSince(started));
    return Status::OK();
  }
  ATTRITION_ASSIGN_OR_RETURN(registry::Registry opened,
                             registry::Registry::Open(source_.artifacts_dir));
  registry_.emplace(std::move(opened));
  alias_ = registry::ParseAlias(source_.reference);
  if (!alias_) {
    // A fixed version: it must exist; it never changes.
    ATTRITION_ASSIGN_OR_RETURN(registry::ModelVersion version,
                               registry_->Resolve(source_.reference));
    return LoadVersion(version.id);
  }
  PollOnce();
  return Status::OK();
}

Status ModelWatcher::LoadVersion(const std::string& version) {
  const auto started = std::chrono::steady_clock::now();
  const std::shared_ptr<const ServingModel> previous = slot_.Current();
  // A version whose files changed after registration is not served (nor was it promoted).
  Result<registry::ModelVersion> resolved = registry_->Get(version);
  const Status integrity = resolved.ok() ? registry_->Verify(*resolved) : resolved.status();
  Result<std::shared_ptr<const ServingModel>> loaded =
      integrity.ok() ? LoadServingModel(resolved->dir, version)
                     : Result<std::shared_ptr<const ServingModel>>(integrity);
  if (!loaded.ok()) {
    load_failures_.fetch_add(1, std::memory_order_relaxed);
    if (version != failed_version_) {
      spdlog::error("serve: could not load model {} ({}); still serving {}", version,
                    loaded.status().message(), previous ? previous->version : "nothing");
    }
    failed_version_ = version;
    failed_at_ = std::chrono::steady_clock::now();
    SetError(loaded.status().message());
    return loaded.status();
  }
  slot_.Publish(*loaded);
  failed_version_.clear();
  SetError("");
  if (previous) {
    swaps_.fetch_add(1, std::memory_order_relaxed);
    spdlog::info("serve: swapped model {} -> {} ({} moved; loaded in {:.0f} ms)",
                 previous->version, version, source_.reference, MillisecondsSince(started));
  } else {
    spdlog::info("serve: loaded model {} ({}) in {:.0f} ms", version, source_.reference,
                 MillisecondsSince(started));
  }
  return Status::OK();
}

void ModelWatcher::PollOnce() {
  Result<std::optional<std::string>> target = registry_->AliasTarget(*alias_);
  if (!target.ok()) {
    // A transient read error: keep the current model, try again next poll.
    spdlog::debug("serve: reading alias {}: {}", source_.reference, target.status().message());
    return;
  }
  if (!target->has_value()) {
    if (!warned_unset_) {
      const std::string message = "alias " + source_.reference + " is not set in " +
                                  registry_->root().string() +
                                  " (set it with `attrition models promote VERSION --to " +
                                  source_.reference + "`)";
      spdlog::warn("serve: {}; waiting for it", message);
      if (!slot_.Current()) SetError(message);
      warned_unset_ = true;
    }
    return;
  }
  warned_unset_ = false;
  const std::string& version = **target;
  const std::shared_ptr<const ServingModel> current = slot_.Current();
  if (current && current->version == version) return;
  if (version == failed_version_ &&
      std::chrono::steady_clock::now() - failed_at_ < kRetryFailedLoadAfter) {
    return;
  }
  (void)LoadVersion(version);
}

void ModelWatcher::StartPolling() {
  if (!alias_ || thread_.joinable()) return;
  thread_ = std::thread([this] { PollLoop(); });
}

void ModelWatcher::PollLoop() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    wake_.wait_for(lock, poll_interval_, [this] { return stop_; });
    if (stop_) break;
    lock.unlock();
    PollOnce();
    lock.lock();
  }
}

void ModelWatcher::Stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace attrition::serve
