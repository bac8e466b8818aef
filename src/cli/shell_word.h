// Commands the CLI prints for the user to run next must run as printed when pasted.
#pragma once

#include <string>

namespace attrition::cli {

// `word` as one POSIX shell word: unchanged when it holds only letters, digits and
// / . _ - + : =, else single-quoted ('it'\''s').
std::string ShellWord(const std::string& word);

}  // namespace attrition::cli
