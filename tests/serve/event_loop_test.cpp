// The serve EventLoop on its own: level-triggered readiness, tasks posted from other
// threads, Stop from another thread.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "serve/event_loop.h"

namespace attrition::serve {
namespace {

using std::chrono::milliseconds;

struct Recorder final : EventLoop::Handler {
  void OnEvents(uint32_t events) override { seen.push_back(events); }
  std::vector<uint32_t> seen;
};

struct Pipe {
  Pipe() { EXPECT_EQ(pipe(fds), 0); }
  ~Pipe() {
    close(fds[0]);
    close(fds[1]);
  }
  int fds[2] = {-1, -1};
};

TEST(EventLoop, ReportsAReadableDescriptorUntilItIsDrained) {
  EventLoop loop;
  Pipe pipe;
  Recorder recorder;
  ASSERT_TRUE(loop.Add(pipe.fds[0], EPOLLIN, &recorder));
  EXPECT_TRUE(loop.RunOnce(milliseconds(0)));
  EXPECT_TRUE(recorder.seen.empty());

  ASSERT_EQ(write(pipe.fds[1], "ab", 2), 2);
  loop.RunOnce(milliseconds(1000));
  loop.RunOnce(milliseconds(1000));  // level-triggered: still readable, reported again
  ASSERT_EQ(recorder.seen.size(), 2u);
  EXPECT_TRUE(recorder.seen[0] & EPOLLIN);

  char bytes[2];
  ASSERT_EQ(read(pipe.fds[0], bytes, 2), 2);
  loop.RunOnce(milliseconds(0));
  EXPECT_EQ(recorder.seen.size(), 2u);

  // Modify to no events: not reported even when readable; Remove: never again.
  ASSERT_EQ(write(pipe.fds[1], "c", 1), 1);
  ASSERT_TRUE(loop.Modify(pipe.fds[0], 0, &recorder));
  loop.RunOnce(milliseconds(0));
  EXPECT_EQ(recorder.seen.size(), 2u);
  ASSERT_TRUE(loop.Modify(pipe.fds[0], EPOLLIN, &recorder));
  loop.RunOnce(milliseconds(1000));
  EXPECT_EQ(recorder.seen.size(), 3u);
  loop.Remove(pipe.fds[0]);
  loop.RunOnce(milliseconds(0));
  EXPECT_EQ(recorder.seen.size(), 3u);
}

TEST(EventLoop, RunsTasksPostedFromOtherThreadsOnItsOwnThreadAndStops) {
  EventLoop loop;
  constexpr int kPosters = 4, kTasksEach = 500;
  int ran = 0;  // touched only on the loop's thread
  std::atomic<bool> wrong_thread{false};
  std::thread runner([&] {
    while (loop.RunOnce(milliseconds(5000))) {
    }
  });
  std::vector<std::thread> posters;
  for (int p = 0; p < kPosters; ++p) {
    posters.emplace_back([&] {
      for (int i = 0; i < kTasksEach; ++i) {
        loop.Post([&] {
          if (std::this_thread::get_id() != runner.get_id()) wrong_thread = true;
          ++ran;
        });
      }
    });
  }
  for (auto& poster : posters) poster.join();
  std::atomic<bool> last_ran{false};
  loop.Post([&] { last_ran = true; });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!last_ran && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(1));
  }
  loop.Stop();  // wakes the 5 s wait at once
  const auto stop_asked = std::chrono::steady_clock::now();
  runner.join();
  EXPECT_LT(std::chrono::steady_clock::now() - stop_asked, std::chrono::seconds(2));
  EXPECT_TRUE(last_ran);
  EXPECT_EQ(ran, kPosters * kTasksEach);  // every task before the last one ran, none lost
  EXPECT_FALSE(wrong_thread);
  EXPECT_FALSE(loop.RunOnce(milliseconds(0)));
}

}  // namespace
}  // namespace attrition::serve
