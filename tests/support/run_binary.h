// Runs a program (usually the built `attrition`, from $ATTRITION_BINARY) in a given working
// directory and captures its exit code, stdout and stderr. For end-to-end CLI tests.
#pragma once

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace attrition::testing {

struct RunResult {
  int exit_code = -1;  // -1 when the program did not exit normally
  std::string out;
  std::string err;
};

// $ATTRITION_BINARY, or "" when the test runs outside ctest.
inline std::string AttritionBinary() {
  const char* path = std::getenv("ATTRITION_BINARY");
  return path != nullptr ? path : "";
}

// Runs `program` with `args` in `cwd`, stdout and stderr captured through files in `cwd`.
inline RunResult RunBinary(const std::string& program, const std::vector<std::string>& args,
                           const std::filesystem::path& cwd) {
  static int counter = 0;
  const std::string tag = std::to_string(::getpid()) + "-" + std::to_string(counter++);
  const std::filesystem::path out_path = cwd / (".run-out-" + tag);
  const std::filesystem::path err_path = cwd / (".run-err-" + tag);
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (::chdir(cwd.c_str()) != 0) ::_exit(126);
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(out, STDOUT_FILENO);
    ::dup2(err, STDERR_FILENO);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    ::execv(program.c_str(), argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  const auto slurp = [](const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    std::filesystem::remove(path);
    return text.str();
  };
  RunResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = slurp(out_path);
  result.err = slurp(err_path);
  return result;
}

}  // namespace attrition::testing
