// Typed reads of YAML nodes that report, instead of throwing, what was found and what was
// expected: "got 'three', expected an integer >= 1". Each read that fails leaves its output
// untouched and adds one error, so a whole file is checked in one pass.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/diagnostics.h"
#include "config/yaml_tree.h"

namespace attrition::config::internal {

// How a value shows in a message: plain scalars as written, quoted ones in '…', lists
// and mappings by kind, substituted values by their reference with the value hidden.
// Passwords in URLs are masked; long values are cut.
std::string RenderValue(const Node& node);

struct IntBounds {
  int64_t lo = std::numeric_limits<int32_t>::min();
  int64_t hi = std::numeric_limits<int32_t>::max();
  std::string Describe() const;  // "an integer >= 1", "an integer from 0 to 6"
};

struct RealBounds {
  double lo = -std::numeric_limits<double>::infinity();
  bool lo_open = false;  // lo itself is not allowed
  double hi = std::numeric_limits<double>::infinity();
  bool hi_open = false;
  std::string Describe() const;  // "a number > 0 and < 1", "a number >= 0"
};

// Each returns the value, or nullopt after reporting why not (nothing is reported for a
// node whose substitution already failed). `path` names the node in messages.
std::optional<int> ReadInt(const Node& node, const std::string& path, const IntBounds& bounds,
                           Diagnostics* diags);
std::optional<double> ReadNumber(const Node& node, const std::string& path,
                                 const RealBounds& bounds, Diagnostics* diags);
std::optional<bool> ReadBool(const Node& node, const std::string& path, Diagnostics* diags);
// Any non-empty scalar, as text. `expected` completes "expected …".
std::optional<std::string> ReadText(const Node& node, const std::string& path,
                                    std::string_view expected, Diagnostics* diags);
// One of `choices`, returned as its index; a near miss gets a "did you mean" hint.
std::optional<size_t> ReadChoice(const Node& node, const std::string& path,
                                 const std::vector<std::string_view>& choices, Diagnostics* diags);
// 'YYYY-MM', a real month.
std::optional<Month> ReadMonth(const Node& node, const std::string& path, Diagnostics* diags);
// A list of non-empty scalars. Bad items are each reported; nullopt when any was bad.
// `allow_empty` = false reports an empty list. `expected_item` is a noun ("column name").
std::optional<std::vector<std::string>> ReadTextList(const Node& node, const std::string& path,
                                                     std::string_view expected_item,
                                                     bool allow_empty, Diagnostics* diags);

// A mapping section with a fixed set of keys. Construction reports a non-map node and
// every key outside `known` (with a "did you mean" hint); an absent or empty section
// reads as a map with no keys.
class MapReader {
 public:
  // `expected` completes "got a list, expected …" for a node that is not a mapping.
  MapReader(const Node* node, std::string path, std::vector<std::string_view> known,
            Diagnostics* diags, std::string_view expected = "a mapping of keys to values");

  bool present() const { return node_ != nullptr && node_->is_map(); }
  const std::string& path() const { return path_; }
  std::string PathOf(std::string_view key) const { return ChildPath(path_, key); }
  SourceLocation where() const { return node_ ? node_->where : SourceLocation{}; }

  // The value of `key`; nullptr when absent or empty (YAML null).
  const Node* Get(std::string_view key) const;
  // As Get, but an absent or empty key is reported as "missing, expected <expected>".
  const Node* Require(std::string_view key, std::string_view expected) const;

  // Typed reads of one key into *out. Absent optional keys leave *out unchanged. Return
  // true when *out was set from the file.
  bool Int(std::string_view key, const IntBounds& bounds, int* out, bool required = false) const;
  bool Number(std::string_view key, const RealBounds& bounds, double* out,
              bool required = false) const;
  bool Bool(std::string_view key, bool* out, bool required = false) const;
  bool Text(std::string_view key, std::string_view expected, std::string* out,
            bool required = false) const;
  bool YearMonth(std::string_view key, Month* out, bool required = false) const;
  template <typename Enum>
  bool Choice(std::string_view key, const std::vector<std::string_view>& names,
              const std::vector<Enum>& values, Enum* out, bool required = false) const {
    const Node* n = required ? Require(key, OneOf(names)) : Get(key);
    if (n == nullptr) return false;
    const std::optional<size_t> i = ReadChoice(*n, PathOf(key), names, diags_);
    if (i) *out = values[*i];
    return i.has_value();
  }

  Diagnostics* diags() const { return diags_; }

  // "one of a, b, c".
  static std::string OneOf(const std::vector<std::string_view>& names);

 private:
  const Node* node_;
  std::string path_;
  Diagnostics* diags_;
};

}  // namespace attrition::config::internal
