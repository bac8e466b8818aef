// Atomicity (SPEC 4): the real `attrition features`, killed with SIGKILL at several points
// while it writes, leaves every table and its _HIST exactly as before the run.
#include <gtest/gtest.h>
#include <signal.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <thread>

#include "attrition/features.h"
#include "features/source_fixture.h"
#include "support/run_binary.h"
#include "support/temp_dir.h"

namespace attrition::features {
namespace {

// A hash of every table of the database: names, rows in storage order, values and kinds.
size_t DatabaseDigest(const std::string& db) {
  auto w = testing::OpenSqlite(db);
  size_t digest = 0;
  const auto mix = [&digest](size_t h) { digest = digest * 1000003u ^ h; };
  for (const auto& table : testing::QueryRows(
           *w, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
    const std::string name = table[0].substr(2);
    mix(std::hash<std::string>{}(name));
    auto cursor = w->Query("SELECT * FROM \"" + name + "\" ORDER BY rowid");
    EXPECT_TRUE(cursor.ok()) << cursor.status().ToString();
    while (cursor.ok()) {
      auto more = (*cursor)->Next();
      if (!more.ok() || !*more) break;
      for (int i = 0; i < (*cursor)->ColumnCount(); ++i) {
        mix(static_cast<size_t>((*cursor)->Kind(i)));
        mix(std::hash<std::string_view>{}((*cursor)->Text(i)));
      }
    }
  }
  return digest;
}

// Runs `attrition -v features` on `db` and SIGKILLs it `delay` after its stderr shows
// the line announcing table number `table` (1-based). Returns false, with the reason in
// `*why`, when the run ended before it could be killed.
bool RunAndKill(const std::string& db, int table, std::chrono::milliseconds delay,
                std::string* why) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) return false;
  const std::string binary = attrition::testing::AttritionBinary();
  const std::string url = "sqlite:" + db;
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(pipe_fds[1], STDERR_FILENO);
    ::close(pipe_fds[0]);
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDOUT_FILENO);
    ::execl(binary.c_str(), binary.c_str(), "-v", "--warehouse", url.c_str(), "features",
            "--as-of", "2023-12", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  FILE* err = ::fdopen(pipe_fds[0], "r");
  char line[4096];
  int tables_seen = 0;
  bool killed = false;
  while (std::fgets(line, sizeof line, err) != nullptr) {
    if (std::string(line).find("features: writing ") == std::string::npos) continue;
    if (++tables_seen == table) {
      std::this_thread::sleep_for(delay);
      killed = ::kill(pid, SIGKILL) == 0;
      break;
    }
  }
  std::fclose(err);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!killed || !WIFSIGNALED(status)) {
    *why = "the run was not killed while writing table " + std::to_string(table) +
           " (exit status " + std::to_string(status) + ")";
    return false;
  }
  return true;
}

TEST(Atomicity, AFeaturesRunKilledWhileWritingLeavesEveryTableAndItsHistoryUnchanged) {
  attrition::testing::TempDir dir;
  const std::string db = dir.File("a.db");
  testing::RandomSourceOptions sources;
  sources.customers = 2000;
  ASSERT_TRUE(testing::RandomSources(sources).WriteTo(db).ok());
  FeatureOptions options;
  options.as_of = MonthFromYearMonth(2023, 12);
  for (int run = 0; run < 2; ++run) {  // tables, their _HIST and the run log all hold rows
    ASSERT_TRUE(BuildFeatures("sqlite:" + db, options).ok());
  }
  const size_t before = DatabaseDigest(db);

  struct KillPoint {
    int table;
    int delay_ms;
  };
  for (const KillPoint point : {KillPoint{1, 0}, KillPoint{2, 0}, KillPoint{2, 150},
                                KillPoint{3, 0}, KillPoint{4, 50}, KillPoint{5, 0},
                                KillPoint{6, 20}, KillPoint{7, 0}, KillPoint{7, 30}}) {
    SCOPED_TRACE("killed " + std::to_string(point.delay_ms) + " ms into table " +
                 std::to_string(point.table));
    std::string why;
    ASSERT_TRUE(RunAndKill(db, point.table, std::chrono::milliseconds(point.delay_ms), &why))
        << why;
    EXPECT_EQ(DatabaseDigest(db), before);
  }

  // The digest does see a completed run (each table's rows move into _HIST).
  ASSERT_TRUE(BuildFeatures("sqlite:" + db, options).ok());
  EXPECT_NE(DatabaseDigest(db), before);
}

}  // namespace
}  // namespace attrition::features
