// `attrition serve` under abuse and change: fuzzed and truncated requests, huge heads,
// slow and half-closed clients; hot swap under continuous load with zero failed
// requests; a version that fails to load; SIGTERM draining in-flight requests.
#include <gtest/gtest.h>

#include <atomic>
#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <mutex>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "attrition/model_bundle.h"
#include "http_client.h"
#include "serve_process.h"
#include "support/temp_dir.h"
#include "trained_registry.h"

namespace attrition::testing {
namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// One row of the synthetic model's 6 features (X1, X2, NOISE, three PAYOR dummies).
constexpr char kRow[] = "[[1.25, 3.5, null, 0, 1, 0]]";

std::string PostRequest(const std::string& body, bool close = false) {
  return "POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
         std::string(close ? "Connection: close\r\n" : "") +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

class Resilience : public ::testing::Test {
 protected:
  void SetUp() override {
    registry_ = TrainedRegistry::Get();
    if (registry_ == nullptr) GTEST_SKIP();
    registry_->Promote(registry_->v1());
  }
  void TearDown() override {
    if (registry_ != nullptr) registry_->Promote(registry_->v1());
  }

  std::unique_ptr<ServeProcess> StartServer(std::vector<std::string> args = {}) {
    args.insert(args.end(), {"--threads", "2", "--poll-ms", "100"});
    auto server = std::make_unique<ServeProcess>(registry_->dir(), args);
    EXPECT_TRUE(server->running()) << server->Log();
    return server;
  }

  TrainedRegistry* registry_ = nullptr;
};

TEST_F(Resilience, SurvivesFuzzedTruncatedAndOversizedRequests) {
  auto server = StartServer({"--request-timeout-ms", "1500", "--idle-timeout-ms", "3000"});
  ASSERT_TRUE(server->running());
  const uint16_t port = server->port();
  std::mt19937 rng(20261127);

  // Random bytes, then half-close: the server answers 400 or closes; never hangs.
  for (int i = 0; i < 60; ++i) {
    RawConnection raw(port);
    std::string junk(1 + rng() % 3000, '\0');
    for (char& c : junk) c = static_cast<char>(rng());
    if (i % 3 == 0) junk = "POST /invocations HTTP/1.1\r\n" + junk;
    raw.Write(junk);
    raw.ShutdownWrite();
    const std::string answer = raw.ReadUntilClosed();
    EXPECT_TRUE(answer.empty() || answer.rfind("HTTP/1.1 400 ", 0) == 0 ||
                answer.rfind("HTTP/1.1 431 ", 0) == 0 || answer.rfind("HTTP/1.1 404 ", 0) == 0 ||
                answer.rfind("HTTP/1.1 405 ", 0) == 0)
        << answer.substr(0, 200);
  }

  // Valid requests cut at every kind of place, then half-closed.
  const std::string whole = PostRequest(kRow);
  for (size_t cut = 1; cut < whole.size(); cut += 3) {
    RawConnection raw(port);
    raw.Write(whole.substr(0, cut));
    raw.ShutdownWrite();
    const std::string answer = raw.ReadUntilClosed();
    EXPECT_EQ(answer.find("HTTP/1.1 200"), std::string::npos) << "cut at " << cut;
  }

  // A whole request followed by a half-close still gets its answer.
  {
    RawConnection raw(port);
    raw.Write(whole);
    raw.ShutdownWrite();
    EXPECT_EQ(raw.ReadUntilClosed().rfind("HTTP/1.1 200 OK", 0), 0u);
  }

  // Mutated bodies over valid HTTP: 200 or a 400 naming the problem, never anything else.
  HttpClient client(port);
  const std::vector<std::string> seeds = {
      kRow, "1.25,3.5,,0,1,0\n",
      R"({"instances": [{"X1": 1, "X2": null, "NOISE": 0.5, "PAYOR": "Medicare"}]})"};
  const std::string alphabet = "[]{},:\"0123456789.eE+-nulltrue \n\\x";
  for (int i = 0; i < 600; ++i) {
    std::string body = seeds[i % seeds.size()];
    for (int edits = 1 + rng() % 4; edits > 0; --edits) {
      const size_t at = rng() % (body.size() + 1);
      switch (rng() % 3) {
        case 0: body.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
        case 1: if (at < body.size()) body.erase(at, 1); break;
        default: if (at < body.size()) body[at] = alphabet[rng() % alphabet.size()];
      }
    }
    const bool csv = i % seeds.size() == 1;
    const HttpResponse response = csv ? client.PostCsv(body) : client.PostJson(body);
    ASSERT_TRUE(response.status == 200 || response.status == 400)
        << response.status << " " << response.error << " for " << body << ": " << response.body;
    if (response.status == 400) {
      ASSERT_FALSE(Json::parse(response.body)["error"].get<std::string>().empty());
    }
  }

  // Huge heads: one long header and very many headers.
  for (const std::string& head :
       {"X-A: " + std::string(100000, 'a') + "\r\n", [] {
          std::string many;
          for (int i = 0; i < 3000; ++i) many += "X-" + std::to_string(i) + ": v\r\n";
          return many;
        }()}) {
    RawConnection raw(port);
    raw.Write("GET /ping HTTP/1.1\r\nHost: x\r\n" + head + "\r\n");
    EXPECT_EQ(raw.ReadUntilClosed().rfind("HTTP/1.1 431 ", 0), 0u);
  }

  EXPECT_EQ(HttpClient(port).Get("/ping").status, 200);
  EXPECT_EQ(server->Stop(), 0) << server->Log();
}

TEST_F(Resilience, SlowClientsAreCutOffAndDoNotBlockOthers) {
  auto server = StartServer({"--request-timeout-ms", "1000", "--idle-timeout-ms", "2000"});
  ASSERT_TRUE(server->running());
  const uint16_t port = server->port();
  // Many connections that send part of a head and stall, more than the I/O threads.
  std::vector<std::unique_ptr<RawConnection>> stalled;
  for (int i = 0; i < 40; ++i) {
    stalled.push_back(std::make_unique<RawConnection>(port));
    stalled.back()->Write("POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Le");
  }
  // ... while others are served at once.
  HttpClient client(port);
  for (int i = 0; i < 20; ++i) ASSERT_EQ(client.PostJson(kRow).status, 200);
  // A client that drips a request one byte at a time is closed at the request timeout.
  RawConnection drip(port);
  const std::string request = PostRequest(kRow);
  const auto started = Clock::now();
  size_t sent = 0;
  while (sent < request.size() && drip.Write(request.substr(sent, 1))) {
    ++sent;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (Clock::now() - started > std::chrono::seconds(20)) break;
  }
  EXPECT_LT(sent, request.size()) << "the drip-fed request was never cut off";
  // The stalled ones are gone too: the server closed them.
  for (auto& connection : stalled) EXPECT_EQ(connection->ReadUntilClosed().find("200 OK"), std::string::npos);
  // An idle keep-alive connection is closed after the idle timeout.
  RawConnection idle(port);
  idle.Write("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
  const auto idle_since = Clock::now();
  EXPECT_EQ(idle.ReadUntilClosed().rfind("HTTP/1.1 200 OK", 0), 0u);
  EXPECT_LT(Clock::now() - idle_since, std::chrono::seconds(15));
  EXPECT_EQ(HttpClient(port).Get("/ping").status, 200);
  EXPECT_EQ(server->Stop(), 0) << server->Log();
}

// The probability a version gives kRow.
float ProbabilityOf(const TrainedRegistry& registry, const std::string& version) {
  auto model = model::LoadModel(registry.VersionDir(version));
  EXPECT_TRUE(model.ok());
  const std::vector<float> row = {1.25f, 3.5f, std::nanf(""), 0, 1, 0};
  return model.ok() ? model->ensemble.PredictProbability(row) : -1;
}

TEST_F(Resilience, HotSwapUnderContinuousLoadFailsNoRequest) {
  auto server = StartServer();
  ASSERT_TRUE(server->running());
  const uint16_t port = server->port();
  const std::map<std::string, float> expected = {
      {registry_->v1(), ProbabilityOf(*registry_, registry_->v1())},
      {registry_->v2(), ProbabilityOf(*registry_, registry_->v2())}};
  ASSERT_NE(expected.at(registry_->v1()), expected.at(registry_->v2()));

  std::atomic<bool> stop{false};
  std::atomic<int> requests{0}, failures{0};
  std::mutex mutex;
  std::string last_version, first_failure;
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&, c] {
      HttpClient client(port);
      while (!stop) {
        // One client opens a new connection per request, the others keep theirs.
        HttpClient fresh(port);
        const HttpResponse response = c == 3 ? fresh.PostJson(kRow) : client.PostJson(kRow);
        ++requests;
        const std::string version = response.Header("x-model-version");
        bool good = response.status == 200 && expected.count(version) == 1;
        if (good) {
          const Json answer = Json::parse(response.body, nullptr, false);
          good = answer.is_array() && answer.size() == 1 &&
                 static_cast<float>(answer[0].get<double>()) == expected.at(version);
        }
        std::lock_guard lock(mutex);
        if (!good) {
          ++failures;
          if (first_failure.empty()) first_failure = std::to_string(response.status) + " " + response.error + " " + response.body;
        } else {
          last_version = version;
        }
      }
    });
  }
  const auto current = [&] {
    std::lock_guard lock(mutex);
    return last_version;
  };
  // Waits until the clients see `version`; returns how long that took.
  const auto wait_for = [&](const std::string& version) {
    const auto started = Clock::now();
    while (current() != version && Clock::now() - started < std::chrono::seconds(30)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return Clock::now() - started;
  };
  EXPECT_LT(wait_for(registry_->v1()), std::chrono::seconds(30));
  // Generous bounds for a loaded machine; the slowest swap seen is reported.
  Clock::duration slowest{};
  for (int swap = 0; swap < 3; ++swap) {
    registry_->Promote(registry_->v2());
    const auto to_v2 = wait_for(registry_->v2());
    EXPECT_LT(to_v2, std::chrono::seconds(5)) << "swap " << swap;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    ASSERT_TRUE(registry_->registry().Rollback().ok());
    const auto to_v1 = wait_for(registry_->v1());
    EXPECT_LT(to_v1, std::chrono::seconds(5)) << "rollback " << swap;
    slowest = std::max({slowest, to_v2, to_v1});
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  RecordProperty("slowest_swap_ms",
                 static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(slowest).count()));
  stop = true;
  for (auto& client : clients) client.join();
  EXPECT_EQ(failures.load(), 0) << first_failure;
  EXPECT_GT(requests.load(), 100);
  const std::string log = server->Log();
  EXPECT_NE(log.find("swapped model " + registry_->v1() + " -> " + registry_->v2()), std::string::npos) << log;
  EXPECT_EQ(server->Stop(), 0) << log;
}

TEST_F(Resilience, AVersionThatFailsToLoadKeepsTheOldModel) {
  auto server = StartServer();
  ASSERT_TRUE(server->running());
  // A registered version whose model file is not a model.
  TempDir broken;
  for (const char* file : {model::kFeaturePlanFile, model::kMetadataFile}) {
    std::filesystem::copy_file(registry_->VersionDir(registry_->v1()) / file, broken.path() / file);
  }
  std::ofstream(broken.path() / model::kModelFile) << "{\"not\": \"a model\"}";
  auto version = registry_->registry().Register(
      {.source_dir = broken.path(), .metrics = {{"test_auc", 0.99}}});
  ASSERT_TRUE(version.ok()) << version.status().message();
  registry_->Promote(version->id);

  HttpClient client(server->port());
  const auto started = Clock::now();
  while (server->Log().find("could not load model " + version->id) == std::string::npos &&
         Clock::now() - started < std::chrono::seconds(20)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_NE(server->Log().find("still serving " + registry_->v1()), std::string::npos) << server->Log();
  const HttpResponse response = client.PostJson(kRow);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("x-model-version"), registry_->v1());
  EXPECT_EQ(client.Get("/ping").status, 200);
  EXPECT_NE(client.Get("/metrics").body.find("attrition_model_load_failures_total 1"), std::string::npos);
  EXPECT_EQ(server->Stop(), 0);
}

TEST_F(Resilience, SigtermDrainsInFlightRequestsAndExitsZero) {
  auto server = StartServer();
  ASSERT_TRUE(server->running());
  const uint16_t port = server->port();
  // In flight: the head and half the body are sent.
  const std::string body = kRow;
  RawConnection in_flight(port);
  in_flight.Write("POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
                  body.substr(0, body.size() / 2));
  // Idle: a kept-alive connection between requests.
  HttpClient idle(port);
  ASSERT_EQ(idle.Get("/ping").status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));

  std::thread stopper([&] { server->Stop(SIGTERM); });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  in_flight.Write(body.substr(body.size() / 2));
  const std::string answer = in_flight.ReadUntilClosed();
  EXPECT_EQ(answer.rfind("HTTP/1.1 200 OK", 0), 0u) << answer;
  EXPECT_NE(answer.find("Connection: close"), std::string::npos) << answer;
  stopper.join();
  EXPECT_EQ(server->exit_code(), 0) << server->Log();
  EXPECT_NE(server->Log().find("SIGTERM received; draining"), std::string::npos);
  // The listening socket is gone.
  EXPECT_EQ(HttpClient(port).Get("/ping").status, 0);
}

}  // namespace
}  // namespace attrition::testing
