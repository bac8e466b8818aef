// Helpers for the config tests: the seed config (the original system's file, which must
// load unchanged), variants of it, and the message lines of a load.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "attrition/config.h"

namespace attrition::config::testing {

// /work/shared/seed/config.yaml, found from ATTRITION_SOURCE_DIR (set by ctest).
inline std::string SeedPath() {
  const char* source = std::getenv("ATTRITION_SOURCE_DIR");
  return std::string(source ? source : ATTRITION_DEFAULT_SOURCE_DIR) +
         "/../shared/seed/config.yaml";
}

inline std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::string SeedText() { return ReadAll(SeedPath()); }

// The seed's text with the first `from` replaced by `to`. REQUIRES: `from` occurs.
inline std::string SeedWith(std::string_view from, std::string_view to) {
  std::string text = SeedText();
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "the seed has no '" << from << "'";
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// Loads `yaml` as if it were the file config.yaml.
inline LoadReport LoadYaml(std::string_view yaml, std::string base_dir = "") {
  LoadOptions options;
  options.source_name = "config.yaml";
  options.base_dir = std::move(base_dir);
  return LoadConfigText(yaml, options);
}

inline std::vector<std::string> Lines(const std::vector<Diagnostic>& list) {
  std::vector<std::string> out;
  for (const Diagnostic& d : list) out.push_back(d.ToString());
  return out;
}

inline std::vector<std::string> ErrorsOf(std::string_view yaml) {
  return Lines(LoadYaml(yaml).errors);
}

// The one error of `yaml`; fails the test when there are none or several.
inline std::string OnlyError(std::string_view yaml) {
  const std::vector<std::string> errors = ErrorsOf(yaml);
  EXPECT_EQ(errors.size(), 1u) << ::testing::PrintToString(errors);
  return errors.empty() ? "" : errors[0];
}

}  // namespace attrition::config::testing
