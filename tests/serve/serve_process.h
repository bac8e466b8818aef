// Runs `attrition serve` as a child process on an ephemeral port (--port 0; the port is
// read from its start-up log line) and stops it with a signal, for the endpoint tests.
#pragma once

#include <signal.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/run_binary.h"

namespace attrition::testing {

class ServeProcess {
 public:
  // Starts `attrition --log-format text serve --host 127.0.0.1 ARGS` in `dir` and waits
  // (up to 60 s) for its "listening on" line. `env` entries ("NAME=value") are added.
  ServeProcess(const std::filesystem::path& dir, const std::vector<std::string>& args,
               const std::vector<std::string>& env = {}, bool add_port = true)
      : log_(dir / ("serve-" + std::to_string(counter_++) + ".log")) {
    std::vector<std::string> argv = {AttritionBinary(), "serve", "--host", "127.0.0.1"};
    if (add_port) {
      argv.push_back("--port");
      argv.push_back("0");
    }
    argv.insert(argv.end(), args.begin(), args.end());
    pid_ = ::fork();
    if (pid_ == 0) {
      if (::chdir(dir.c_str()) != 0) ::_exit(126);
      const int out = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(out, STDOUT_FILENO);
      ::dup2(out, STDERR_FILENO);
      for (const std::string& entry : env) ::putenv(const_cast<char*>(entry.c_str()));
      std::vector<char*> pointers;
      for (const std::string& arg : argv) pointers.push_back(const_cast<char*>(arg.c_str()));
      pointers.push_back(nullptr);
      ::execv(pointers[0], pointers.data());
      ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    const std::regex listening("listening on http://[0-9.]+:([0-9]+)");
    while (std::chrono::steady_clock::now() < deadline) {
      std::smatch match;
      const std::string text = Log();
      if (std::regex_search(text, match, listening)) {
        port_ = static_cast<uint16_t>(std::stoi(match[1]));
        return;
      }
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        pid_ = -1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  ~ServeProcess() {
    if (pid_ > 0) Stop(SIGKILL);
  }

  bool running() const { return port_ != 0 && pid_ > 0; }
  uint16_t port() const { return port_; }
  int exit_code() const { return exit_code_; }

  // Sends `signal` and waits (up to `timeout`) for the exit; the exit code, or -1 when it
  // was killed by a signal or did not exit in time (it is then killed).
  int Stop(int signal = SIGTERM, std::chrono::seconds timeout = std::chrono::seconds(60)) {
    if (pid_ <= 0) return exit_code_;
    ::kill(pid_, signal);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) != pid_) {
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
        return exit_code_ = -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    pid_ = -1;
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return exit_code_;
  }

  // User plus system CPU time the process has used so far (clock-tick resolution, usually
  // 10 ms), read from /proc/PID/stat; zero when it is not running.
  std::chrono::milliseconds CpuTime() const {
    if (pid_ <= 0) return std::chrono::milliseconds(0);
    std::ifstream in("/proc/" + std::to_string(pid_) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
    std::istringstream fields(text.substr(text.rfind(')') + 2));
    std::string field;
    long long utime = 0, stime = 0;
    for (int number = 3; number <= 15 && fields >> field; ++number) {
      if (number == 14) utime = std::stoll(field);
      if (number == 15) stime = std::stoll(field);
    }
    return std::chrono::milliseconds((utime + stime) * 1000 / ::sysconf(_SC_CLK_TCK));
  }

  // Everything the process logged so far.
  std::string Log() const {
    std::ifstream in(log_);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

 private:
  static inline int counter_ = 0;
  std::filesystem::path log_;
  pid_t pid_ = -1;
  uint16_t port_ = 0;
  int exit_code_ = -1;
};

}  // namespace attrition::testing
