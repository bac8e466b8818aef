// Appending JSON text to a reused buffer without a document tree: the response path.
#pragma once

#include <string>
#include <string_view>

namespace attrition::serve {

// Appends "\"text\"" with JSON escapes.
void AppendJsonString(std::string_view text, std::string& out);

// Appends the shortest text that reads back as the same float (0.12345678); NaN and
// infinities, which JSON cannot spell, as null.
void AppendJsonFloat(float value, std::string& out);

void AppendUnsigned(size_t value, std::string& out);

}  // namespace attrition::serve
