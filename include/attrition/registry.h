// The model registry (SPEC 8): immutable model versions with lineage, and the aliases
// `production` and `staging` that serving and scoring resolve.
//
// On disk, under the artifacts directory (docs/registry.md has the details):
//   models/<version>/           the model's files plus lineage.json, read-only once written
//   aliases/production          one line: the version it points at (absent = not set)
//   aliases/staging
//   aliases/history.jsonl       append-only log of every alias change
//   .registry.lock              flock()ed while registering or moving an alias
//
// Versions are named v<sequence>-<UTC time>, e.g. v0001-20261127T120501Z: they sort in
// registration order and say when they were made. A version directory appears whole or
// not at all (it is built in a hidden directory beside it and renamed into place) and is
// never changed afterwards: the API has no call that writes into one, its files are
// read-only, and their SHA-256 digests in lineage.json let Verify() detect a change made
// behind the registry's back. An alias moves by writing a new file and renaming it over
// the old one, so a reader sees the old or the new version, never a partial file.
//
// Thread and process safety: every call may run concurrently with any other, in this or
// another process; Register, Promote and Rollback serialise on the lock file, readers
// take no lock. A Registry object is an immutable handle (a path).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attrition/status.h"

namespace attrition::registry {

enum class Alias { kProduction, kStaging };
std::string_view ToString(Alias alias);  // "production", "staging"
std::optional<Alias> ParseAlias(std::string_view text);

// Where the training data came from. Months are "YYYY-MM"; empty when not applicable
// (a randomized split has no test months).
struct TrainingWindow {
  std::string start_month;       // first month trained on
  std::string end_month;         // last month of the training window (max_month)
  std::string test_start_month;  // first test month
  std::string test_end_month;    // last test month
};

// How a version was made, filled by the train command. Every field is optional; what is
// given is recorded as given.
struct Lineage {
  std::string config_hash;       // e.g. "sha256:…" of the effective config
  std::string data_fingerprint;  // e.g. "sha256:…" of the training rows
  std::string dataset;           // the table trained on
  TrainingWindow window;
  int64_t training_rows = 0;  // rows after sampling; 0 = not given
  int64_t test_rows = 0;
  // Library name → version. Register adds "attrition" and "xgboost" when absent.
  std::map<std::string, std::string> library_versions;
  std::string parent_version;  // a version this one was derived from, if any
  std::string run_id;
  std::string environment;  // config `environment`, e.g. "dev"
};

struct RegisterRequest {
  // Directory whose files (and subdirectories) become the version. Copied, not moved; it
  // must not contain lineage.json, which the registry writes.
  std::filesystem::path source_dir;
  // The holdout metric promote compares (higher is better); must be in `metrics`.
  std::string primary_metric = "test_auc";
  std::map<std::string, double> metrics;  // finite values, e.g. {"test_auc", 0.80}
  Lineage lineage;
  // Empty: the next version id. Otherwise this id (v<digits>-<YYYYMMDD>T<HHMMSS>Z), which
  // must not exist yet.
  std::string version;
};

struct FileDigest {
  std::string path;  // relative to the version directory, '/'-separated
  int64_t bytes = 0;
  std::string sha256;
};

// A registered version as recorded in its lineage.json.
struct ModelVersion {
  std::string id;             // "v0001-20261127T120501Z"
  int64_t sequence = 0;       // 1 for v0001-…
  std::filesystem::path dir;  // <artifacts>/models/<id>
  std::string created;        // "2026-11-27T12:05:01Z"
  std::string primary_metric;
  std::map<std::string, double> metrics;
  Lineage lineage;
  std::string production_at_registration;  // the production version then; "" if none
  std::vector<FileDigest> files;           // every file but lineage.json

  // metrics[primary_metric]. REQUIRES: present (Register guarantees it).
  double PrimaryMetricValue() const;
};

// One line of aliases/history.jsonl.
struct AliasEvent {
  std::string time;  // "2026-11-27T12:05:01Z"
  Alias alias = Alias::kProduction;
  std::string action;    // "promote" or "rollback"
  std::string version;   // what the alias points at after the event
  std::string previous;  // what it pointed at before; "" if it was not set
  bool forced = false;   // promoted with --force past a failing gate
  std::string user;      // $USER of the process, "" if unknown
};

struct PromoteOptions {
  Alias to = Alias::kProduction;
  // Promote even when the gate refuses (the event is recorded as forced).
  bool force = false;
  // A candidate whose primary metric is below production's by more than this is refused
  // (config registry.promote_tolerance). The gate applies only to production.
  double tolerance = 0.005;
};

struct AliasChange {
  Alias alias = Alias::kProduction;
  std::string version;       // the alias's version now
  std::string previous;      // before; "" if it was not set
  bool changed = false;      // false when the alias already pointed at `version`
  bool forced = false;       // the gate refused and `force` overrode it
  // When forced, what the gate found: "its test_auc 0.7000 is worse than production
  // v0001-…'s 0.8000 by 0.1000, more than the tolerance 0.005".
  std::string gate_message;
};

class Registry {
 public:
  // A registry rooted at `artifacts_dir` (config artifacts.dir). Creates nothing: reads of
  // a directory that does not exist see no versions and no aliases. IOError when the path
  // exists but is not a directory.
  static Result<Registry> Open(std::filesystem::path artifacts_dir);

  const std::filesystem::path& root() const { return root_; }

  // Copies request.source_dir into a new immutable version and returns it. Errors:
  // InvalidArgument for a missing or empty source_dir, a lineage.json in it, a missing or
  // non-finite primary metric, a malformed version id; FailedPrecondition when
  // request.version already exists; IOError when the file system fails (nothing is left
  // behind but a hidden .import-* directory if the process dies mid-copy).
  Result<ModelVersion> Register(const RegisterRequest& request) const;

  // The id Register would give a version registered now: one past the highest sequence
  // number, with the current UTC time. For a caller that writes the id into the model's
  // files before registering it and passes it as RegisterRequest::version. Another
  // registration may take the id first; Register then refuses it as existing.
  Result<std::string> NextVersionId() const;

  // Every version, oldest first. A directory under models/ that is not a readable version
  // is skipped with a warning in the log.
  Result<std::vector<ModelVersion>> List() const;

  // One version by id. NotFound naming the id; Corruption when its lineage.json is
  // unreadable.
  Result<ModelVersion> Get(std::string_view version) const;

  // `reference` is "production", "staging", a version id, or its sequence alone ("v3" or
  // "v0003"). NotFound when the alias is not set (saying how to set it) or the version does
  // not exist.
  Result<ModelVersion> Resolve(std::string_view reference) const;

  // The version an alias points at, or nullopt when it is not set. Reads one small file,
  // cheap enough to poll for hot swap: serving calls it every second and reloads when the
  // answer changes.
  Result<std::optional<std::string>> AliasTarget(Alias alias) const;

  // Points options.to at `reference` (a version id, or an alias whose version is taken).
  // For production, refuses with FailedPrecondition and a message naming both versions and
  // metrics when the candidate's primary metric is worse than production's by more than
  // options.tolerance, unless options.force. Promoting the current version changes nothing.
  Result<AliasChange> Promote(std::string_view reference, const PromoteOptions& options) const;

  // Points `alias` back at the version it pointed at before its latest promotion (a stack:
  // rolling back twice goes back two promotions). FailedPrecondition when the alias is not
  // set or has no earlier version.
  Result<AliasChange> Rollback(Alias alias = Alias::kProduction) const;

  // Every alias change, oldest first.
  Result<std::vector<AliasEvent>> History() const;

  // Recomputes the digests of `version`'s files: OK when they match lineage.json,
  // Corruption naming the first file that differs or is missing.
  Status Verify(const ModelVersion& version) const;

 private:
  explicit Registry(std::filesystem::path root) : root_(std::move(root)) {}

  // The one version whose id has this sequence; `reference` is what the user typed.
  Result<ModelVersion> GetBySequence(int64_t sequence, std::string_view reference) const;

  std::filesystem::path root_;
};

// The model a command is about to use: `reference` resolved in the registry at
// `artifacts_dir`, its files checked against their registered SHA-256 digests. A NotFound
// becomes "no model to <purpose>: <why>", and for an unset alias "... Train one with
// `attrition train`, then promote it ..." so the user learns how to get one. A modified
// version is Corruption, "refusing to <purpose> model <id>: ..."; other errors pass
// through.
Result<ModelVersion> ResolveModelToUse(const std::filesystem::path& artifacts_dir,
                                       std::string_view reference, std::string_view purpose);

// The versions of the libraries that shape a model: "attrition" and "xgboost".
std::map<std::string, std::string> CurrentLibraryVersions();

// `version` as its lineage.json holds it (pretty JSON, docs/registry.md), for tools.
std::string ToJson(const ModelVersion& version);

}  // namespace attrition::registry
