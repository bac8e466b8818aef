// Secrets, MaskSecrets and the URL password finder behind them.
#include <algorithm>
#include <cctype>

#include "attrition/config.h"
#include "attrition/logging.h"
#include "attrition/redaction.h"
#include "config/secret_url.h"

namespace attrition::config {
namespace internal {
namespace {

constexpr std::string_view kMask = "***";

// The first position >= from of a character in `chars`, skipping ${...} references.
size_t FindOutsideReferences(std::string_view s, std::string_view chars, size_t from, size_t end) {
  for (size_t i = from; i < end; ++i) {
    if (s.compare(i, 2, "${") == 0) {
      const size_t close = s.find('}', i + 2);
      if (close == std::string_view::npos || close >= end) return std::string_view::npos;
      i = close;
      continue;
    }
    if (chars.find(s[i]) != std::string_view::npos) return i;
  }
  return std::string_view::npos;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// ODBC: KEY=VALUE;KEY={VALUE;WITH;SEMICOLONS};...
void OdbcPasswordSpans(std::string_view s, size_t from, std::vector<Span>* out) {
  size_t pos = from;
  while (pos < s.size()) {
    const size_t eq = FindOutsideReferences(s, "=;", pos, s.size());
    if (eq == std::string_view::npos) return;
    if (s[eq] == ';') {
      pos = eq + 1;
      continue;
    }
    const std::string_view key = Trim(s.substr(pos, eq - pos));
    size_t value_end;
    if (eq + 1 < s.size() && s[eq + 1] == '{') {
      const size_t close = s.find('}', eq + 2);
      value_end = close == std::string_view::npos ? s.size() : close + 1;
    } else {
      value_end = FindOutsideReferences(s, ";", eq + 1, s.size());
      if (value_end == std::string_view::npos) value_end = s.size();
    }
    if ((EqualsIgnoreCase(key, "PWD") || EqualsIgnoreCase(key, "PASSWORD")) && value_end > eq + 1) {
      out->emplace_back(eq + 1, value_end);
    }
    pos = value_end + 1;
  }
}

// ?a=b&password=PW#frag
void QueryPasswordSpans(std::string_view s, size_t question, std::vector<Span>* out) {
  size_t end = FindOutsideReferences(s, "#", question, s.size());
  if (end == std::string_view::npos) end = s.size();
  size_t pos = question + 1;
  while (pos < end) {
    size_t amp = FindOutsideReferences(s, "&", pos, end);
    if (amp == std::string_view::npos) amp = end;
    const size_t eq = FindOutsideReferences(s, "=", pos, amp);
    if (eq != std::string_view::npos && EqualsIgnoreCase(s.substr(pos, eq - pos), "password") &&
        amp > eq + 1) {
      out->emplace_back(eq + 1, amp);
    }
    pos = amp + 1;
  }
}

}  // namespace

std::vector<Span> PasswordSpans(std::string_view s, bool liberal) {
  std::vector<Span> spans;
  if (s.size() >= 5 && EqualsIgnoreCase(s.substr(0, 5), "odbc:")) {
    OdbcPasswordSpans(s, 5, &spans);
    return spans;
  }
  const size_t scheme_end = s.find("://");
  if (scheme_end == std::string_view::npos) return spans;
  const size_t authority = scheme_end + 3;
  size_t authority_end = FindOutsideReferences(s, "/?#", authority, s.size());
  if (authority_end == std::string_view::npos) authority_end = s.size();
  size_t at = std::string_view::npos;
  for (size_t i = FindOutsideReferences(s, "@", authority, authority_end);
       i != std::string_view::npos; i = FindOutsideReferences(s, "@", i + 1, authority_end)) {
    at = i;
  }
  if (at == std::string_view::npos && liberal) {
    // user:p/w@host: the last '@' before the query, when a ':' comes before it.
    size_t query = FindOutsideReferences(s, "?#", authority, s.size());
    if (query == std::string_view::npos) query = s.size();
    for (size_t i = FindOutsideReferences(s, "@", authority, query); i != std::string_view::npos;
         i = FindOutsideReferences(s, "@", i + 1, query)) {
      at = i;
    }
    if (at != std::string_view::npos) authority_end = at;
  }
  if (at != std::string_view::npos) {
    const size_t colon = FindOutsideReferences(s, ":", authority, at);
    if (colon != std::string_view::npos && at > colon + 1) spans.emplace_back(colon + 1, at);
    authority_end = std::max(authority_end, at);
  }
  const size_t question = FindOutsideReferences(s, "?", authority_end, s.size());
  if (question != std::string_view::npos) QueryPasswordSpans(s, question, &spans);
  return spans;
}

bool IsOnlyReferences(std::string_view text) {
  if (text.empty()) return false;
  while (!text.empty()) {
    if (!(text.starts_with("${env:") || text.starts_with("${file:"))) return false;
    const size_t close = text.find('}');
    if (close == std::string_view::npos) return false;
    text.remove_prefix(close + 1);
  }
  return true;
}

bool HasLiteralPassword(std::string_view raw) {
  for (const auto& [begin, end] : PasswordSpans(raw, /*liberal=*/false)) {
    if (!IsOnlyReferences(raw.substr(begin, end - begin))) return true;
  }
  return false;
}

}  // namespace internal

std::string MaskSecrets(std::string_view url) {
  std::string out(url);
  std::vector<internal::Span> spans = internal::PasswordSpans(url, /*liberal=*/true);
  // Replace from the back so earlier offsets stay valid.
  std::sort(spans.begin(), spans.end(), std::greater<>());
  for (const auto& [begin, end] : spans) out.replace(begin, end - begin, internal::kMask);
  return out;
}

void Secrets::Add(std::string value) {
  if (value.empty()) return;
  RedactInLogs(value);
  if (std::find(values_.begin(), values_.end(), value) != values_.end()) return;
  values_.push_back(std::move(value));
  // Longest first, so a secret that contains another is masked whole.
  std::stable_sort(values_.begin(), values_.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string Secrets::Redact(std::string_view text) const { return RedactValues(text, values_); }

}  // namespace attrition::config
