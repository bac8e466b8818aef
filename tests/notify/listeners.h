// Real loopback listeners for notification tests: an HTTP server and an SMTP server
// (python3 http.server / aiosmtpd, started as child processes). Each records what it
// received as JSON lines in a file the test reads. Shared by tests/notify and
// tests/monitor.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace attrition::testing {

// The directory of the listener scripts (tests/notify in the source tree).
inline std::filesystem::path ListenerScriptDir() {
  const char* source = std::getenv("ATTRITION_SOURCE_DIR");
  return std::filesystem::path(source != nullptr ? source : ATTRITION_TEST_SOURCE_DIR) / "tests" /
         "notify";
}

// A loopback port nothing listens on (bound, then closed): a sink that is down.
inline int UnusedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t size = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ::close(fd);
  return ntohs(address.sin_port);
}

// Runs one listener script until destroyed. port() is 0 when it did not start (the test
// then fails on it).
class Listener {
 public:
  Listener(const std::string& script, const std::filesystem::path& dir,
           const std::vector<std::string>& extra_args) {
    static int counter = 0;
    const std::string tag = std::to_string(::getpid()) + "-" + std::to_string(counter++);
    port_file_ = dir / ("listener-port-" + tag);
    out_file_ = dir / ("listener-out-" + tag + ".jsonl");
    std::vector<std::string> args = {"/usr/bin/python3", (ListenerScriptDir() / script).string(),
                                     port_file_.string(), out_file_.string()};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    pid_ = ::fork();
    if (pid_ == 0) {
      std::vector<char*> argv;
      for (std::string& arg : args) argv.push_back(arg.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    // Generous: python start-up on a loaded machine.
    for (int i = 0; i < 600 && port_ == 0; ++i) {
      std::ifstream in(port_file_);
      if (!(in >> port_)) port_ = 0;
      if (port_ == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ~Listener() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  int port() const { return port_; }

  // Every record received so far, oldest first.
  std::vector<nlohmann::json> Records() const {
    std::vector<nlohmann::json> records;
    std::ifstream in(out_file_);
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty()) records.push_back(nlohmann::json::parse(line));
    }
    return records;
  }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::filesystem::path port_file_;
  std::filesystem::path out_file_;
};

// POST recorder on http://127.0.0.1:port/; the first `fail_first` requests get 500.
inline std::unique_ptr<Listener> StartWebhookListener(const std::filesystem::path& dir,
                                                      int fail_first = 0) {
  return std::make_unique<Listener>("webhook_listener.py", dir,
                                    std::vector<std::string>{std::to_string(fail_first)});
}

// Mail recorder on smtp://127.0.0.1:port; with a username it requires that login.
inline std::unique_ptr<Listener> StartSmtpListener(const std::filesystem::path& dir,
                                                   const std::string& username = "",
                                                   const std::string& password = "") {
  std::vector<std::string> extra;
  if (!username.empty()) extra = {username, password};
  return std::make_unique<Listener>("smtp_listener.py", dir, extra);
}

}  // namespace attrition::testing
