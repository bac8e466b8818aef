// Where the passwords are in a connection or mail URL, for masking them in messages and
// for refusing literal passwords in a config (SPEC 6).
#pragma once

#include <string_view>
#include <utility>
#include <vector>

namespace attrition::config::internal {

using Span = std::pair<size_t, size_t>;  // [begin, end) in the text

// The password values in `url`: the userinfo password of scheme://user:PW@host, the value
// of a `password` query parameter, and the PWD= / PASSWORD= attributes of an odbc:
// connection string (case-insensitive, {braced} values allowed). ${...} references are
// opaque, so a ${file:/a/b} inside a password does not end it. `liberal` also reads
// scheme://user:p/w@host (an unencoded '/' in the password) as a password, for masking.
std::vector<Span> PasswordSpans(std::string_view url, bool liberal);

// True when `text` is one or more ${env:…} / ${file:…} references and nothing else.
bool IsOnlyReferences(std::string_view text);

// True when `raw` (a URL as written in the file) has a password that is not written as
// ${env:…} / ${file:…}.
bool HasLiteralPassword(std::string_view raw);

}  // namespace attrition::config::internal
