// `attrition serve` over real HTTP on loopback: every route, every error, Accept
// negotiation, and answers equal to the loaded model's own predictions.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "attrition/model_bundle.h"
#include "attrition/model_tree_ensemble.h"
#include "http_client.h"
#include "serve_process.h"
#include "support/temp_dir.h"
#include "trained_registry.h"

namespace attrition::testing {
namespace {

using Json = nlohmann::json;

class Endpoint : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    registry_ = TrainedRegistry::Get();
    if (registry_ == nullptr) return;
    registry_->Promote(registry_->v1());
    auto loaded = model::LoadModel(registry_->VersionDir(registry_->v1()));
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    model_ = new model::LoadedModel(std::move(*loaded));
    server_ = new ServeProcess(registry_->dir(), {"--threads", "2"});
    ASSERT_TRUE(server_->running()) << server_->Log();
  }
  static void TearDownTestSuite() {
    if (server_ != nullptr) {
      EXPECT_EQ(server_->Stop(), 0) << server_->Log();
    }
    delete server_;
    delete model_;
    server_ = nullptr;
    model_ = nullptr;
  }
  void SetUp() override {
    if (registry_ == nullptr || server_ == nullptr || !server_->running()) GTEST_SKIP();
  }

  static uint16_t port() { return server_->port(); }
  static size_t width() { return model_->ensemble.num_features(); }

  // Random rows in the features' ranges, about 10% missing.
  static std::vector<std::vector<float>> RandomRows(size_t count, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> value(-3, 12);
    std::bernoulli_distribution missing(0.1), bit(0.5);
    std::vector<std::vector<float>> rows(count, std::vector<float>(width()));
    const auto& names = model_->bundle.plan.feature_names();
    for (auto& row : rows) {
      for (size_t j = 0; j < row.size(); ++j) {
        if (names[j].rfind("PAYOR_", 0) == 0) {
          row[j] = bit(rng) ? 1.0f : 0.0f;
        } else {
          row[j] = missing(rng) ? std::numeric_limits<float>::quiet_NaN() : value(rng);
        }
      }
    }
    return rows;
  }

  static std::string JsonRows(const std::vector<std::vector<float>>& rows) {
    std::string text = "[";
    for (size_t i = 0; i < rows.size(); ++i) {
      text += i ? ",[" : "[";
      for (size_t j = 0; j < rows[i].size(); ++j) {
        if (j) text += ",";
        text += std::isnan(rows[i][j]) ? "null" : std::to_string(rows[i][j]);
      }
      text += "]";
    }
    return text + "]";
  }

  static std::string CsvRows(const std::vector<std::vector<float>>& rows) {
    std::string text;
    for (const auto& row : rows) {
      for (size_t j = 0; j < row.size(); ++j) {
        if (j) text += ",";
        if (!std::isnan(row[j])) text += std::to_string(row[j]);
      }
      text += "\n";
    }
    return text;
  }

  // The model's probability of `row` as it was sent (decimal text, read back as double,
  // then float, as the server and numpy do).
  static float Expected(const std::vector<float>& row) {
    std::vector<float> sent(row.size());
    for (size_t j = 0; j < row.size(); ++j) {
      sent[j] = std::isnan(row[j]) ? row[j]
                                   : static_cast<float>(std::stod(std::to_string(row[j])));
    }
    return model_->ensemble.PredictProbability(sent);
  }

  static std::string OneRow() { return JsonRows(RandomRows(1, 7)); }

  static std::string Instance(const std::string& payor, const std::string& x1 = "1.5") {
    return R"({"X1": )" + x1 + R"(, "X2": 4.0, "NOISE": null, "PAYOR": ")" + payor + R"("})";
  }

  static inline TrainedRegistry* registry_ = nullptr;
  static inline model::LoadedModel* model_ = nullptr;
  static inline ServeProcess* server_ = nullptr;
};

TEST_F(Endpoint, PingAnswers200WithAModel) {
  HttpClient client(port());
  const HttpResponse response = client.Get("/ping");
  EXPECT_EQ(response.status, 200) << response.error;
  EXPECT_EQ(client.Get("/ping?x=1").status, 200);  // same connection, kept alive
}

TEST_F(Endpoint, TwoDimensionalArraysGetTheModelsProbabilitiesForManyRows) {
  const auto rows = RandomRows(600, 1);
  HttpClient client(port());
  // In batches of 100 rows...
  for (size_t start = 0; start < rows.size(); start += 100) {
    const std::vector<std::vector<float>> batch(rows.begin() + start, rows.begin() + start + 100);
    const HttpResponse response = client.PostJson(JsonRows(batch));
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.Header("content-type"), "application/json");
    EXPECT_EQ(response.Header("x-model-version"), registry_->v1());
    const Json answer = Json::parse(response.body);
    ASSERT_EQ(answer.size(), batch.size());
    for (size_t i = 0; i < batch.size(); ++i) {
      ASSERT_EQ(static_cast<float>(answer[i].get<double>()), Expected(batch[i])) << "row " << start + i;
    }
  }
  // ... and one row per request, the endpoint's hot path.
  for (size_t i = 0; i < 200; ++i) {
    const HttpResponse response = client.PostJson(JsonRows({rows[i]}));
    ASSERT_EQ(response.status, 200) << response.body;
    ASSERT_EQ(static_cast<float>(Json::parse(response.body)[0].get<double>()), Expected(rows[i]));
  }
}

TEST_F(Endpoint, CsvRowsGetOneProbabilityPerLine) {
  const auto rows = RandomRows(300, 2);
  HttpClient client(port());
  const HttpResponse response = client.PostCsv(CsvRows(rows));
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Header("content-type"), "text/csv");
  std::istringstream lines(response.body);
  std::string line;
  size_t i = 0;
  while (std::getline(lines, line)) {
    ASSERT_LT(i, rows.size());
    EXPECT_EQ(static_cast<float>(std::stod(line)), Expected(rows[i])) << "row " << i;
    ++i;
  }
  EXPECT_EQ(i, rows.size());
}

TEST_F(Endpoint, InstancesAreEncodedByThePlanAndExplained) {
  HttpClient client(port());
  const HttpResponse response = client.PostJson(
      R"({"instances": [)" + Instance("Medicare") + "," + Instance("State Medicaid", "-2") + "," +
      R"({"X1": 0.5, "X2": null, "NOISE": 1, "PAYOR": "Unseen", "CUSTOMER_ID": "C1", "MONTH": "2022-01", "MRN": "M1", "INGESTED_DATE": "2024-01-01", "UPDATED_DATE": "2024-01-01", "STAGE": "dev"}]})");
  ASSERT_EQ(response.status, 200) << response.body;
  const Json answer = Json::parse(response.body);
  EXPECT_EQ(answer["model_version"], registry_->v1());
  const Json& predictions = answer["predictions"];
  ASSERT_EQ(predictions.size(), 3u);

  // The same instances through the plan and the native model here.
  const model::FeaturePlan& plan = model_->bundle.plan;
  using model::RawField;
  const std::vector<std::vector<RawField>> instances = {
      {{"X1", 1.5}, {"X2", 4.0}, {"NOISE", std::monostate{}}, {"PAYOR", std::string_view("Medicare")}},
      {{"X1", -2.0}, {"X2", 4.0}, {"NOISE", std::monostate{}}, {"PAYOR", std::string_view("State Medicaid")}},
      {{"X1", 0.5}, {"X2", std::monostate{}}, {"NOISE", 1.0}, {"PAYOR", std::string_view("Unseen")}}};
  for (size_t i = 0; i < instances.size(); ++i) {
    std::vector<float> row(plan.num_features());
    ASSERT_TRUE(plan.Apply(instances[i], row).ok());
    const float probability = model_->ensemble.PredictProbability(row);
    EXPECT_EQ(static_cast<float>(predictions[i]["probability"].get<double>()), probability);
    EXPECT_EQ(predictions[i]["prediction"].get<int>(),
              probability >= model_->bundle.metadata.threshold ? 1 : 0);
    std::vector<float> contributions(plan.num_features() + 1);
    model_->ensemble.Contributions(row, contributions);
    const std::vector<std::string> names = model::TopReasonNames(
        std::span<const float>(contributions.data(), plan.num_features()), plan.feature_names(), 3);
    const Json& reasons = predictions[i]["reasons"];
    ASSERT_EQ(reasons.size(), names.size()) << response.body;
    for (size_t r = 0; r < names.size(); ++r) {
      EXPECT_EQ(reasons[r]["feature"], names[r]);
      EXPECT_GT(reasons[r]["contribution"].get<double>(), 0.0);
    }
  }
}

TEST_F(Endpoint, NegotiatesTheResponseTypeFromAccept) {
  HttpClient client(port());
  const auto rows = RandomRows(2, 3);
  const std::string csv = CsvRows(rows);
  // CSV in, JSON out: SageMaker XGBoost's {"predictions": [{"score": p}]}.
  HttpResponse response = client.PostCsv(csv, "application/json");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Header("content-type"), "application/json");
  Json answer = Json::parse(response.body);
  ASSERT_EQ(answer["predictions"].size(), 2u);
  EXPECT_EQ(static_cast<float>(answer["predictions"][1]["score"].get<double>()), Expected(rows[1]));
  // CSV in, default (and */*): CSV out.
  EXPECT_EQ(client.PostCsv(csv, "*/*").Header("content-type"), "text/csv");
  // JSON array in, CSV out.
  response = client.PostJson(JsonRows(rows), "text/csv");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("content-type"), "text/csv");
  EXPECT_EQ(std::count(response.body.begin(), response.body.end(), '\n'), 2);
  EXPECT_EQ(client.PostJson(JsonRows(rows), "text/*").Header("content-type"), "text/csv");
  // Nothing acceptable: 406 naming what is.
  response = client.PostCsv(csv, "application/x-recordio-protobuf");
  EXPECT_EQ(response.status, 406);
  EXPECT_NE(response.body.find("application/json or text/csv"), std::string::npos) << response.body;
  response = client.PostJson(R"({"instances": [)" + Instance("Medicare") + "]}", "text/csv");
  EXPECT_EQ(response.status, 406) << response.body;
}

// The error body of `response`, after checking its status and JSON shape.
std::string ErrorOf(const HttpResponse& response, int status) {
  EXPECT_EQ(response.status, status) << response.body << response.error;
  EXPECT_EQ(response.Header("content-type"), "application/json");
  const Json body = Json::parse(response.body, nullptr, false);
  if (body.is_discarded() || !body.contains("error")) {
    ADD_FAILURE() << "not a JSON error: " << response.body;
    return "";
  }
  EXPECT_EQ(body["status"], status);
  return body["error"];
}

TEST_F(Endpoint, BadRequestsGet400NamingTheProblem) {
  HttpClient client(port());
  EXPECT_EQ(ErrorOf(client.PostJson("[[1, 2,"), 400).rfind("malformed JSON at byte ", 0), 0u);
  EXPECT_EQ(ErrorOf(client.PostJson("[[1, 2]]"), 400),
            "row 0 has 2 values, expected " + std::to_string(width()) +
                " (the model's features in feature-plan order)");
  std::string row = OneRow();
  row.replace(row.find(',') + 1, 0, "\"high\",");  // one value too many, and not a number
  EXPECT_EQ(ErrorOf(client.PostJson(row), 400),
            "row 0, column 1: expected a number or null, got the string \"high\"");
  EXPECT_EQ(ErrorOf(client.PostCsv("1,2,x\n"), 400).find("row 0"), 0u);
  EXPECT_EQ(ErrorOf(client.PostJson(R"({"instances": [{"X1": 1, "X2": 2, "NOISE": 0}]})"), 400),
            "instance 0: missing field \"PAYOR\" (use null for a missing value)");
  EXPECT_EQ(ErrorOf(client.PostJson(R"({"instances": [{"X1": 1, "X2": 2, "NOISE": 0, "PAYOR": "Medicare", "XX": 1}]})"), 400),
            "instance 0: unknown field \"XX\" (the model reads: NOISE, PAYOR, X1, X2)");
  EXPECT_NE(ErrorOf(client.PostJson(R"({"instances": [{"X1": "old", "X2": 2, "NOISE": 0, "PAYOR": "Medicare"}]})"), 400)
                .find("X1"),
            std::string::npos);
  EXPECT_EQ(ErrorOf(client.PostJson(R"({"instances": [{"X1": 1e999, "X2": 2, "NOISE": 0, "PAYOR": "Medicare"}]})"), 400),
            "malformed JSON: number overflow parsing '1e999'");
  EXPECT_EQ(ErrorOf(client.PostJson(R"({"rows": []})"), 400),
            "expected {\"instances\": [{field: value, ...}, ...]}: no \"instances\" key");
  // The connection survives all of that.
  EXPECT_EQ(client.Get("/ping").status, 200);
}

TEST_F(Endpoint, WrongContentTypeRouteOrMethodGet415_404_405) {
  HttpClient client(port());
  EXPECT_NE(ErrorOf(client.Send("POST", "/invocations", "x", {{"Content-Type", "application/xml"}}), 415)
                .find("application/xml"),
            std::string::npos);
  EXPECT_EQ(ErrorOf(client.Send("POST", "/invocations", "[[1]]"), 415),
            "missing Content-Type: expected application/json or text/csv");
  EXPECT_NE(ErrorOf(client.Get("/nope"), 404).find("GET /nope"), std::string::npos);
  HttpResponse response = client.Get("/invocations");
  ErrorOf(response, 405);
  EXPECT_EQ(response.Header("allow"), "POST");
  response = client.Send("DELETE", "/ping");
  ErrorOf(response, 405);
  EXPECT_EQ(response.Header("allow"), "GET");
}

TEST_F(Endpoint, PayloadOverTheLimitGets413BeforeTheBodyIsSent) {
  // Only the head is sent: the server must answer from Content-Length alone.
  RawConnection raw(port());
  ASSERT_TRUE(raw.Write("POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
                        "Content-Length: 7340032\r\n\r\n"));  // 7 MiB > 6 MiB default
  const std::string answer = raw.ReadUntilClosed();
  EXPECT_EQ(answer.rfind("HTTP/1.1 413 ", 0), 0u) << answer;
  EXPECT_NE(answer.find("over the limit of 6291456 bytes"), std::string::npos) << answer;
  // A chunked body that grows past the limit is refused too.
  RawConnection chunked(port());
  std::string request =
      "POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  const std::string chunk(1 << 20, '1');
  for (int i = 0; i < 7; ++i) request += "100000\r\n" + chunk + "\r\n";
  chunked.Write(request);
  EXPECT_EQ(chunked.ReadUntilClosed().rfind("HTTP/1.1 413 ", 0), 0u);
}

TEST_F(Endpoint, HugeHeadersGet431) {
  RawConnection raw(port());
  raw.Write("GET /ping HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(64 << 10, 'a') + "\r\n\r\n");
  EXPECT_EQ(raw.ReadUntilClosed().rfind("HTTP/1.1 431 ", 0), 0u);
}

TEST_F(Endpoint, ExpectContinueIsAnswered) {
  RawConnection raw(port());
  const std::string body = OneRow();
  raw.Write("POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            "Expect: 100-continue\r\nConnection: close\r\nContent-Length: " +
            std::to_string(body.size()) + "\r\n\r\n");
  char interim[64] = {};
  const size_t n = raw.socket().read_some(boost::asio::buffer(interim, 25));
  EXPECT_EQ(std::string(interim, n), "HTTP/1.1 100 Continue\r\n\r\n");
  raw.Write(body);
  EXPECT_EQ(raw.ReadUntilClosed().rfind("HTTP/1.1 200 OK", 0), 0u);
}

TEST_F(Endpoint, Http10ClientsGetKeepAliveWhenTheyAskForIt) {
  RawConnection raw(port());
  raw.Write("GET /ping HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /ping HTTP/1.0\r\n\r\n");
  const std::string answers = raw.ReadUntilClosed();
  const size_t second = answers.find("HTTP/1.1 200 OK", 1);
  ASSERT_NE(second, std::string::npos) << answers;
  EXPECT_NE(answers.substr(0, second).find("Connection: keep-alive\r\n"), std::string::npos) << answers;
  EXPECT_NE(answers.substr(second).find("Connection: close\r\n"), std::string::npos) << answers;
}

TEST_F(Endpoint, PipelinedRequestsWhoseAnswersFillTheSocketAreAllAnswered) {
  // Thousands of requests sent before any answer is read: the server's sends come back
  // partial once the socket is full, so it must wait until it is writable, then resume
  // with the requests it buffered meanwhile, in order, up to the last (which closes).
  constexpr int kRequests = 3000;
  std::string requests;
  for (int i = 1; i <= kRequests; ++i) {
    requests += "GET /metrics HTTP/1.1\r\nHost: x\r\n";
    requests += i == kRequests ? "Connection: close\r\n\r\n" : "\r\n";
  }
  RawConnection raw(port());
  std::thread writer([&] { raw.Write(requests); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let the answers pile up
  const std::string answers = raw.ReadUntilClosed(size_t{1} << 30);
  writer.join();
  size_t answered = 0;
  for (size_t at = answers.find("HTTP/1.1 200 OK\r\n"); at != std::string::npos;
       at = answers.find("HTTP/1.1 200 OK\r\n", at + 1)) {
    ++answered;
  }
  EXPECT_EQ(answered, size_t{kRequests}) << answers.size() << " bytes answered";
  EXPECT_GT(answers.size(), size_t{4} << 20) << "too small to have filled the socket";
  EXPECT_NE(answers.rfind("Connection: close\r\n"), std::string::npos);
}

TEST_F(Endpoint, ModelsDescribesTheLoadedVersion) {
  HttpClient client(port());
  const HttpResponse response = client.Get("/models");
  ASSERT_EQ(response.status, 200);
  const Json models = Json::parse(response.body);
  EXPECT_EQ(models["loaded"], true);
  EXPECT_EQ(models["reference"], "production");
  EXPECT_EQ(models["model_version"], registry_->v1());
  EXPECT_EQ(models["features"].size(), width());
  EXPECT_EQ(models["input_fields"], Json::parse(R"(["NOISE", "PAYOR", "X1", "X2"])"));
  EXPECT_DOUBLE_EQ(models["threshold"].get<double>(), model_->bundle.metadata.threshold);
  EXPECT_EQ(models["metadata"]["model_version"], model_->bundle.metadata.model_version);
}

TEST_F(Endpoint, MetricsCountRequestsErrorsLatencyAndTheModelVersion) {
  HttpClient client(port());
  for (int i = 0; i < 5; ++i) ASSERT_EQ(client.PostJson(OneRow()).status, 200);
  ASSERT_EQ(client.Get("/nowhere").status, 404);
  const HttpResponse response = client.Get("/metrics");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("content-type").rfind("text/plain; version=0.0.4", 0), 0u);
  const std::string& text = response.body;
  std::smatch match;
  ASSERT_TRUE(std::regex_search(
      text, match, std::regex(R"re(attrition_http_requests_total\{route="/invocations",status="200"\} (\d+))re")))
      << text;
  EXPECT_GE(std::stoi(match[1]), 5);
  EXPECT_TRUE(std::regex_search(text, std::regex(R"re(attrition_http_requests_total\{route="other",status="404"\} [1-9])re")));
  EXPECT_TRUE(std::regex_search(text, std::regex(R"re(attrition_http_request_errors_total\{route="other"\} [1-9])re")));
  EXPECT_TRUE(std::regex_search(
      text, std::regex(R"re(attrition_http_request_duration_seconds_bucket\{route="/invocations",le="\+Inf"\} [1-9])re")));
  EXPECT_NE(text.find("attrition_model_info{version=\"" + registry_->v1() + "\",reference=\"production\"} 1"),
            std::string::npos)
      << text;
}

TEST(EndpointWithoutModel, PingAnswers503UntilTheAliasIsSet) {
  TempDir dir;
  ServeProcess server(dir.path(), {"--artifacts", dir.File("empty-artifacts"), "--threads", "1"});
  ASSERT_TRUE(server.running()) << server.Log();
  HttpClient client(server.port());
  EXPECT_EQ(ErrorOf(client.Get("/ping"), 503).rfind("no model loaded: alias production is not set", 0), 0u);
  ErrorOf(client.PostJson("[[1]]"), 503);
  EXPECT_EQ(Json::parse(client.Get("/models").body)["loaded"], false);
  EXPECT_EQ(server.Stop(), 0) << server.Log();
}

TEST(EndpointWithoutModel, AnUnknownVersionIsRefusedAtStart) {
  TempDir dir;
  ServeProcess server(dir.path(), {"--artifacts", dir.File("a"), "--model", "v0042-20260101T000000Z"});
  EXPECT_FALSE(server.running());
  EXPECT_EQ(server.exit_code(), 2) << server.Log();
  EXPECT_NE(server.Log().find("v0042-20260101T000000Z"), std::string::npos) << server.Log();
}

TEST(EndpointModelDir, ServesABundleDirectoryWithoutARegistry) {
  TrainedRegistry* registry = TrainedRegistry::Get();
  if (registry == nullptr) GTEST_SKIP();
  TempDir dir;
  ServeProcess server(dir.path(), {"--model-dir", registry->VersionDir(registry->v2()).string()});
  ASSERT_TRUE(server.running()) << server.Log();
  HttpClient client(server.port());
  const HttpResponse response = client.PostCsv("1.25,3.5,,0,1,0\n");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Header("x-model-version"), registry->v2());
  const Json models = Json::parse(client.Get("/models").body);
  EXPECT_EQ(models["model_dir"], registry->VersionDir(registry->v2()).string());
  EXPECT_FALSE(models.contains("reference"));
  EXPECT_EQ(server.Stop(), 0);
}

// The busy-poll window is long here (300 ms) so its CPU is measurable: the thread that
// served a request keeps its core busy for the window, then sleeps until the next event.
TEST(EndpointBusyPoll, PollsForTheWindowAfterAnEventThenSleeps) {
  TrainedRegistry* registry = TrainedRegistry::Get();
  if (registry == nullptr) GTEST_SKIP();
  using std::chrono::milliseconds;
  ServeProcess server(registry->dir(), {"--model", registry->v1(), "--threads", "1",
                                        "--busy-poll-us", "300000"});
  ASSERT_TRUE(server.running()) << server.Log();
  std::this_thread::sleep_for(milliseconds(500));  // start-up's own events are past

  const milliseconds before_request = server.CpuTime();
  ASSERT_EQ(HttpClient(server.port()).Get("/ping").status, 200);
  std::this_thread::sleep_for(milliseconds(250));
  const milliseconds polled = server.CpuTime() - before_request;
  // Polling holds the core for the window; even a busy CI machine gives it a fair share.
  EXPECT_GE(polled, milliseconds(60)) << "no busy polling after a request";

  std::this_thread::sleep_for(milliseconds(400));  // the window has ended
  const milliseconds before_idle = server.CpuTime();
  std::this_thread::sleep_for(milliseconds(600));
  EXPECT_LE(server.CpuTime() - before_idle, milliseconds(60)) << "the idle server kept polling";
  EXPECT_EQ(server.Stop(), 0) << server.Log();
}

TEST(EndpointPort, ComesFromSageMakerBindToPortWithoutPortFlag) {
  TrainedRegistry* registry = TrainedRegistry::Get();
  if (registry == nullptr) GTEST_SKIP();
  // A port that was free a moment ago.
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor probe(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  const uint16_t free_port = probe.local_endpoint().port();
  probe.close();
  ServeProcess server(registry->dir(), {"--model", registry->v1()},
                      {"SAGEMAKER_BIND_TO_PORT=" + std::to_string(free_port)}, /*add_port=*/false);
  ASSERT_TRUE(server.running()) << server.Log();
  EXPECT_EQ(server.port(), free_port);
  EXPECT_EQ(HttpClient(free_port).Get("/ping").status, 200);
  EXPECT_EQ(server.Stop(), 0);
}

}  // namespace
}  // namespace attrition::testing
