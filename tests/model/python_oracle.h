// Runs a Python snippet under Debian's /usr/bin/python3 (which has xgboost 1.7 and
// pandas) and returns its standard output: the independent oracle several model tests
// compare against. Tests skip when that interpreter or the reference is absent.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace attrition::testing {

inline constexpr const char* kPython = "/usr/bin/python3";

inline bool PythonAvailable() { return std::filesystem::exists(kPython); }

// The Python reference implementation (peers/python_ref), beside the source tree.
inline std::filesystem::path PythonReferenceDir() {
  const char* source = std::getenv("ATTRITION_SOURCE_DIR");
  std::filesystem::path root = source ? source : ATTRITION_TEST_SOURCE_DIR;
  return root / ".." / "shared" / "peers" / "python_ref";
}

// Writes `script` to `script_path`, runs it, returns stdout; sets `exit_code`.
inline std::string RunPython(const std::string& script, const std::string& script_path,
                             int* exit_code) {
  std::ofstream(script_path) << script;
  std::string command = std::string(kPython) + " " + script_path + " 2>&1";
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    *exit_code = -1;
    return output;
  }
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) output.append(buffer.data(), n);
  int status = pclose(pipe);
  *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return output;
}

}  // namespace attrition::testing
