// Reading typed fields out of parsed JSON documents (feature_plan.json, metadata.json,
// XGBoost models) with errors that name the document and the field. The one place
// nlohmann's exceptions are turned into Status.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "attrition/status.h"

namespace attrition::model::json_fields {

using Json = nlohmann::ordered_json;

// Parses `text`; Corruption "<document>: <parser message>" when it is not JSON.
Result<Json> Parse(std::string_view text, std::string_view document);

// The member `key` of `object`. Corruption "<document>: <key> is missing" (or "... is
// not an object" for a non-object `object`) otherwise.
Result<const Json*> Member(const Json& object, std::string_view key, std::string_view document);

// Typed members; Corruption "<document>: <key> must be <type>" on a wrong type.
Result<std::string> String(const Json& object, std::string_view key, std::string_view document);
Result<double> Number(const Json& object, std::string_view key, std::string_view document);
Result<std::vector<std::string>> StringList(const Json& object, std::string_view key,
                                            std::string_view document);

// Reads a whole file; IOError naming the path when it cannot be read.
Result<std::string> ReadFile(const std::string& path);
// Writes `text` to `path` through a temporary file renamed into place, so a reader
// never sees a half-written file. IOError naming the path on failure.
Status WriteFileAtomically(const std::string& path, std::string_view text);

}  // namespace attrition::model::json_fields
