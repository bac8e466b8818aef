// Content-Type and Accept handling for /invocations, following SageMaker's XGBoost
// container: a request body is application/json or text/csv; the response type is
// chosen from the Accept header among what the request kind can produce.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace attrition::serve {

enum class MediaType { kJson, kCsv };

std::string_view ToString(MediaType type);  // "application/json", "text/csv"

// The media type of a Content-Type value ("application/json; charset=utf-8" -> kJson),
// case-insensitive; nullopt for anything else.
std::optional<MediaType> ParseContentType(std::string_view content_type);

// The response type for an Accept header value, among `offered` (in the server's order of
// preference; the first is the default). An empty header, */* or a range matching
// several offers picks by the client's q-values, then the server's order. nullopt when no
// offered type is acceptable (406).
std::optional<MediaType> NegotiateAccept(std::string_view accept,
                                         std::span<const MediaType> offered);

}  // namespace attrition::serve
