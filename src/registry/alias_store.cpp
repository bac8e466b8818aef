#include "registry/alias_store.h"

#include <algorithm>
#include <filesystem>

#include "registry/atomic_file.h"
#include "registry/lineage_json.h"
#include "registry/version_id.h"

namespace fs = std::filesystem;

namespace attrition::registry {
namespace {

constexpr const char* kHistoryFile = "history.jsonl";

std::string Trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

}  // namespace

Result<std::optional<std::string>> AliasStore::Read(Alias alias) const {
  const fs::path path = dir_ / std::string(ToString(alias));
  ATTRITION_ASSIGN_OR_RETURN(std::optional<std::string> contents, ReadFileIfExists(path));
  if (!contents) return std::optional<std::string>();
  std::string version = Trimmed(std::move(*contents));
  if (!ParseVersionId(version)) {
    return Status::Corruption(path.string() + " holds \"" + version +
                              "\", expected a model version id such as v0001-20261127T120501Z");
  }
  return std::optional<std::string>(std::move(version));
}

Status AliasStore::Write(Alias alias, const std::string& version) const {
  std::error_code error;
  fs::create_directories(dir_, error);
  if (error) return Status::IOError("cannot create " + dir_.string() + ": " + error.message());
  return WriteFileAtomically(dir_ / std::string(ToString(alias)), version + "\n");
}

Status AliasStore::Append(const AliasEvent& event) const {
  std::error_code error;
  fs::create_directories(dir_, error);
  if (error) return Status::IOError("cannot create " + dir_.string() + ": " + error.message());
  return AppendLine(dir_ / kHistoryFile, AliasEventToJson(event));
}

Result<std::vector<AliasEvent>> AliasStore::History() const {
  const fs::path path = dir_ / kHistoryFile;
  ATTRITION_ASSIGN_OR_RETURN(std::optional<std::string> contents, ReadFileIfExists(path));
  std::vector<AliasEvent> events;
  if (!contents) return events;
  size_t start = 0;
  int line_number = 0;
  while (start < contents->size()) {
    size_t end = contents->find('\n', start);
    if (end == std::string::npos) end = contents->size();
    ++line_number;
    const std::string_view line(contents->data() + start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    // A line cut short by a crash mid-append can only be the last one; it is ignored.
    const bool last = start >= contents->size();
    Result<AliasEvent> event = AliasEventFromJson(line, path, line_number);
    if (!event.ok()) {
      if (last && end == contents->size()) break;
      return event.status();
    }
    events.push_back(std::move(*event));
  }
  return events;
}

std::optional<std::string> RollbackTarget(const std::vector<AliasEvent>& history, Alias alias,
                                          const std::string& current) {
  std::vector<std::string> stack;
  for (const AliasEvent& event : history) {
    if (event.alias != alias) continue;
    if (event.action == "promote") {
      stack.push_back(event.version);
    } else if (!stack.empty()) {
      stack.pop_back();
    }
  }
  const auto latest = std::find(stack.rbegin(), stack.rend(), current);
  if (latest != stack.rend()) stack.erase(std::next(latest).base(), stack.end());
  while (!stack.empty() && stack.back() == current) stack.pop_back();
  if (stack.empty()) return std::nullopt;
  return stack.back();
}

}  // namespace attrition::registry
