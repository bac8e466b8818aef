// `attrition train` notifies its result (SPEC 7 step 8, SPEC 12) through the real binary,
// and a sink that is down never changes the command's own exit code or message.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "notify/listeners.h"
#include "support/run_binary.h"
#include "support/temp_dir.h"

namespace attrition {
namespace {

using testing::RunBinary;
using testing::TempDir;

// A config for an empty SQLite warehouse (training fails: no PA_MODELING_DATASET) with
// one webhook sink at `port`.
// A config whose warehouse exists but holds no dataset, so that training fails.
void WriteConfig(const TempDir& dir, int port, int retries) {
  std::ofstream(dir.File("empty.db"));
  std::ofstream out(dir.File("config.yaml"));
  out << "environment: ci\n"
         "warehouse:\n  url: 'sqlite:"
      << dir.File("empty.db") << "'\n"
      << "notifications:\n"
         "  - type: webhook\n"
         "    url: 'http://127.0.0.1:"
      << port << "/train'\n"
      << "    retries: " << retries << "\n";
}

TEST(TrainNotification, FailedTrainingPostsTheSeedMessageWithTheError) {
  if (testing::AttritionBinary().empty()) GTEST_SKIP() << "run through ctest";
  TempDir dir;
  auto listener = testing::StartWebhookListener(dir.path());
  ASSERT_NE(listener->port(), 0);
  WriteConfig(dir, listener->port(), 0);
  testing::RunResult run = RunBinary(testing::AttritionBinary(), {"train"}, dir.path());
  EXPECT_NE(run.exit_code, 0);
  auto records = listener->Records();
  ASSERT_EQ(records.size(), 1u) << run.err;
  auto body = nlohmann::json::parse(records[0]["body"].get<std::string>());
  EXPECT_EQ(body["subject"], "training stage for environment ci has failed.");
  EXPECT_NE(body["error"].get<std::string>().find("PA_MODELING_DATASET"), std::string::npos)
      << body.dump();
  EXPECT_NE(run.err.find("training stage for environment ci has failed."), std::string::npos)
      << run.err;  // the log sink
}

TEST(TrainNotification, SinkThatIsDownLeavesExitCodeAndErrorUnchanged) {
  if (testing::AttritionBinary().empty()) GTEST_SKIP() << "run through ctest";
  TempDir with_sink, without_sink;
  WriteConfig(with_sink, testing::UnusedPort(), 1);
  {
    std::ofstream out(without_sink.File("config.yaml"));
    out << "environment: ci\nwarehouse:\n  url: 'sqlite:" << without_sink.File("empty.db") << "'\n";
    std::ofstream(without_sink.File("empty.db"));
  }
  testing::RunResult down = RunBinary(testing::AttritionBinary(), {"train"}, with_sink.path());
  testing::RunResult plain = RunBinary(testing::AttritionBinary(), {"train"}, without_sink.path());
  EXPECT_NE(plain.exit_code, 0);
  EXPECT_EQ(down.exit_code, plain.exit_code);
  EXPECT_NE(down.err.find("gave up after 2 attempt(s)"), std::string::npos) << down.err;
  // The command's own error line is the same, whatever the sinks did.
  auto last_line = [](const std::string& text) {
    std::string trimmed = text.substr(0, text.find_last_not_of('\n') + 1);
    return trimmed.substr(trimmed.find_last_of('\n') + 1);
  };
  std::string expected = last_line(plain.err);
  std::string got = last_line(down.err);
  const std::string without_path = without_sink.path().string(),
                    with_path = with_sink.path().string();
  for (size_t at; (at = expected.find(without_path)) != std::string::npos;) {
    expected.replace(at, without_path.size(), with_path);
  }
  EXPECT_EQ(got, expected);
}

}  // namespace
}  // namespace attrition
