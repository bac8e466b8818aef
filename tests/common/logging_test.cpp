// The log sink: registered secrets never reach stderr, and JSON lines stay valid JSON
// whatever the message holds.
#include "attrition/logging.h"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "support/temp_dir.h"

namespace attrition {
namespace {

// Runs `log` with stderr redirected to a file and returns what was written.
template <typename Fn>
std::string CaptureStderr(const std::filesystem::path& file, Fn log) {
  std::fflush(stderr);
  const int saved = dup(STDERR_FILENO);
  FILE* sink = std::fopen(file.c_str(), "w");
  dup2(fileno(sink), STDERR_FILENO);
  log();
  spdlog::default_logger()->flush();
  std::fflush(stderr);
  dup2(saved, STDERR_FILENO);
  close(saved);
  std::fclose(sink);
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(Logging, JsonLinesRedactSecretsAndEscapeTheMessage) {
  testing::TempDir dir;
  SetUpLogging(LogFormat::kJson, false);
  RedactInLogs("hunter2-pw");
  const std::string out = CaptureStderr(dir.path() / "log.txt", [] {
    spdlog::info("connect failed: password=hunter2-pw said \"no\"\\ \x01 end");
  });
  ASSERT_EQ(out.back(), '\n');
  const nlohmann::json line = nlohmann::json::parse(out);
  EXPECT_EQ(line.at("level"), "info");
  EXPECT_EQ(line.at("msg"), "connect failed: password=*** said \"no\"\\ \x01 end");
  EXPECT_EQ(out.find("hunter2"), std::string::npos) << out;
  EXPECT_EQ(line.at("time").get<std::string>().size(), std::string("2026-11-27T15:04:05.123Z").size());
}

TEST(Logging, TextLinesRedactEveryOccurrenceLongestSecretFirst) {
  testing::TempDir dir;
  SetUpLogging(LogFormat::kText, false);
  RedactInLogs("abc");
  RedactInLogs("abcdef");
  const std::string out = CaptureStderr(dir.path() / "log.txt", [] {
    spdlog::warn("abcdef then abc then abcdef");
  });
  EXPECT_NE(out.find("warning *** then *** then ***\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("abc"), std::string::npos) << out;
  EXPECT_EQ(RedactLogSecrets("x abcdefg"), "x ***g");
}

TEST(Logging, ParseLogFormatNamesTheBadValue) {
  const auto bad = ParseLogFormat("yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("'yaml'"), std::string::npos);
}

}  // namespace
}  // namespace attrition
