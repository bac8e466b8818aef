// `--endpoint`: scoring through a running `attrition serve` gives the in-process rows.
#include <gtest/gtest.h>

#include "attrition/score.h"
#include "score/score_fixture.h"
#include "serve/serve_process.h"

namespace attrition::score {
namespace {

using testing::ResultRows;
using testing::ScoringWorld;

TEST(EndpointScoring, ThroughAttritionServeWritesExactlyTheInProcessRows) {
  ScoringWorld in_process, through_endpoint;
  attrition::testing::ServeProcess serve(
      through_endpoint.dir(), {"--artifacts", through_endpoint.config().artifacts.dir, "--threads", "1"});
  ASSERT_TRUE(serve.running()) << serve.Log();

  auto a = in_process.Open();
  auto local = ScoreRun(in_process.config(), *a, {.threads = 2});
  ASSERT_TRUE(local.ok()) << local.status().ToString();
  auto b = through_endpoint.Open();
  const std::string url = "http://127.0.0.1:" + std::to_string(serve.port());
  auto remote = ScoreRun(through_endpoint.config(), *b,
                         {.endpoint = url, .endpoint_batch_rows = 300, .threads = 2});
  ASSERT_TRUE(remote.ok()) << remote.status().ToString();
  EXPECT_EQ(remote->rows, local->rows);
  EXPECT_EQ(ResultRows(*b), ResultRows(*a));
}

TEST(EndpointScoring, AnEndpointThatIsDownIsUnavailableNamingTheUrl) {
  ScoringWorld world;
  auto warehouse = world.Open();
  // Port 1 on loopback: nothing listens there.
  auto summary = ScoreRun(world.config(), *warehouse, {.endpoint = "http://127.0.0.1:1"});
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), Status::Code::kUnavailable);
  EXPECT_NE(summary.status().message().find("--endpoint: POST http://127.0.0.1:1/invocations failed"),
            std::string::npos)
      << summary.status().message();
}

TEST(EndpointScoring, AnEndpointUrlThatIsNotHttpIsRefused) {
  ScoringWorld world;
  auto warehouse = world.Open();
  auto summary = ScoreRun(world.config(), *warehouse, {.endpoint = "localhost:8080"});
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().message(),
            "--endpoint: got 'localhost:8080', expected http://host:port of a running "
            "`attrition serve`");
}

}  // namespace
}  // namespace attrition::score
