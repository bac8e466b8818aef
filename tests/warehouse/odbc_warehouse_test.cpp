// The ODBC backend against a real PostgreSQL through unixODBC and psqlODBC (Debian's
// odbc-postgresql), see support/postgres_server.h.
#include "warehouse/odbc_warehouse.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "support/temp_dir.h"
#include "warehouse/server_warehouse_tests.h"

namespace attrition::warehouse {
namespace {

::testing::Environment* const kPostgres =
    ::testing::AddGlobalTestEnvironment(new testing::PostgresEnvironment);

// psqlODBC reads its global logging switches from the [PostgreSQL Unicode] section of
// odbcinst.ini, and Debian's sets CommLog=1, which leaves a log file in /tmp per process.
// Tests point ODBCSYSINI at a directory of their own (before any ODBC call) to keep quiet.
class QuietOdbcEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    if (getenv("ODBCSYSINI") != nullptr) return;
    dir_ = std::make_unique<testing::TempDir>();
    std::ofstream(dir_->File("odbcinst.ini")) << "[PostgreSQL Unicode]\nCommLog=0\nDebug=0\n";
    setenv("ODBCSYSINI", dir_->path().c_str(), 1);
  }
  void TearDown() override {
    if (dir_) unsetenv("ODBCSYSINI");
    dir_.reset();
  }

 private:
  std::unique_ptr<testing::TempDir> dir_;
};
::testing::Environment* const kQuietOdbc =
    ::testing::AddGlobalTestEnvironment(new QuietOdbcEnvironment);

// The psqlODBC Unicode driver: ATTRITION_ODBC_PG_DRIVER, else where Debian installs it.
std::string PsqlOdbcDriver() {
  if (const char* driver = getenv("ATTRITION_ODBC_PG_DRIVER"); driver && *driver) return driver;
  for (const char* path : {"/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so",
                           "/usr/lib/aarch64-linux-gnu/odbc/psqlodbcw.so",
                           "/usr/lib/odbc/psqlodbcw.so", "/usr/lib64/psqlodbcw.so"}) {
    if (std::filesystem::exists(path)) return path;
  }
  return "{PostgreSQL Unicode}";
}

struct UrlParts {
  std::string user, host, port, database;
};

// Parts of postgresql://user@host:port/database (the test server's URL).
UrlParts PartsOf(const std::string& url) {
  UrlParts parts;
  const size_t user_begin = url.find("://") + 3;
  const size_t at = url.find('@', user_begin);
  parts.user = url.substr(user_begin, at - user_begin);
  const size_t colon = url.find(':', at);
  const size_t slash = url.find('/', at);
  parts.host = url.substr(at + 1, colon - at - 1);
  parts.port = url.substr(colon + 1, slash - colon - 1);
  parts.database = url.substr(slash + 1, url.find('?', slash) - slash - 1);
  return parts;
}

// A DSN-less connection string for the server of `base_url` as `user`.
std::string ConnectionString(const std::string& base_url, const std::string& schema,
                             const std::string& user = "", const std::string& password = "") {
  const UrlParts p = PartsOf(base_url);
  std::string s = "Driver=" + PsqlOdbcDriver() + ";Server=" + p.host + ";Port=" + p.port +
                  ";Database=" + p.database + ";UID=" + (user.empty() ? p.user : user);
  if (!password.empty()) s += ";PWD=" + password;
  if (!schema.empty()) s += ";ConnSettings={SET search_path TO " + schema + "}";
  return s;
}

Result<std::unique_ptr<Warehouse>> OpenOdbcOn(const std::string& base_url,
                                              const std::string& schema) {
  return Warehouse::Open("odbc:" + ConnectionString(base_url, schema));
}

Result<std::unique_ptr<Warehouse>> OpenOdbcStaged(const std::string& base_url,
                                                  const std::string& schema) {
  return OpenOdbc(ConnectionString(base_url, schema), {.transactional_ddl = false});
}

INSTANTIATE_TEST_SUITE_P(
    Odbc, ServerWarehouseTest,
    ::testing::Values(ServerBackend{"psqlodbc", OpenOdbcOn},
                      // The path Snowflake takes (DDL commits), run against PostgreSQL.
                      ServerBackend{"psqlodbc_staged", OpenOdbcStaged,
                                    /*transactional_ddl=*/false}),
    PrintBackend);

int ClosedPort() {
  std::string out;
  for (int port = 1; port < 1024; ++port) {
    if (testing::RunCommand("ss -Htln 'sport = :" + std::to_string(port) + "'", &out) == 0 &&
        out.empty()) {
      return port;
    }
  }
  return 9;
}

TEST(OdbcConnectionString, SecretsAreMaskedWhateverTheKey) {
  EXPECT_EQ(MaskOdbcConnectionString("DSN=snow;UID=svc;PWD=hunter22;Warehouse=WH"),
            "DSN=snow;UID=svc;PWD=***;Warehouse=WH");
  EXPECT_EQ(
      MaskOdbcConnectionString("Driver={Snowflake};AUTHENTICATOR=SNOWFLAKE_JWT;PRIV_KEY_FILE=/k.p8;"
                               "PRIV_KEY_FILE_PWD={a;b}"),
      "Driver={Snowflake};AUTHENTICATOR=SNOWFLAKE_JWT;PRIV_KEY_FILE=/k.p8;"
      "PRIV_KEY_FILE_PWD=***");
  EXPECT_EQ(MaskOdbcConnectionString("password=x;token=y;client_secret=z;Server=h"),
            "password=***;token=***;client_secret=***;Server=h");
  EXPECT_EQ(MaskOdbcConnectionString("DSN=plain"), "DSN=plain");
}

TEST(OdbcWarehouse, ServerDownIsUnavailableNamingHostAndPortWithPasswordMasked) {
  const std::string port = std::to_string(ClosedPort());
  const std::string connection = "Driver=" + PsqlOdbcDriver() + ";Server=127.0.0.1;Port=" + port +
                                 ";Database=attrition;UID=attrition;PWD=Sup3rSecretPw";
  auto w = Warehouse::Open("odbc:" + connection);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), Status::Code::kUnavailable);
  const std::string& message = w.status().message();
  EXPECT_EQ(message.rfind("cannot connect through ODBC to 127.0.0.1:" + port + " (odbc:Driver=" +
                              PsqlOdbcDriver() + ";Server=127.0.0.1;Port=" + port +
                              ";Database=attrition;UID=attrition;PWD=***): [08001] ",
                          0),
            0u)
      << message;
  EXPECT_NE(message.find("Connection refused"), std::string::npos) << message;
  EXPECT_EQ(message.find("Sup3rSecretPw"), std::string::npos) << message;
}

TEST(OdbcWarehouse, UnknownDataSourceIsInvalidArgument) {
  auto w = Warehouse::Open("odbc:DSN=attrition_no_such_dsn;PWD=Sup3rSecretPw");
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(w.status().message().rfind("cannot connect through ODBC to DSN=attrition_no_such_dsn "
                                       "(odbc:DSN=attrition_no_such_dsn;PWD=***): [IM002] ",
                                       0),
            0u)
      << w.status().message();
  EXPECT_EQ(Warehouse::Open("odbc:").status().message(),
            "warehouse.url: 'odbc:' needs a connection string, e.g. odbc:DSN=name;UID=user");
}

TEST(OdbcWarehouse, PasswordIsCheckedAndNeverEchoed) {
  ASSERT_TRUE(testing::PostgresEnvironment::IsUp()) << testing::PostgresEnvironment::Error();
  testing::PostgresSchema schema(testing::PostgresEnvironment::BaseUrl());
  const std::string role = schema.name() + "_odbc";
  schema.Run("CREATE ROLE " + role + " LOGIN PASSWORD 'Corr3ct-Horse-Battery'");
  schema.Run("GRANT ALL ON SCHEMA " + schema.name() + " TO " + role);
  const std::string& base = testing::PostgresEnvironment::BaseUrl();

  auto wrong = Warehouse::Open("odbc:" + ConnectionString(base, "", role, "Wr0ng-Pa55word"));
  ASSERT_FALSE(wrong.ok()) << "the server must require passwords for roles other than attrition";
  EXPECT_EQ(wrong.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(wrong.status().message().rfind("cannot log in through ODBC to ", 0), 0u)
      << wrong.status().message();
  EXPECT_NE(wrong.status().message().find("PWD=***"), std::string::npos);
  EXPECT_EQ(wrong.status().message().find("Wr0ng-Pa55word"), std::string::npos);

  auto right = Warehouse::Open(
      "odbc:" + ConnectionString(base, schema.name(), role, "Corr3ct-Horse-Battery"));
  ASSERT_TRUE(right.ok()) << right.status().ToString();
  EXPECT_EQ((*right)->Describe().find("Corr3ct-Horse-Battery"), std::string::npos);
  EXPECT_NE((*right)->Describe().find(";PWD=***;"), std::string::npos) << (*right)->Describe();
  WriteServerRows(**right, "T", 1, 3, true);
  auto bad = (*right)->Query("SELECT no_such_column FROM T");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Status::Code::kNotFound) << bad.status().ToString();
  EXPECT_EQ(bad.status().message().find("Corr3ct-Horse-Battery"), std::string::npos);
  right->reset();
  schema.Run("DROP OWNED BY " + role);
  schema.Run("DROP ROLE " + role);
}

// A DSN defined in an odbc.ini found through ODBCSYSINI, as a Snowflake set-up would be.
// unixODBC reads ODBCSYSINI once per process, so the test runs itself again in a child
// process with ODBCSYSINI set.
TEST(OdbcWarehouse, ConnectsThroughADataSourceName) {
  ASSERT_TRUE(testing::PostgresEnvironment::IsUp()) << testing::PostgresEnvironment::Error();
  const char* child = getenv("ATTRITION_ODBC_DSN_CHILD");
  if (child == nullptr) {
    testing::TempDir dir;
    const UrlParts p = PartsOf(testing::PostgresEnvironment::BaseUrl());
    std::ofstream(dir.File("odbcinst.ini")) << "[AttritionPostgres]\nDriver=" << PsqlOdbcDriver()
                                            << "\n[PostgreSQL Unicode]\nCommLog=0\nDebug=0\n";
    std::ofstream(dir.File("odbc.ini"))
        << "[attrition_test]\nDriver=AttritionPostgres\nServername=" << p.host
        << "\nPort=" << p.port << "\nDatabase=" << p.database << "\n";
    std::string output;
    const int code = testing::RunCommand(
        "ODBCSYSINI=" + dir.path().string() + " ATTRITION_ODBC_DSN_CHILD=1 ATTRITION_PG_URL='" +
            testing::PostgresEnvironment::BaseUrl() + "' /proc/" + std::to_string(getpid()) +
            "/exe --gtest_filter=OdbcWarehouse.ConnectsThroughADataSourceName",
        &output);
    EXPECT_EQ(code, 0) << output;
    EXPECT_NE(output.find("[  PASSED  ] 1 test"), std::string::npos) << output;
    return;
  }
  testing::PostgresSchema schema(testing::PostgresEnvironment::BaseUrl());
  auto w =
      Warehouse::Open("odbc:DSN=attrition_test;UID=attrition;ConnSettings={SET search_path TO " +
                      schema.name() + "}");
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  WriteServerRows(**w, "T", 1, 2, true);
  EXPECT_EQ(CountServerRows(**w, "T"), 2);
}

TEST(OdbcWarehouse, AValueThatDoesNotFitItsColumnIsInvalidArgumentNamingRowAndColumn) {
  ASSERT_TRUE(testing::PostgresEnvironment::IsUp()) << testing::PostgresEnvironment::Error();
  testing::PostgresSchema schema(testing::PostgresEnvironment::BaseUrl());
  auto w = OpenOdbcOn(testing::PostgresEnvironment::BaseUrl(), schema.name());
  ASSERT_TRUE(w.ok());
  auto txn = (*w)->Begin();
  auto writer = (*txn)->ReplaceTable("T", kServerSchema, {});
  ASSERT_TRUE(writer.ok());
  (*writer)->SetText(1, "12");  // parses: fine
  (*writer)->SetReal(2, 7);     // fine
  ASSERT_TRUE((*writer)->EndRow().ok());
  (*writer)->SetText(1, "not-a-number");
  Status status = (*writer)->EndRow();
  EXPECT_EQ(status.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(status.message(), "writing table T: row 2, column N is INTEGER but got 'not-a-number'");
  (*writer)->SetReal(1, 2.5);
  EXPECT_EQ((*writer)->EndRow().message(),
            "writing table T: row 2, column N is INTEGER but got '2.5'");
  (*writer)->SetInteger(0, 77);  // a number into a text column is its text form
  (*writer)->SetInteger(1, 2);
  ASSERT_TRUE((*writer)->EndRow().ok());
  ASSERT_TRUE((*writer)->Finish().ok());
  writer->reset();
  ASSERT_TRUE((*txn)->Commit().ok());
  EXPECT_EQ(ReadServerRows(**w, "T"), (std::vector<std::string>{"77|2|NULL", "|12|7"}));
}

TEST(OdbcWarehouse, WritesRowsWithArrayBinding) {
  ASSERT_TRUE(testing::PostgresEnvironment::IsUp()) << testing::PostgresEnvironment::Error();
  testing::PostgresSchema schema(testing::PostgresEnvironment::BaseUrl());
  auto w = OpenOdbcOn(testing::PostgresEnvironment::BaseUrl(), schema.name());
  ASSERT_TRUE(w.ok());
  constexpr int kRows = 100000;
  const auto start = std::chrono::steady_clock::now();
  {
    auto txn = (*w)->Begin();
    auto writer = (*txn)->ReplaceTable("BIG", kServerSchema, {});
    ASSERT_TRUE(writer.ok());
    for (int i = 0; i < kRows; ++i) {
      (*writer)->SetText(0, "CUSTOMER-" + std::to_string(i));
      (*writer)->SetInteger(1, i);
      (*writer)->SetReal(2, i * 0.5);
      ASSERT_TRUE((*writer)->EndRow().ok());
    }
    ASSERT_TRUE((*writer)->Finish().ok());
    writer->reset();
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  const double seconds = SecondsSince(start);
  EXPECT_EQ(CountServerRows(**w, "BIG"), kRows);
  std::printf("[ psqlodbc ] wrote %d rows with array binding in %.2f s (%.0f rows/s)\n", kRows,
              seconds, kRows / seconds);
}

// A server that dies in the middle of a replace gives a clear Unavailable error, and the
// previous table and its history are intact afterwards.
TEST(OdbcWarehouse, ServerRestartedMidWriteGivesAClearErrorAndKeepsPreviousTables) {
  std::string error;
  auto server = testing::PostgresServer::Start(&error);
  ASSERT_NE(server, nullptr) << error;
  auto w = OpenOdbcOn(server->url(), "");
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  WriteServerRows(**w, "T", 1, 100, true);
  WriteServerRows(**w, "T", 200, 50, true);

  Status failure;
  {
    auto txn = (*w)->Begin();
    ASSERT_TRUE(txn.ok());
    auto writer = (*txn)->ReplaceTable("T", kServerSchema, {});
    ASSERT_TRUE(writer.ok());
    for (int i = 0; i < 60000 && failure.ok(); ++i) {  // several batches
      if (i == 20000) {
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
  const UrlParts p = PartsOf(server->url());
  EXPECT_EQ(failure.message().rfind("writing table T: lost the connection through ODBC to " +
                                        p.host + ":" + p.port + " ([",
                                    0),
            0u)
      << failure.message();
  EXPECT_NE(failure.message().find("; nothing uncommitted was kept (odbc:Driver="),
            std::string::npos);

  // The same warehouse reconnects once the transaction is gone; the tables are as before.
  EXPECT_EQ(CountServerRows(**w, "T"), 50);
  EXPECT_EQ(CountServerRows(**w, "T_HIST"), 100);
  EXPECT_EQ(ReadServerRows(**w, "T").front(), "C-200|200|50");
}

}  // namespace
}  // namespace attrition::warehouse
