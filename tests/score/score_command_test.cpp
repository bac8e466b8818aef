// `attrition score` as a user runs it: the real binary on a real warehouse.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "score/score_fixture.h"
#include "support/run_binary.h"

namespace attrition::score {
namespace {

using attrition::testing::AttritionBinary;
using attrition::testing::RunBinary;
using testing::QueryRows;
using testing::ScoringWorld;

// config.yaml pointing at the world's warehouse and artifacts.
void WriteConfig(const ScoringWorld& world, const std::string& artifacts) {
  FILE* f = std::fopen((world.dir() / "config.yaml").c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fprintf(f, "warehouse:\n  url: '%s'\nartifacts:\n  dir: '%s'\n", world.url().c_str(),
               artifacts.c_str());
  std::fclose(f);
}

// Every table's name and, for the tables scoring writes in its transaction, every row in
// storage order with its values and kinds.
std::string DatabaseDump(const ScoringWorld& world) {
  auto w = world.Open();
  std::string dump;
  for (const auto& table :
       QueryRows(*w, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
    dump += table[0] + "\n";
    if (table[0].find("T:PA_INFERENCE_RESULTS") != 0 && table[0] != "T:PA_SCORE_RUN_LOG") {
      continue;
    }
    for (const auto& row : QueryRows(*w, "SELECT * FROM \"" + table[0].substr(2) + "\" ORDER BY rowid")) {
      for (const auto& value : row) dump += value + "|";
      dump += "\n";
    }
  }
  return dump;
}

TEST(ScoreCommand, ScoresWithTheProductionModelAndPrintsASummary) {
  ScoringWorld world;
  WriteConfig(world, world.config().artifacts.dir);
  auto run = RunBinary(AttritionBinary(), {"score", "--threads", "2"}, world.dir());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("attrition score: "), std::string::npos) << run.out;
  EXPECT_NE(run.out.find(" rows of 6 months ("), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("expected attritions in "), std::string::npos) << run.out;
}

TEST(ScoreCommand, WithoutAProductionModelExitsTwoSayingToTrainAndPromote) {
  ScoringWorld world;
  WriteConfig(world, (world.dir() / "nothing-here").string());
  auto run = RunBinary(AttritionBinary(), {"score"}, world.dir());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("attrition: error: no model to score with: no model version is "
                         "production yet"),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("`attrition train`"), std::string::npos) << run.err;
}

TEST(ScoreCommand, ABadShardIsRefusedNamingTheFlag) {
  ScoringWorld world;
  WriteConfig(world, world.config().artifacts.dir);
  auto run = RunBinary(AttritionBinary(), {"score", "--shard", "2/2"}, world.dir());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--shard: got '2/2', expected i/n with 0 <= i < n <= 1024"),
            std::string::npos)
      << run.err;
}

// Runs `attrition score` in the world and SIGKILLs it `delay` after it announces the
// write. Returns whether it was killed (false: it finished first).
bool RunAndKill(const ScoringWorld& world, std::chrono::milliseconds delay) {
  int fds[2];
  if (::pipe(fds) != 0) return false;
  const std::string binary = AttritionBinary();
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (::chdir(world.dir().c_str()) != 0) ::_exit(126);
    ::dup2(fds[1], STDERR_FILENO);
    ::close(fds[0]);
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDOUT_FILENO);
    ::execl(binary.c_str(), binary.c_str(), "score", "--threads", "1", "--no-monitoring",
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(fds[1]);
  FILE* err = ::fdopen(fds[0], "r");
  char line[4096];
  bool killed = false;
  while (std::fgets(line, sizeof line, err) != nullptr) {
    if (std::string(line).find("score: writing ") == std::string::npos) continue;
    std::this_thread::sleep_for(delay);
    killed = ::kill(pid, SIGKILL) == 0;
    break;
  }
  std::fclose(err);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return killed && WIFSIGNALED(status);
}

int64_t Count(const ScoringWorld& world, const std::string& sql) {
  auto w = world.Open();
  return std::stoll(QueryRows(*w, sql).at(0).at(0).substr(2));
}

TEST(ScoreCommand, ARunKilledWhileWritingLeavesTheResultsAndTheirHistoryUnchanged) {
  ScoringWorld world;
  WriteConfig(world, world.config().artifacts.dir);
  for (int run = 0; run < 2; ++run) {  // the table and its _HIST both hold rows
    ASSERT_EQ(RunBinary(AttritionBinary(), {"score"}, world.dir()).exit_code, 0);
  }
  std::string before = DatabaseDump(world);
  int killed = 0;
  for (int delay_ms : {0, 5, 10, 20, 30}) {
    SCOPED_TRACE("killed " + std::to_string(delay_ms) + " ms into the write");
    const int64_t results = Count(world, "SELECT COUNT(*) FROM PA_INFERENCE_RESULTS");
    const int64_t history = Count(world, "SELECT COUNT(*) FROM PA_INFERENCE_RESULTS_HIST");
    if (!RunAndKill(world, std::chrono::milliseconds(delay_ms))) continue;
    const std::string after = DatabaseDump(world);
    if (after == before) {
      ++killed;
      continue;
    }
    // The kill came after the commit (the write is a few tens of ms here): then the run is
    // there whole. Its rows replaced all the earlier ones (every run scores the same
    // months), its log rows count them, and the replaced rows moved to _HIST.
    auto w = world.Open();
    const std::string run_id =
        QueryRows(*w, "SELECT RUN_ID FROM PA_SCORE_RUN_LOG ORDER BY rowid DESC LIMIT 1")
            .at(0)
            .at(0)
            .substr(2);
    EXPECT_EQ(Count(world, "SELECT COUNT(*) FROM PA_INFERENCE_RESULTS WHERE RUN_ID <> '" +
                               run_id + "'"),
              0);
    EXPECT_EQ(Count(world, "SELECT COUNT(*) FROM PA_INFERENCE_RESULTS"),
              Count(world, "SELECT SUM(ROWS) FROM PA_SCORE_RUN_LOG WHERE RUN_ID = '" + run_id +
                               "'"));
    EXPECT_EQ(Count(world, "SELECT COUNT(*) FROM PA_INFERENCE_RESULTS_HIST"), history + results);
    before = after;
  }
  EXPECT_GE(killed, 2) << "the runs finished before they could be killed";
  std::printf("killed %d of 5 runs while they wrote\n", killed);
  // The dump does see a completed run.
  ASSERT_EQ(RunBinary(AttritionBinary(), {"score"}, world.dir()).exit_code, 0);
  EXPECT_NE(DatabaseDump(world), before);
}

}  // namespace
}  // namespace attrition::score
