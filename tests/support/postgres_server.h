// A real PostgreSQL for tests, started by tests/support/pg_test_server.sh.
//
// PostgresEnvironment gives every test of a binary the same server: the one named by
// ATTRITION_PG_URL when that is set (CI starts one for all test binaries, see
// .ci/postgres.sh), else a throwaway server it starts before the first test and stops
// after the last. When no server can be had, IsUp() is false and Error() says why: tests
// FAIL on it (ASSERT_TRUE(PostgresEnvironment::IsUp())), they never skip.
//
// PostgresSchema isolates a test: a fresh schema on that server and a URL whose
// search_path points at it, dropped at the end of the test, so tests can run in parallel
// against one server and still use short table names.
#pragma once

#include <gtest/gtest.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "attrition/warehouse.h"

namespace attrition::testing {

// Path of a file in tests/support/: from ATTRITION_SOURCE_DIR (set by ctest), else the
// source dir compiled in.
inline std::string SupportFile(const std::string& name) {
  if (const char* dir = getenv("ATTRITION_SOURCE_DIR"); dir && *dir) {
    return std::string(dir) + "/tests/support/" + name;
  }
#ifdef ATTRITION_TEST_SOURCE_DIR
  return std::string(ATTRITION_TEST_SOURCE_DIR) + "/tests/support/" + name;
#else
  return "tests/support/" + name;
#endif
}

// Runs a shell command; returns its exit code and stdout+stderr.
inline int RunCommand(const std::string& command, std::string* output) {
  output->clear();
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return -1;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) output->append(buffer, n);
  const int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A throwaway server of its own (for tests that crash or restart it).
class PostgresServer {
 public:
  // Starts a server; on failure returns null and puts the reason in *error.
  static std::unique_ptr<PostgresServer> Start(std::string* error) {
    char dir_template[] = "/tmp/attrition-pg-XXXXXX";
    if (mkdtemp(dir_template) == nullptr) {
      *error = "mkdtemp failed";
      return nullptr;
    }
    std::unique_ptr<PostgresServer> server(new PostgresServer(dir_template));
    std::string output;
    if (RunCommand(Script() + " start " + server->dir_, &output) != 0) {
      *error = "cannot start PostgreSQL with " + Script() + ": " + output;
      return nullptr;
    }
    const std::string key = "ATTRITION_PG_URL=";
    const size_t at = output.find(key);
    if (at == std::string::npos) {
      *error = "unexpected output of " + Script() + ": " + output;
      return nullptr;
    }
    server->url_ = output.substr(at + key.size(), output.find('\n', at) - at - key.size());
    return server;
  }

  ~PostgresServer() {
    std::string ignored;
    RunCommand(Script() + " stop " + dir_, &ignored);
    std::error_code error;
    std::filesystem::remove_all(dir_, error);  // when the script could not run at all
  }

  // postgresql://attrition@127.0.0.1:PORT/attrition (the trusted superuser).
  const std::string& url() const { return url_; }

  // pg_ctl restart -m immediate: every connection dies as in a crash, then the server
  // recovers and accepts connections again.
  bool RestartImmediate(std::string* error) {
    return RunCommand(Script() + " restart-immediate " + dir_, error) == 0;
  }

 private:
  explicit PostgresServer(std::string dir) : dir_(std::move(dir)) {}
  static std::string Script() { return SupportFile("pg_test_server.sh"); }

  std::string dir_;
  std::string url_;
};

class PostgresEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    if (const char* url = getenv("ATTRITION_PG_URL"); url && *url) {
      Url() = url;
      return;
    }
    Server() = PostgresServer::Start(&Error());
    if (Server()) Url() = Server()->url();
  }
  void TearDown() override { Server().reset(); }

  static bool IsUp() { return !Url().empty(); }
  // The server's URL, for the trusted superuser.
  static const std::string& BaseUrl() { return Url(); }
  static std::string& Error() {
    static std::string error = "the PostgresEnvironment was not set up";
    return error;
  }

 private:
  static std::string& Url() {
    static std::string url;
    return url;
  }
  static std::unique_ptr<PostgresServer>& Server() {
    static std::unique_ptr<PostgresServer> server;
    return server;
  }
};

// A fresh schema on the server of `base_url`, dropped with everything in it on destruction.
class PostgresSchema {
 public:
  explicit PostgresSchema(std::string base_url) : base_url_(std::move(base_url)) {
    std::random_device rd;
    name_ = "attrition_test_" + std::to_string(getpid()) + "_" + std::to_string(rd() % 1000000);
    Run("CREATE SCHEMA " + name_);
  }
  ~PostgresSchema() { Run("DROP SCHEMA IF EXISTS " + name_ + " CASCADE"); }
  PostgresSchema(const PostgresSchema&) = delete;
  PostgresSchema& operator=(const PostgresSchema&) = delete;

  const std::string& name() const { return name_; }
  // The server URL with search_path set to this schema.
  std::string Url() const {
    return base_url_ + (base_url_.find('?') == std::string::npos ? "?" : "&") +
           "options=-csearch_path%3D" + name_;
  }
  // Runs one statement as the superuser; ADD_FAILURE on error.
  void Run(const std::string& sql) const {
    auto w = warehouse::Warehouse::Open(base_url_);
    if (!w.ok()) {
      ADD_FAILURE() << w.status().ToString();
      return;
    }
    auto result = (*w)->Query(sql);
    if (!result.ok()) ADD_FAILURE() << sql << ": " << result.status().ToString();
  }

 private:
  std::string base_url_;
  std::string name_;
};

}  // namespace attrition::testing
