#include "config/field_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "config/suggest.h"

namespace attrition::config::internal {
namespace {

constexpr size_t kMaxShownChars = 80;

std::string Cut(std::string text) {
  if (text.size() <= kMaxShownChars) return text;
  return text.substr(0, kMaxShownChars) + "...";
}

std::optional<int64_t> ParseInteger(std::string_view text) {
  if (text.starts_with('+')) text.remove_prefix(1);
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

std::optional<double> ParseReal(std::string_view text) {
  if (text.starts_with('+')) text.remove_prefix(1);
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

// Only unquoted (or substituted) scalars may be numbers or booleans: '3' is text.
bool MayBeNumber(const Node& node) { return node.is_scalar() && (node.plain || node.substituted); }

// "got X, expected Y" plus a hint when a quoted value would have been right unquoted.
std::string GotExpected(const Node& node, std::string_view expected, bool fits_unquoted) {
  std::string message = "got " + RenderValue(node);
  if (fits_unquoted) message += " (quoted, so text)";
  return message + ", expected " + std::string(expected);
}

std::string FormatReal(double v) { return fmt::format("{}", v); }

}  // namespace

std::string RenderValue(const Node& node) {
  switch (node.kind) {
    case Node::Kind::kNull:
      return "nothing";
    case Node::Kind::kList:
      return "a list";
    case Node::Kind::kMap:
      return "a mapping";
    case Node::Kind::kScalar:
      break;
  }
  if (node.substituted) return "'" + Cut(MaskSecrets(node.raw)) + "' (value hidden)";
  const std::string shown = Cut(MaskSecrets(node.text));
  return node.plain ? shown : "'" + shown + "'";
}

std::string IntBounds::Describe() const {
  constexpr int64_t kMin = std::numeric_limits<int32_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int32_t>::max();
  if (lo > kMin && hi < kMax) return fmt::format("an integer from {} to {}", lo, hi);
  if (lo > kMin) return fmt::format("an integer >= {}", lo);
  if (hi < kMax) return fmt::format("an integer <= {}", hi);
  return "an integer";
}

std::string RealBounds::Describe() const {
  const bool has_lo = std::isfinite(lo), has_hi = std::isfinite(hi);
  if (has_lo && has_hi && !lo_open && !hi_open) {
    return "a number from " + FormatReal(lo) + " to " + FormatReal(hi);
  }
  std::string out = "a number";
  if (has_lo) out += (lo_open ? " > " : " >= ") + FormatReal(lo);
  if (has_lo && has_hi) out += " and";
  if (has_hi) out += (hi_open ? " < " : " <= ") + FormatReal(hi);
  return out;
}

std::optional<int> ReadInt(const Node& node, const std::string& path, const IntBounds& bounds,
                           Diagnostics* diags) {
  if (node.failed) return std::nullopt;
  const std::optional<int64_t> v = node.is_scalar() ? ParseInteger(node.text) : std::nullopt;
  if (!v || !MayBeNumber(node) || *v < bounds.lo || *v > bounds.hi) {
    diags->Error(node.where, path,
                 GotExpected(node, bounds.Describe(), v.has_value() && !MayBeNumber(node)));
    return std::nullopt;
  }
  return static_cast<int>(*v);
}

std::optional<double> ReadNumber(const Node& node, const std::string& path,
                                 const RealBounds& bounds, Diagnostics* diags) {
  if (node.failed) return std::nullopt;
  const std::optional<double> v = node.is_scalar() ? ParseReal(node.text) : std::nullopt;
  const bool in_range = v && (bounds.lo_open ? *v > bounds.lo : *v >= bounds.lo) &&
                        (bounds.hi_open ? *v < bounds.hi : *v <= bounds.hi);
  if (!in_range || !MayBeNumber(node)) {
    diags->Error(node.where, path,
                 GotExpected(node, bounds.Describe(), v.has_value() && !MayBeNumber(node)));
    return std::nullopt;
  }
  return *v;
}

std::optional<bool> ReadBool(const Node& node, const std::string& path, Diagnostics* diags) {
  if (node.failed) return std::nullopt;
  std::string lower;
  for (char c : node.text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const bool is_true = lower == "true" || lower == "yes" || lower == "on";
  const bool is_false = lower == "false" || lower == "no" || lower == "off";
  if (!MayBeNumber(node) || !(is_true || is_false)) {
    diags->Error(node.where, path,
                 GotExpected(node, "true or false", node.is_scalar() && (is_true || is_false)));
    return std::nullopt;
  }
  return is_true;
}

std::optional<std::string> ReadText(const Node& node, const std::string& path,
                                    std::string_view expected, Diagnostics* diags) {
  if (node.failed) return std::nullopt;
  if (!node.is_scalar() || node.text.empty()) {
    diags->Error(node.where, path, GotExpected(node, expected, false));
    return std::nullopt;
  }
  return node.text;
}

std::optional<size_t> ReadChoice(const Node& node, const std::string& path,
                                 const std::vector<std::string_view>& choices, Diagnostics* diags) {
  if (node.failed) return std::nullopt;
  if (node.is_scalar()) {
    for (size_t i = 0; i < choices.size(); ++i) {
      if (node.text == choices[i]) return i;
    }
  }
  std::string message = GotExpected(node, MapReader::OneOf(choices), false);
  if (node.is_scalar() && !node.substituted) {
    if (auto hint = ClosestMatch(node.text, choices)) message += "; did you mean " + *hint + "?";
  }
  diags->Error(node.where, path, message);
  return std::nullopt;
}

std::optional<Month> ReadMonth(const Node& node, const std::string& path, Diagnostics* diags) {
  if (node.failed) return std::nullopt;
  const std::optional<Month> m = node.is_scalar() ? ParseIsoMonth(node.text) : std::nullopt;
  if (!m) {
    diags->Error(node.where, path, GotExpected(node, "a month 'YYYY-MM'", false));
    return std::nullopt;
  }
  return m;
}

std::optional<std::vector<std::string>> ReadTextList(const Node& node, const std::string& path,
                                                     std::string_view expected_item,
                                                     bool allow_empty, Diagnostics* diags) {
  if (node.failed) return std::nullopt;
  if (!node.is_list()) {
    diags->Error(node.where, path,
                 GotExpected(node, "a list of " + std::string(expected_item) + "s", false));
    return std::nullopt;
  }
  if (node.items.empty() && !allow_empty) {
    diags->Error(node.where, path,
                 "got an empty list, expected at least one " + std::string(expected_item));
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  const std::string expected = "a " + std::string(expected_item);
  for (size_t i = 0; i < node.items.size(); ++i) {
    auto text = ReadText(node.items[i], ItemPath(path, i), expected, diags);
    if (text) out.push_back(std::move(*text));
    ok = ok && text.has_value();
  }
  if (!ok) return std::nullopt;
  return out;
}

MapReader::MapReader(const Node* node, std::string path, std::vector<std::string_view> known,
                     Diagnostics* diags, std::string_view expected)
    : node_(node), path_(std::move(path)), diags_(diags) {
  if (node_ == nullptr || node_->is_null() || node_->failed) {
    node_ = nullptr;
    return;
  }
  if (!node_->is_map()) {
    diags_->Error(node_->where, path_, GotExpected(*node_, expected, false));
    node_ = nullptr;
    return;
  }
  for (const MapEntry& e : node_->entries) {
    if (std::find(known.begin(), known.end(), e.key) != known.end()) continue;
    std::string message = "unknown key";
    if (auto hint = ClosestMatch(e.key, known)) {
      message += "; did you mean " + *hint + "?";
    } else {
      message += ", expected " + OneOf(known);
    }
    diags_->Error(e.key_where, PathOf(e.key), message);
  }
}

const Node* MapReader::Get(std::string_view key) const {
  if (node_ == nullptr) return nullptr;
  const Node* n = node_->Find(key);
  return n == nullptr || n->is_null() ? nullptr : n;
}

const Node* MapReader::Require(std::string_view key, std::string_view expected) const {
  const Node* n = Get(key);
  if (n == nullptr && node_ != nullptr) {
    const Node* empty = node_->Find(key);
    diags_->Error(empty ? empty->where : node_->where, PathOf(key),
                  "missing, expected " + std::string(expected));
  }
  return n;
}

bool MapReader::Int(std::string_view key, const IntBounds& bounds, int* out, bool required) const {
  const Node* n = required ? Require(key, bounds.Describe()) : Get(key);
  if (n == nullptr) return false;
  const auto v = ReadInt(*n, PathOf(key), bounds, diags_);
  if (v) *out = *v;
  return v.has_value();
}

bool MapReader::Number(std::string_view key, const RealBounds& bounds, double* out,
                       bool required) const {
  const Node* n = required ? Require(key, bounds.Describe()) : Get(key);
  if (n == nullptr) return false;
  const auto v = ReadNumber(*n, PathOf(key), bounds, diags_);
  if (v) *out = *v;
  return v.has_value();
}

bool MapReader::Bool(std::string_view key, bool* out, bool required) const {
  const Node* n = required ? Require(key, "true or false") : Get(key);
  if (n == nullptr) return false;
  const auto v = ReadBool(*n, PathOf(key), diags_);
  if (v) *out = *v;
  return v.has_value();
}

bool MapReader::Text(std::string_view key, std::string_view expected, std::string* out,
                     bool required) const {
  const Node* n = required ? Require(key, expected) : Get(key);
  if (n == nullptr) return false;
  auto v = ReadText(*n, PathOf(key), expected, diags_);
  if (v) *out = std::move(*v);
  return v.has_value();
}

bool MapReader::YearMonth(std::string_view key, Month* out, bool required) const {
  const Node* n = required ? Require(key, "a month 'YYYY-MM'") : Get(key);
  if (n == nullptr) return false;
  const auto v = ReadMonth(*n, PathOf(key), diags_);
  if (v) *out = *v;
  return v.has_value();
}

std::string MapReader::OneOf(const std::vector<std::string_view>& names) {
  std::string out = "one of ";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += names[i];
  }
  return out;
}

}  // namespace attrition::config::internal
