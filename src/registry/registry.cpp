// Registry: opening, registering, reading and verifying versions. Alias moves are in
// promotion.cpp.
#include "attrition/registry.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>

#include "registry/alias_store.h"
#include "registry/atomic_file.h"
#include "registry/file_tree.h"
#include "registry/lineage_json.h"
#include "registry/registry_paths.h"
#include "registry/version_id.h"

namespace fs = std::filesystem;

namespace attrition::registry {
namespace {

Status CheckRequest(const RegisterRequest& request) {
  std::error_code error;
  if (!fs::is_directory(request.source_dir, error)) {
    return Status::InvalidArgument("model source " + request.source_dir.string() +
                                   " is not a directory");
  }
  if (fs::is_empty(request.source_dir, error)) {
    return Status::InvalidArgument("model source " + request.source_dir.string() +
                                   " is empty; a version needs the model's files");
  }
  if (fs::exists(request.source_dir / kLineageFile, error)) {
    return Status::InvalidArgument("model source " + request.source_dir.string() + " contains " +
                                   kLineageFile + ", which the registry writes itself");
  }
  const auto primary = request.metrics.find(request.primary_metric);
  if (primary == request.metrics.end()) {
    return Status::InvalidArgument("metrics: the primary metric \"" + request.primary_metric +
                                   "\" is missing; promote compares versions by it");
  }
  for (const auto& [name, value] : request.metrics) {
    if (!std::isfinite(value)) {
      return Status::InvalidArgument("metrics: " + name + " is " + std::to_string(value) +
                                     ", expected a finite number");
    }
  }
  if (!request.version.empty() && !ParseVersionId(request.version)) {
    return Status::InvalidArgument("version: got \"" + request.version +
                                   "\", expected v<number>-<YYYYMMDD>T<HHMMSS>Z such as "
                                   "v0001-20261127T120501Z");
  }
  return Status::OK();
}

// The highest sequence number under models/, 0 when there is none.
int64_t HighestSequence(const fs::path& models) {
  int64_t highest = 0;
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(models, error)) {
    if (auto id = ParseVersionId(entry.path().filename().string())) {
      highest = std::max(highest, id->sequence);
    }
  }
  return highest;
}

std::string ImportDirName(const std::string& id) {
  std::random_device random;
  return ".import-" + id + "-" + std::to_string(::getpid()) + "-" + std::to_string(random());
}

// Builds the version in `staging` (a fresh hidden directory) and renames it into place.
Result<ModelVersion> Import(const RegisterRequest& request, ModelVersion version,
                            const fs::path& staging, const fs::path& final_dir) {
  ATTRITION_ASSIGN_OR_RETURN(version.files, CopyTree(request.source_dir, staging));
  ATTRITION_RETURN_IF_ERROR(WriteFileAtomically(staging / kLineageFile, LineageToJson(version)));
  ATTRITION_RETURN_IF_ERROR(SealTree(staging));
  const Status renamed = RenameNoReplace(staging, final_dir);
  if (renamed.code() == Status::Code::kFailedPrecondition) {
    return Status::FailedPrecondition("model version " + version.id + " already exists in " +
                                      final_dir.parent_path().string() +
                                      "; registered versions never change, so register the new "
                                      "model under a new version");
  }
  ATTRITION_RETURN_IF_ERROR(renamed);
  ATTRITION_RETURN_IF_ERROR(SyncDirectory(final_dir.parent_path()));
  version.dir = final_dir;
  return version;
}

}  // namespace

std::string_view ToString(Alias alias) {
  return alias == Alias::kProduction ? "production" : "staging";
}

std::optional<Alias> ParseAlias(std::string_view text) {
  if (text == "production") return Alias::kProduction;
  if (text == "staging") return Alias::kStaging;
  return std::nullopt;
}

double ModelVersion::PrimaryMetricValue() const { return metrics.at(primary_metric); }

std::string ToJson(const ModelVersion& version) { return LineageToJson(version); }

Result<Registry> Registry::Open(fs::path artifacts_dir) {
  std::error_code error;
  if (fs::exists(artifacts_dir, error) && !fs::is_directory(artifacts_dir, error)) {
    return Status::IOError("artifacts.dir " + artifacts_dir.string() + " is not a directory");
  }
  return Registry(std::move(artifacts_dir));
}

Result<ModelVersion> Registry::Register(const RegisterRequest& request) const {
  ATTRITION_RETURN_IF_ERROR(CheckRequest(request));
  const fs::path models = ModelsDir(root_);
  std::error_code error;
  fs::create_directories(models, error);
  if (error) return Status::IOError("cannot create " + models.string() + ": " + error.message());
  ATTRITION_ASSIGN_OR_RETURN(FileLock lock, FileLock::Acquire(LockFile(root_)));

  const auto now = std::chrono::system_clock::now();
  ModelVersion version;
  version.id =
      request.version.empty() ? FormatVersionId(HighestSequence(models) + 1, now) : request.version;
  version.sequence = ParseVersionId(version.id)->sequence;
  version.created = IsoUtc(now);
  version.primary_metric = request.primary_metric;
  version.metrics = request.metrics;
  version.lineage = request.lineage;
  for (const auto& [name, value] : CurrentLibraryVersions()) {
    version.lineage.library_versions.emplace(name, value);  // the caller's entries win
  }
  ATTRITION_ASSIGN_OR_RETURN(std::optional<std::string> production,
                             AliasStore(AliasesDir(root_)).Read(Alias::kProduction));
  version.production_at_registration = production.value_or("");

  const fs::path final_dir = models / version.id;
  if (fs::exists(final_dir, error)) {
    return Status::FailedPrecondition("model version " + version.id + " already exists in " +
                                      models.string() +
                                      "; registered versions never change, so register the new "
                                      "model under a new version");
  }
  const fs::path staging = models / ImportDirName(version.id);
  if (!fs::create_directory(staging, error)) {
    return Status::IOError("cannot create " + staging.string() + ": " + error.message());
  }
  Result<ModelVersion> imported = Import(request, std::move(version), staging, final_dir);
  if (!imported.ok()) {
    RemoveTree(staging);
    return imported.status();
  }
  spdlog::info("registry: registered {} ({} {:.4f}) in {}", imported->id, imported->primary_metric,
               imported->PrimaryMetricValue(), models.string());
  return imported;
}

Result<std::string> Registry::NextVersionId() const {
  return FormatVersionId(HighestSequence(ModelsDir(root_)) + 1, std::chrono::system_clock::now());
}

Result<ModelVersion> Registry::Get(std::string_view version) const {
  const fs::path dir = ModelsDir(root_) / std::string(version);
  if (!ParseVersionId(version)) {
    return Status::NotFound("\"" + std::string(version) +
                            "\" is neither an alias (production, staging) nor a model version "
                            "id such as v0001-20261127T120501Z");
  }
  const fs::path file = dir / kLineageFile;
  ATTRITION_ASSIGN_OR_RETURN(std::optional<std::string> text, ReadFileIfExists(file));
  if (!text) {
    std::error_code error;
    if (fs::is_directory(dir, error)) {
      return Status::Corruption("model version " + std::string(version) + " in " +
                                ModelsDir(root_).string() + " has no " + kLineageFile);
    }
    return Status::NotFound("model version " + std::string(version) + " does not exist in " +
                            ModelsDir(root_).string() +
                            "; `attrition models list` shows the versions");
  }
  ATTRITION_ASSIGN_OR_RETURN(ModelVersion parsed, LineageFromJson(*text, file, dir));
  if (parsed.id != version) {
    return Status::Corruption(file.string() + " describes version " + parsed.id +
                              ", not the directory's " + std::string(version));
  }
  parsed.sequence = ParseVersionId(parsed.id)->sequence;
  return parsed;
}

Result<ModelVersion> Registry::GetBySequence(int64_t sequence, std::string_view reference) const {
  const fs::path models = ModelsDir(root_);
  std::vector<std::string> matches;
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(models, error)) {
    const std::string name = entry.path().filename().string();
    const std::optional<VersionId> id = ParseVersionId(name);
    if (id && id->sequence == sequence) matches.push_back(name);
  }
  if (matches.empty()) {
    return Status::NotFound("model version " + std::string(reference) + " does not exist in " +
                            models.string() + "; `attrition models list` shows the versions");
  }
  if (matches.size() > 1) {
    std::sort(matches.begin(), matches.end());
    std::string names;
    for (const std::string& name : matches) names += (names.empty() ? "" : ", ") + name;
    return Status::InvalidArgument(std::string(reference) + " names more than one version (" +
                                   names + "); give the whole id");
  }
  return Get(matches.front());
}

Result<std::vector<ModelVersion>> Registry::List() const {
  std::vector<ModelVersion> versions;
  const fs::path models = ModelsDir(root_);
  std::error_code error;
  if (!fs::is_directory(models, error)) return versions;
  for (const fs::directory_entry& entry : fs::directory_iterator(models, error)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with(".")) continue;  // imports in progress, the lock
    Result<ModelVersion> version = Get(name);
    if (!version.ok()) {
      spdlog::warn("registry: skipping {}: {}", entry.path().string(), version.status().message());
      continue;
    }
    versions.push_back(std::move(*version));
  }
  if (error) return Status::IOError("cannot list " + models.string() + ": " + error.message());
  std::sort(versions.begin(), versions.end(), [](const ModelVersion& a, const ModelVersion& b) {
    return a.sequence != b.sequence ? a.sequence < b.sequence : a.id < b.id;
  });
  return versions;
}

Result<std::optional<std::string>> Registry::AliasTarget(Alias alias) const {
  return AliasStore(AliasesDir(root_)).Read(alias);
}

Result<ModelVersion> Registry::Resolve(std::string_view reference) const {
  const std::optional<Alias> alias = ParseAlias(reference);
  if (!alias) {
    const std::optional<int64_t> sequence = ParseVersionSequence(reference);
    return sequence ? GetBySequence(*sequence, reference) : Get(reference);
  }
  ATTRITION_ASSIGN_OR_RETURN(std::optional<std::string> target, AliasTarget(*alias));
  if (!target) {
    return Status::NotFound("no model version is " + std::string(reference) + " yet in " +
                            root_.string() + "; `attrition models promote VERSION --to " +
                            std::string(reference) + "` sets it");
  }
  return Get(*target);
}

Result<ModelVersion> ResolveModelToUse(const std::filesystem::path& artifacts_dir,
                                       std::string_view reference, std::string_view purpose) {
  ATTRITION_ASSIGN_OR_RETURN(Registry registry, Registry::Open(artifacts_dir));
  Result<ModelVersion> version = registry.Resolve(reference);
  if (!version.ok() && version.status().code() == Status::Code::kNotFound) {
    // An unset alias is fixed by training and promoting; a mistyped version by listing.
    const std::string advice =
        ParseAlias(reference) ? ". Train one with `attrition train`, then promote it with "
                                "`attrition models promote VERSION` (or pass --model VERSION)"
                              : "";
    return Status::NotFound("no model to " + std::string(purpose) + ": " +
                            version.status().message() + advice);
  }
  if (!version.ok()) return version.status();
  const Status integrity = registry.Verify(*version);
  if (!integrity.ok()) {
    return integrity.WithContext("refusing to " + std::string(purpose) + " model " +
                                 version->id);
  }
  return version;
}

Result<std::vector<AliasEvent>> Registry::History() const {
  return AliasStore(AliasesDir(root_)).History();
}

Status Registry::Verify(const ModelVersion& version) const {
  for (const FileDigest& recorded : version.files) {
    std::error_code error;
    if (!fs::is_regular_file(version.dir / recorded.path, error)) {
      return Status::Corruption("model version " + version.id + " is missing its file " +
                                recorded.path);
    }
    ATTRITION_ASSIGN_OR_RETURN(FileDigest actual, DigestFile(version.dir, recorded.path));
    if (actual.sha256 != recorded.sha256 || actual.bytes != recorded.bytes) {
      return Status::Corruption("model version " + version.id +
                                " was modified after "
                                "registration: " +
                                recorded.path +
                                " no longer matches the "
                                "SHA-256 in " +
                                kLineageFile);
    }
  }
  return Status::OK();
}

}  // namespace attrition::registry
