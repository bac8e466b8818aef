// Version ids: "v" + a zero-padded sequence number (at least four digits) + "-" + the UTC
// time of registration, e.g. v0001-20261127T120501Z. The sequence orders versions; the
// time makes an id readable on its own.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace attrition::registry {

struct VersionId {
  int64_t sequence = 0;
  std::string compact_time;  // "20261127T120501Z"
};

// nullopt unless `text` is a well-formed version id.
std::optional<VersionId> ParseVersionId(std::string_view text);

// The sequence of a short reference to a version: "v3" or "v0003" (no time); nullopt for
// anything else.
std::optional<int64_t> ParseVersionSequence(std::string_view text);

std::string FormatVersionId(int64_t sequence, std::chrono::system_clock::time_point time);

// "2026-11-27T12:05:01Z" (ISO 8601, UTC, whole seconds).
std::string IsoUtc(std::chrono::system_clock::time_point time);

}  // namespace attrition::registry
