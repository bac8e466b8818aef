// Collects the problems found while loading one config, so that one run reports them all.
#pragma once

#include <string>
#include <vector>

#include "attrition/config.h"

namespace attrition::config::internal {

class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}

  // `message` must not contain a secret value; callers render values with RenderValue().
  void Error(SourceLocation where, std::string path, std::string message);
  void Warning(SourceLocation where, std::string path, std::string message);

  size_t error_count() const { return errors_.size(); }

  // The diagnostics in file order (line, then column); those without a line last.
  std::vector<Diagnostic> SortedErrors() const;
  std::vector<Diagnostic> SortedWarnings() const;

 private:
  std::string file_;
  std::vector<Diagnostic> errors_;
  std::vector<Diagnostic> warnings_;
};

}  // namespace attrition::config::internal
