#include "registry/version_id.h"

#include <fmt/format.h>

#include <cctype>
#include <ctime>

namespace attrition::registry {
namespace {

std::tm UtcParts(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  return parts;
}

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

std::optional<VersionId> ParseVersionId(std::string_view text) {
  // v<digits>-<8 digits>T<6 digits>Z
  const size_t dash = text.find('-');
  if (text.size() < 2 || text[0] != 'v' || dash == std::string_view::npos) return std::nullopt;
  const std::string_view sequence = text.substr(1, dash - 1);
  const std::string_view time = text.substr(dash + 1);
  if (sequence.size() < 4 || sequence.size() > 18 || !AllDigits(sequence)) return std::nullopt;
  if (time.size() != 16 || time[8] != 'T' || time[15] != 'Z' || !AllDigits(time.substr(0, 8)) ||
      !AllDigits(time.substr(9, 6))) {
    return std::nullopt;
  }
  return VersionId{std::stoll(std::string(sequence)), std::string(time)};
}

std::optional<int64_t> ParseVersionSequence(std::string_view text) {
  if (text.size() < 2 || text.size() > 19 || text[0] != 'v' || !AllDigits(text.substr(1))) {
    return std::nullopt;
  }
  return std::stoll(std::string(text.substr(1)));
}

std::string FormatVersionId(int64_t sequence, std::chrono::system_clock::time_point time) {
  const std::tm t = UtcParts(time);
  return fmt::format("v{:04d}-{:04d}{:02d}{:02d}T{:02d}{:02d}{:02d}Z", sequence, t.tm_year + 1900,
                     t.tm_mon + 1, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec);
}

std::string IsoUtc(std::chrono::system_clock::time_point time) {
  const std::tm t = UtcParts(time);
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z", t.tm_year + 1900, t.tm_mon + 1,
                     t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec);
}

}  // namespace attrition::registry
