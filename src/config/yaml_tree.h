// The YAML document as a small tree the checks walk: every node keeps its file position
// and, for scalars, whether it was quoted (so '3' is text, never a number) and what the
// file literally said (before ${env:}/${file:} substitution).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "attrition/config.h"

namespace attrition::config::internal {

class Diagnostics;
struct MapEntry;

struct Node {
  enum class Kind { kNull, kScalar, kList, kMap };

  Kind kind = Kind::kNull;
  SourceLocation where;  // of the value; of its key when the value is empty

  // Scalars.
  std::string text;          // the value, after substitution
  std::string raw;           // as written in the file
  bool plain = true;         // unquoted: may read as a number or a boolean
  bool substituted = false;  // text holds ${env:}/${file:} values: never show it
  bool failed = false;       // substitution failed and was reported: checks skip it

  std::vector<Node> items;        // lists
  std::vector<MapEntry> entries;  // maps, in file order, without duplicate keys

  bool is_null() const { return kind == Kind::kNull; }
  bool is_scalar() const { return kind == Kind::kScalar; }
  bool is_list() const { return kind == Kind::kList; }
  bool is_map() const { return kind == Kind::kMap; }

  // The value of `key` in a map, or nullptr (also for non-maps).
  const Node* Find(std::string_view key) const;
  Node* Find(std::string_view key);
};

struct MapEntry {
  std::string key;
  SourceLocation key_where;
  Node value;
};

// Parses the first YAML document of `yaml`. A syntax error, a second document, a
// non-scalar key or a duplicate key is reported to `diags`; returns false when the
// document could not be read at all (syntax error).
bool ParseYaml(std::string_view yaml, Node* root, Diagnostics* diags);

// "train.split" + "months" → "train.split.months"; keys that are not plain identifiers
// are quoted: train.rename_cols["PAYOR_TYPE_VA/Military"].
std::string ChildPath(std::string_view parent, std::string_view key);
// "train.features" + 3 → "train.features[3]".
std::string ItemPath(std::string_view parent, size_t index);

// Records the location of every node under `node` (at `path`) in `out`.
void CollectLocations(const Node& node, const std::string& path,
                      std::map<std::string, SourceLocation, std::less<>>* out);

}  // namespace attrition::config::internal
