#include "config/diagnostics.h"

#include <algorithm>

namespace attrition::config {

std::string Diagnostic::ToString() const {
  std::string out = file;
  if (location.line > 0) {
    out += ':' + std::to_string(location.line) + ':' + std::to_string(location.column);
  }
  out += ": ";
  if (is_warning) out += "warning: ";
  if (!path.empty()) out += path + ": ";
  return out + message;
}

namespace internal {
namespace {

std::vector<Diagnostic> InFileOrder(std::vector<Diagnostic> list) {
  auto key = [](const Diagnostic& d) {
    // Unknown lines (0) sort after every known line.
    const int line = d.location.line > 0 ? d.location.line : INT32_MAX;
    return std::pair(line, d.location.column);
  };
  std::stable_sort(list.begin(), list.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  return list;
}

}  // namespace

void Diagnostics::Error(SourceLocation where, std::string path, std::string message) {
  errors_.push_back(Diagnostic{file_, where, std::move(path), std::move(message)});
}

void Diagnostics::Warning(SourceLocation where, std::string path, std::string message) {
  warnings_.push_back(Diagnostic{file_, where, std::move(path), std::move(message), true});
}

std::vector<Diagnostic> Diagnostics::SortedErrors() const { return InFileOrder(errors_); }
std::vector<Diagnostic> Diagnostics::SortedWarnings() const { return InFileOrder(warnings_); }

}  // namespace internal
}  // namespace attrition::config
