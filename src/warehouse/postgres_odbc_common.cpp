#include "warehouse/postgres_odbc_common.h"

#include <cctype>
#include <charconv>
#include <cmath>

#include "attrition/redaction.h"

namespace attrition::warehouse {
namespace {

char Fold(char c, IdentifierCase fold) {
  const auto u = static_cast<unsigned char>(c);
  switch (fold) {
    case IdentifierCase::kLower:
      return static_cast<char>(std::tolower(u));
    case IdentifierCase::kUpper:
      return static_cast<char>(std::toupper(u));
    case IdentifierCase::kAsIs:
      return c;
  }
  return c;
}

}  // namespace

std::string FoldName(std::string_view name, IdentifierCase fold) {
  std::string out(name);
  for (char& c : out) c = Fold(c, fold);
  return out;
}

std::string SqlName(std::string_view name, IdentifierCase fold) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '.') {
      out += "\".\"";
    } else if (c == '"') {
      out += "\"\"";
    } else {
      out += Fold(c, fold);
    }
  }
  out += '"';
  return out;
}

std::string ReportedName(std::string_view stored, IdentifierCase fold) {
  std::string out(stored);
  if (fold != IdentifierCase::kLower) return out;
  for (char& c : out) c = Fold(c, IdentifierCase::kUpper);
  return out;
}

std::string HistoryTable(std::string_view table) { return std::string(table) + "_HIST"; }

bool SameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string Redact(std::string text, const std::vector<std::string>& secrets) {
  return RedactValues(text, secrets, /*min_length=*/3);
}

std::string OneLine(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string FormatInteger(int64_t value) {
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end);
}

std::string FormatReal(double value) {
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end);
}

std::optional<int64_t> ParseInteger(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

std::optional<double> ParseReal(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

ValueKind NumericKind(std::string_view text) {
  return ParseInteger(text) ? ValueKind::kInteger : ValueKind::kReal;
}

ValueKind WireValueKind(WireType type, std::string_view text) {
  switch (type) {
    case WireType::kInteger:
      return ValueKind::kInteger;
    case WireType::kReal:
      return ValueKind::kReal;
    case WireType::kNumeric:
      return NumericKind(text);
    case WireType::kText:
      return ValueKind::kText;
  }
  return ValueKind::kText;
}

}  // namespace attrition::warehouse
