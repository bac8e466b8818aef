#include "serve/media_type.h"

#include <charconv>
#include <string>

namespace attrition::serve {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// Does the media range ("text/*", "*/*", "application/json") match `type`?
bool Matches(std::string_view range, MediaType type) {
  const std::string_view full = ToString(type);
  if (range == "*/*" || range == "*") return true;
  if (EqualsIgnoringCase(range, full)) return true;
  if (range.size() > 2 && range.substr(range.size() - 2) == "/*") {
    const std::string_view major = range.substr(0, range.size() - 1);  // "text/"
    return EqualsIgnoringCase(full.substr(0, major.size()), major);
  }
  return false;
}

// The q parameter of "type;q=0.5;level=1" (1 when absent or malformed).
double Quality(std::string_view params) {
  while (!params.empty()) {
    const size_t semicolon = params.find(';');
    std::string_view param = Trim(params.substr(0, semicolon));
    params.remove_prefix(semicolon == std::string_view::npos ? params.size() : semicolon + 1);
    if (param.size() > 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
      param.remove_prefix(2);
      double q = 1;
      const auto parsed = std::from_chars(param.data(), param.data() + param.size(), q);
      if (parsed.ec == std::errc() && q >= 0 && q <= 1) return q;
    }
  }
  return 1;
}

}  // namespace

std::string_view ToString(MediaType type) {
  return type == MediaType::kJson ? "application/json" : "text/csv";
}

std::optional<MediaType> ParseContentType(std::string_view content_type) {
  const std::string_view media = Trim(content_type.substr(0, content_type.find(';')));
  if (EqualsIgnoringCase(media, "application/json")) return MediaType::kJson;
  if (EqualsIgnoringCase(media, "text/csv")) return MediaType::kCsv;
  return std::nullopt;
}

std::optional<MediaType> NegotiateAccept(std::string_view accept,
                                         std::span<const MediaType> offered) {
  if (offered.empty()) return std::nullopt;
  if (Trim(accept).empty()) return offered.front();
  std::optional<MediaType> best;
  double best_quality = 0;
  // Best q wins; among equal q, an exact type beats a wildcard, then the server's order.
  int best_specificity = -1;
  size_t best_rank = offered.size();
  while (!accept.empty()) {
    const size_t comma = accept.find(',');
    const std::string_view item = Trim(accept.substr(0, comma));
    accept.remove_prefix(comma == std::string_view::npos ? accept.size() : comma + 1);
    const size_t semicolon = item.find(';');
    const std::string_view range = Trim(item.substr(0, semicolon));
    const double quality =
        semicolon == std::string_view::npos ? 1.0 : Quality(item.substr(semicolon + 1));
    if (range.empty() || quality <= 0) continue;
    const int specificity = range.find('*') == std::string_view::npos ? 1 : 0;
    for (size_t rank = 0; rank < offered.size(); ++rank) {
      if (!Matches(range, offered[rank])) continue;
      const bool better = quality > best_quality ||
                          (quality == best_quality && (specificity > best_specificity ||
                                                       (specificity == best_specificity &&
                                                        rank < best_rank)));
      if (better) {
        best = offered[rank];
        best_quality = quality;
        best_specificity = specificity;
        best_rank = rank;
      }
    }
  }
  return best;
}

}  // namespace attrition::serve
