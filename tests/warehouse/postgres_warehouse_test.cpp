// The PostgreSQL backend against a real server (see support/postgres_server.h).
#include "warehouse/postgres_warehouse.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "warehouse/postgres_copy.h"
#include "warehouse/server_warehouse_tests.h"

namespace attrition::warehouse {
namespace {

::testing::Environment* const kPostgres =
    ::testing::AddGlobalTestEnvironment(new testing::PostgresEnvironment);

std::string WithSearchPath(const std::string& base_url, const std::string& schema) {
  return base_url + (base_url.find('?') == std::string::npos ? "?" : "&") +
         "options=-csearch_path%3D" + schema;
}

Result<std::unique_ptr<Warehouse>> OpenWithSearchPath(const std::string& base_url,
                                                      const std::string& schema) {
  return Warehouse::Open(WithSearchPath(base_url, schema));
}

INSTANTIATE_TEST_SUITE_P(Postgres, ServerWarehouseTest,
                         ::testing::Values(ServerBackend{"libpq", OpenWithSearchPath}),
                         PrintBackend);

// host:port of the shared server's URL.
std::string HostPort() {
  const std::string& url = testing::PostgresEnvironment::BaseUrl();
  const size_t at = url.find('@') + 1;
  return url.substr(at, url.find('/', at) - at);
}

// A TCP port on 127.0.0.1 that nothing listens on.
int ClosedPort() {
  std::string out;
  for (int port = 1; port < 1024; ++port) {  // privileged ports: no test server there
    if (testing::RunCommand("ss -Htln 'sport = :" + std::to_string(port) + "'", &out) == 0 &&
        out.empty()) {
      return port;
    }
  }
  return 9;
}

TEST(PostgresUrl, PasswordIsMaskedWhereverItIsWritten) {
  EXPECT_EQ(MaskPostgresUrl("postgresql://attrition:s3cret@127.0.0.1:5433/attrition"),
            "postgresql://attrition:***@127.0.0.1:5433/attrition");
  EXPECT_EQ(MaskPostgresUrl("postgres://u:p%40ss@db/x?sslmode=require&password=abc&x=1"),
            "postgres://u:***@db/x?sslmode=require&password=***&x=1");
  EXPECT_EQ(MaskPostgresUrl("postgresql://u@h/db?PASSWORD=abc"),
            "postgresql://u@h/db?PASSWORD=***");
  EXPECT_EQ(MaskPostgresUrl("postgresql://h:5432/db"), "postgresql://h:5432/db");
  EXPECT_EQ(MaskPostgresUrl("postgresql://u@h/db"), "postgresql://u@h/db");
}

TEST(PostgresCopy, EscapesBackslashTabNewlineAndCarriageReturn) {
  std::string out;
  AppendCopyText(&out, "a\tb\nc\r\\N\\.'\"\xC3\xA9");
  EXPECT_EQ(out, "a\\tb\\nc\\r\\\\N\\\\.'\"\xC3\xA9");
}

TEST(PostgresWarehouse, ServerDownIsUnavailableNamingHostAndPortWithPasswordMasked) {
  const std::string port = std::to_string(ClosedPort());
  auto w = Warehouse::Open("postgresql://attrition:Sup3rSecretPw@127.0.0.1:" + port + "/attrition");
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), Status::Code::kUnavailable);
  const std::string& message = w.status().message();
  EXPECT_EQ(message.rfind("cannot connect to PostgreSQL at 127.0.0.1:" + port +
                              " (postgresql://attrition:***@127.0.0.1:" + port + "/attrition): ",
                          0),
            0u)
      << message;
  EXPECT_NE(message.find("Connection refused"), std::string::npos) << message;
  EXPECT_EQ(message.find("Sup3rSecretPw"), std::string::npos) << message;
}

TEST(PostgresWarehouse, MalformedUrlIsInvalidArgumentWithPasswordMasked) {
  auto w = Warehouse::Open("postgresql://u:Sup3rSecretPw@127.0.0.1:5432/db?bogus_option=1");
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(w.status().message(),
            "warehouse.url: cannot parse 'postgresql://u:***@127.0.0.1:5432/db?bogus_option=1': "
            "invalid URI query parameter: \"bogus_option\"");
}

TEST(PostgresWarehouse, PasswordIsCheckedAndNeverEchoed) {
  ASSERT_TRUE(testing::PostgresEnvironment::IsUp()) << testing::PostgresEnvironment::Error();
  testing::PostgresSchema schema(testing::PostgresEnvironment::BaseUrl());
  const std::string role = schema.name() + "_login";
  schema.Run("CREATE ROLE " + role + " LOGIN PASSWORD 'Corr3ct-Horse-Battery'");
  schema.Run("GRANT ALL ON SCHEMA " + schema.name() + " TO " + role);

  const std::string base = "postgresql://" + role + ":";
  const std::string rest = "@" + HostPort() + "/attrition";
  auto wrong = Warehouse::Open(base + "Wr0ng-Pa55word" + rest);
  ASSERT_FALSE(wrong.ok()) << "the server must require passwords for roles other than attrition";
  EXPECT_EQ(wrong.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(
      wrong.status().message().rfind(
          "cannot log in to PostgreSQL at " + HostPort() + " (" + base + "***" + rest + "): ", 0),
      0u)
      << wrong.status().message();
  EXPECT_NE(wrong.status().message().find("password authentication failed"), std::string::npos);
  EXPECT_EQ(wrong.status().message().find("Wr0ng-Pa55word"), std::string::npos);

  auto right = Warehouse::Open(base + "Corr3ct-Horse-Battery" + rest + "?options=-csearch_path%3D" +
                               schema.name());
  ASSERT_TRUE(right.ok()) << right.status().ToString();
  EXPECT_EQ((*right)->Describe(),
            base + "***" + rest + "?options=-csearch_path%3D" + schema.name());
  // An error from the server names the warehouse, masked.
  auto missing = (*right)->Scan("NOPE", {"A"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message().find("Corr3ct-Horse-Battery"), std::string::npos);
  EXPECT_NE(missing.status().message().find(base + "***" + rest), std::string::npos);
  right->reset();
  schema.Run("DROP OWNED BY " + role);
  schema.Run("DROP ROLE " + role);
}

TEST(PostgresWarehouse, BadValueIsInvalidArgumentNamingTableColumnAndLine) {
  ASSERT_TRUE(testing::PostgresEnvironment::IsUp()) << testing::PostgresEnvironment::Error();
  testing::PostgresSchema schema(testing::PostgresEnvironment::BaseUrl());
  auto w = Warehouse::Open(schema.Url());
  ASSERT_TRUE(w.ok());
  auto txn = (*w)->Begin();
  auto writer = (*txn)->ReplaceTable("T", kServerSchema, {});
  ASSERT_TRUE(writer.ok());
  (*writer)->SetText(0, "ok");
  (*writer)->SetInteger(1, 1);
  ASSERT_TRUE((*writer)->EndRow().ok());
  (*writer)->SetText(1, "not-a-number");
  ASSERT_TRUE((*writer)->EndRow().ok());  // buffered
  Status finished = (*writer)->Finish();
  ASSERT_FALSE(finished.ok());
  EXPECT_EQ(finished.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(finished.message(),
            "writing table T: invalid input syntax for type bigint: \"not-a-number\" "
            "[COPY t, line 2, column n: \"not-a-number\"]");
  writer->reset();
  Status committed = (*txn)->Commit();
  EXPECT_EQ(committed.code(), Status::Code::kFailedPrecondition);
  EXPECT_EQ(committed.message(),
            "committing: the transaction was rolled back because a statement in it failed");
  EXPECT_FALSE(*(*w)->TableExists("T"));
}

TEST(PostgresWarehouse, WritesAMillionRowsThroughCopyWithBoundedMemory) {
  ASSERT_TRUE(testing::PostgresEnvironment::IsUp()) << testing::PostgresEnvironment::Error();
  testing::PostgresSchema schema(testing::PostgresEnvironment::BaseUrl());
  auto w = Warehouse::Open(schema.Url());
  ASSERT_TRUE(w.ok());
  const int64_t before = ResidentBytes();
  int64_t peak = before;
  const auto start = std::chrono::steady_clock::now();
  {
    auto txn = (*w)->Begin();
    auto writer = (*txn)->ReplaceTable("BIG", kServerSchema, {});
    ASSERT_TRUE(writer.ok());
    for (int i = 0; i < 1000000; ++i) {
      (*writer)->SetText(0, "CUSTOMER-" + std::to_string(i));
      (*writer)->SetInteger(1, i);
      (*writer)->SetReal(2, i * 0.5);
      ASSERT_TRUE((*writer)->EndRow().ok());
      if (i % 50000 == 0) peak = std::max(peak, ResidentBytes());
    }
    ASSERT_TRUE((*writer)->Finish().ok());
    writer->reset();
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  const double seconds = SecondsSince(start);
  EXPECT_EQ(CountServerRows(**w, "BIG"), 1000000);
  EXPECT_LT(peak - before, 32 << 20);
  std::printf("[ libpq ] wrote 1000000 rows through COPY in %.2f s (%.0f rows/s)\n", seconds,
              1e6 / seconds);
}

// A server that dies in the middle of a replace (pg_ctl restart -m immediate) gives a
// clear Unavailable error, and the previous table and its history are intact afterwards.
TEST(PostgresWarehouse, ServerRestartedMidWriteGivesAClearErrorAndKeepsPreviousTables) {
  std::string error;
  auto server = testing::PostgresServer::Start(&error);
  ASSERT_NE(server, nullptr) << error;
  auto w = Warehouse::Open(server->url());
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  WriteServerRows(**w, "T", 1, 100, true);
  WriteServerRows(**w, "T", 200, 50, true);

  Status failure;
  {
    auto txn = (*w)->Begin();
    ASSERT_TRUE(txn.ok());
    auto writer = (*txn)->ReplaceTable("T", kServerSchema, {});
    ASSERT_TRUE(writer.ok());
    for (int i = 0; i < 300000 && failure.ok(); ++i) {  // several COPY flushes
      if (i == 100000) {
        ASSERT_TRUE(server->RestartImmediate(&error)) << error;
      }
      (*writer)->SetText(0, "doomed-" + std::to_string(i));
      (*writer)->SetInteger(1, i);
      failure = (*writer)->EndRow();
    }
    if (failure.ok()) failure = (*writer)->Finish();
    writer->reset();
    if (failure.ok()) failure = (*txn)->Commit();
  }
  ASSERT_FALSE(failure.ok()) << "a write across a server restart must fail";
  EXPECT_EQ(failure.code(), Status::Code::kUnavailable) << failure.ToString();
  const std::string endpoint = server->url().substr(
      server->url().find('@') + 1, server->url().rfind('/') - server->url().find('@') - 1);
  EXPECT_EQ(failure.message().rfind(
                "writing table T: lost the connection to PostgreSQL at " + endpoint + " (", 0),
            0u)
      << failure.message();
  EXPECT_NE(failure.message().find("nothing uncommitted was kept"), std::string::npos);

  // The same warehouse reconnects once the transaction is gone; the tables are as before.
  EXPECT_EQ(CountServerRows(**w, "T"), 50);
  EXPECT_EQ(CountServerRows(**w, "T_HIST"), 100);
  EXPECT_EQ(ReadServerRows(**w, "T").front(), "C-200|200|50");
}

}  // namespace
}  // namespace attrition::warehouse
