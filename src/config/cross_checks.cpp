// Rules that relate several train keys (SPEC 6).
#include <fmt/format.h>

#include <map>
#include <set>

#include "config/sections.h"
#include "config/training_window.h"

namespace attrition::config::internal {
namespace {

using Locations = std::map<std::string, SourceLocation, std::less<>>;

// The location of `path`, else of its nearest parent in the file (a default split's
// months point at the train section).
SourceLocation At(const Locations& where, std::string path) {
  while (!path.empty()) {
    const auto it = where.find(path);
    if (it != where.end()) return it->second;
    const size_t cut = path.find_last_of(".[");
    if (cut == std::string::npos) break;
    path.resize(cut);
  }
  return SourceLocation{};
}

std::string Item(std::string_view list, size_t i) { return ItemPath(list, i); }

void CheckFeatures(const TrainConfig& t, const TrainFieldsRead& read, const Locations& where,
                   Diagnostics* diags) {
  std::map<std::string_view, size_t> first;
  for (size_t i = 0; i < t.features.size(); ++i) {
    const std::string& f = t.features[i];
    const std::string path = Item("train.features", i);
    if (read.target && f == t.target) {
      // The seed lists its target here; the feature plan splits it off (SPEC 7 step 2).
      diags->Warning(At(where, path), path,
                     "lists the target " + f + "; it is split off and never a model feature");
    }
    const auto [it, inserted] = first.emplace(f, i);
    if (!inserted) {
      diags->Error(At(where, path), path,
                   fmt::format("got {} again (first at {}), expected each feature once", f,
                               Item("train.features", it->second)));
    }
  }
  const std::set<std::string_view> dropped(t.drop.begin(), t.drop.end());
  size_t model_features = 0;
  for (const std::string& f : t.features) {
    model_features += !dropped.contains(f) && !(read.target && f == t.target);
  }
  if (model_features == 0 && (read.drop || read.target)) {
    diags->Error(At(where, "train.features"), "train.features",
                 "leaves no model feature once train.drop and the target are taken out, "
                 "expected at least one");
  }
}

void CheckDrop(const TrainConfig& t, const Locations& where, Diagnostics* diags) {
  const std::set<std::string_view> features(t.features.begin(), t.features.end());
  for (size_t i = 0; i < t.drop.size(); ++i) {
    if (features.contains(t.drop[i])) continue;
    // The seed drops STAGE, which it never selects; the plan ignores such names.
    const std::string path = Item("train.drop", i);
    diags->Warning(At(where, path), path,
                   "got " + t.drop[i] + ", which is not in train.features, so it drops nothing");
  }
}

void CheckRenames(const TrainConfig& t, const Locations& where, Diagnostics* diags) {
  std::map<std::string_view, std::string_view> by_target;
  for (const auto& [from, to] : t.rename_cols) {
    const auto [it, inserted] = by_target.emplace(to, from);
    if (inserted) continue;
    const std::string path = ChildPath("train.rename_cols", from);
    diags->Error(At(where, path), path,
                 fmt::format("renames to {} like {} does, expected each new name once", to,
                             ChildPath("train.rename_cols", it->second)));
  }
}

void CheckDummyCols(const TrainConfig& t, const Locations& where, Diagnostics* diags) {
  for (size_t i = 0; i < t.dummy_cols.size(); ++i) {
    if (t.dummy_cols[i] != t.target) continue;
    const std::string path = Item("train.dummy_cols", i);
    diags->Error(At(where, path), path,
                 "got " + t.target +
                     ", which is train.target, expected columns to one-hot encode (never the "
                     "target)");
  }
}

}  // namespace

void CheckTrainCrossFields(const TrainConfig& train, const TrainFieldsRead& read,
                           const Locations& where, Diagnostics* diags) {
  if (!read.section) return;
  if (read.features) CheckFeatures(train, read, where, diags);
  if (read.features && read.drop) CheckDrop(train, where, diags);
  if (read.rename_cols) CheckRenames(train, where, diags);
  if (read.dummy_cols && read.target) CheckDummyCols(train, where, diags);
  if (read.start_month && read.max_month) {
    TrainConfig window = train;
    // A split that did not read cleanly was reported; check start <= max alone.
    if (!read.split) window.split.mode = SplitMode::kRandomized;
    if (auto problem = FindWindowProblem(window)) {
      diags->Error(At(where, problem->path), problem->path, problem->message);
    }
  }
}

}  // namespace attrition::config::internal
