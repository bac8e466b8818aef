// `--endpoint`: scoring through a running `attrition serve` gives the in-process rows.
#include <gtest/gtest.h>

#include "attrition/score.h"
#include "attrition/train.h"
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

TEST(EndpointScoring, AnEndpointServingAnotherVersionFailsTheRunAndWritesNothing) {
  ScoringWorld world;
  auto warehouse = world.Open();
  auto second = train::TrainModel(world.config(), *warehouse, {.threads = 2});  // not promoted
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  attrition::testing::ServeProcess serve(
      world.dir(), {"--artifacts", world.config().artifacts.dir, "--model", second->version,
                    "--threads", "1"});
  ASSERT_TRUE(serve.running()) << serve.Log();
  const std::string url = "http://127.0.0.1:" + std::to_string(serve.port());

  auto production = ScoreRun(world.config(), *warehouse, {.endpoint = url});
  ASSERT_FALSE(production.ok());
  EXPECT_EQ(production.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(production.status().message().find(
                "--endpoint: " + url + "/invocations serves model " + second->version +
                ", but this run scores with v0001-"),
            std::string::npos)
      << production.status().message();
  EXPECT_FALSE(warehouse->DescribeTable("PA_INFERENCE_RESULTS").ok()) << "nothing is written";

  // The version it serves, named with the URL a SageMaker user would copy.
  auto same = ScoreRun(world.config(), *warehouse,
                       {.model = second->version, .endpoint = url + "/invocations/"});
  ASSERT_TRUE(same.ok()) << same.status().ToString();
  EXPECT_EQ(same->model_version, second->version);
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
