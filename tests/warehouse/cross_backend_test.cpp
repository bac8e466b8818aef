// The whole pipeline on every backend (SPEC 5, issue #6): the same `attrition generate`
// data, run through `attrition features` and `attrition train` (real binary, fixed seed,
// small budget) on SQLite, on PostgreSQL (libpq) and through ODBC (unixODBC + psqlODBC on
// the same server), gives the same PA_MODELING_DATASET row for row and the same trained
// model and metrics. The server is support/postgres_server.h's (ATTRITION_PG_URL when set).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "attrition/warehouse.h"
#include "support/postgres_server.h"
#include "support/run_binary.h"
#include "support/temp_dir.h"

namespace attrition::warehouse {
namespace {

namespace fs = std::filesystem;

::testing::Environment* const kPostgres =
    ::testing::AddGlobalTestEnvironment(new testing::PostgresEnvironment);

// Debian's psqlODBC logs every connection to /tmp unless its odbcinst.ini section says
// otherwise: point ODBCSYSINI (inherited by the attrition processes) at a quiet one.
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

std::string PsqlOdbcDriver() {
  if (const char* driver = getenv("ATTRITION_ODBC_PG_DRIVER"); driver && *driver) return driver;
  for (const char* path : {"/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so",
                           "/usr/lib/aarch64-linux-gnu/odbc/psqlodbcw.so",
                           "/usr/lib/odbc/psqlodbcw.so", "/usr/lib64/psqlodbcw.so"}) {
    if (fs::exists(path)) return path;
  }
  return "{PostgreSQL Unicode}";
}

// odbc:… for the server of `base_url` (postgresql://user@host:port/database) with
// search_path set to `schema`.
std::string OdbcUrl(const std::string& base_url, const std::string& schema) {
  const size_t user_begin = base_url.find("://") + 3;
  const size_t at = base_url.find('@', user_begin);
  const size_t colon = base_url.find(':', at);
  const size_t slash = base_url.find('/', at);
  const std::string user = base_url.substr(user_begin, at - user_begin);
  const std::string host = base_url.substr(at + 1, colon - at - 1);
  const std::string port = base_url.substr(colon + 1, slash - colon - 1);
  const std::string database = base_url.substr(slash + 1, base_url.find('?', slash) - slash - 1);
  return "odbc:Driver=" + PsqlOdbcDriver() + ";Server=" + host + ";Port=" + port +
         ";Database=" + database + ";UID=" + user + ";ConnSettings={SET search_path TO " +
         schema + "}";
}

// One value as read, in a form that compares across backends: numbers as doubles (an
// INTEGER column may come back as integer or real), text as text.
struct Cell {
  ValueKind kind = ValueKind::kNull;
  double number = 0;
  std::string text;
  bool operator==(const Cell& o) const {
    const bool numeric = kind == ValueKind::kInteger || kind == ValueKind::kReal;
    const bool o_numeric = o.kind == ValueKind::kInteger || o.kind == ValueKind::kReal;
    if (numeric || o_numeric) return numeric && o_numeric && number == o.number;
    return kind == o.kind && text == o.text;
  }
};

std::ostream& operator<<(std::ostream& out, const Cell& cell) {
  if (cell.kind == ValueKind::kNull) return out << "NULL";
  if (cell.kind == ValueKind::kText) return out << "'" << cell.text << "'";
  std::ostringstream number;
  number.precision(17);
  number << cell.number;
  return out << number.str();
}

struct Table {
  Schema schema;
  std::vector<std::vector<Cell>> rows;  // sorted by (CUSTOMER_ID, MONTH)
};

Table ReadTable(const std::string& url, const std::string& name) {
  Table table;
  auto wh = Warehouse::Open(url);
  EXPECT_TRUE(wh.ok()) << wh.status().ToString();
  if (!wh.ok()) return table;
  auto schema = (*wh)->DescribeTable(name);
  EXPECT_TRUE(schema.ok()) << url << ": " << schema.status().ToString();
  if (!schema.ok()) return table;
  table.schema = *schema;
  std::vector<std::string> columns;
  for (const Column& c : table.schema) columns.push_back(c.name);
  auto cursor = (*wh)->Scan(name, columns);
  EXPECT_TRUE(cursor.ok()) << url << ": " << cursor.status().ToString();
  if (!cursor.ok()) return table;
  for (;;) {
    auto more = (*cursor)->Next();
    EXPECT_TRUE(more.ok()) << url << ": " << more.status().ToString();
    if (!more.ok() || !*more) break;
    std::vector<Cell>& row = table.rows.emplace_back(columns.size());
    for (int c = 0; c < static_cast<int>(columns.size()); ++c) {
      row[c].kind = (*cursor)->Kind(c);
      if (row[c].kind == ValueKind::kInteger || row[c].kind == ValueKind::kReal) {
        row[c].number = (*cursor)->Real(c);
      } else if (row[c].kind == ValueKind::kText) {
        row[c].text = std::string((*cursor)->Text(c));
      }
    }
  }
  // The key (CUSTOMER_ID, MONTH) is the first two columns (SPEC 4).
  std::sort(table.rows.begin(), table.rows.end(), [](const auto& a, const auto& b) {
    return std::tie(a[0].text, a[1].text) < std::tie(b[0].text, b[1].text);
  });
  return table;
}

nlohmann::json ReadJson(const fs::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
}

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// trials.json without each trial's wall time.
nlohmann::json TrialsWithoutTimes(const fs::path& path) {
  nlohmann::json trials = ReadJson(path);
  if (!trials.is_array()) return trials;
  for (nlohmann::json& trial : trials) trial.erase("seconds");
  return trials;
}

// The columns that hold the time of the features run that wrote the row.
bool IsRunStamp(const std::string& column) {
  return column == "INGESTED_DATE" || column == "UPDATED_DATE";
}

struct Backend {
  std::string name;
  std::string url;
};

// generate → features → train on `backend`; the trained version's files go to out/<name>.
void RunPipeline(const Backend& backend, const fs::path& work) {
  SCOPED_TRACE(backend.name);
  const std::string binary = testing::AttritionBinary();
  const std::vector<std::vector<std::string>> steps = {
      {"generate", "--customers", "400", "--seed", "11", "--dirty", "0.02"},
      {"features", "--as-of", "2024-12"},
      {"train", "--trials", "2", "--seed", "7", "--threads", "1", "--no-register", "--out",
       (work / "out" / backend.name).string()},
  };
  for (const std::vector<std::string>& step : steps) {
    std::vector<std::string> args = {"--warehouse", backend.url};
    args.insert(args.end(), step.begin(), step.end());
    const testing::RunResult run = testing::RunBinary(binary, args, work);
    ASSERT_EQ(run.exit_code, 0) << backend.name << " " << step.front() << ":\n"
                                << run.out << run.err;
  }
}

TEST(CrossBackend, SameModelingDatasetAndSameModelOnSqlitePostgresqlAndOdbc) {
  ASSERT_TRUE(testing::PostgresEnvironment::IsUp()) << testing::PostgresEnvironment::Error();
  ASSERT_FALSE(testing::AttritionBinary().empty()) << "run through ctest (ATTRITION_BINARY)";
  testing::TempDir work;
  testing::PostgresSchema pg_schema(testing::PostgresEnvironment::BaseUrl());
  testing::PostgresSchema odbc_schema(testing::PostgresEnvironment::BaseUrl());
  const std::vector<Backend> backends = {
      {"sqlite", "sqlite:" + work.File("w.db")},
      {"postgresql", pg_schema.Url()},
      {"odbc", OdbcUrl(testing::PostgresEnvironment::BaseUrl(), odbc_schema.name())},
  };
  for (const Backend& backend : backends) {
    RunPipeline(backend, work.path());
    if (HasFatalFailure()) return;
  }

  // PA_MODELING_DATASET row for row, every column but the two run stamps (the wall-clock
  // start of each features run, docs/features.md "Metadata"), which must still be there.
  const Table want = ReadTable(backends[0].url, "PA_MODELING_DATASET");
  ASSERT_GT(want.rows.size(), 10000u);  // 400 customers x up to 48 months
  for (size_t b = 1; b < backends.size(); ++b) {
    SCOPED_TRACE(backends[b].name);
    const Table got = ReadTable(backends[b].url, "PA_MODELING_DATASET");
    ASSERT_EQ(got.schema.size(), want.schema.size());
    for (size_t c = 0; c < want.schema.size(); ++c) {
      EXPECT_EQ(got.schema[c].name, want.schema[c].name) << "column " << c;
      EXPECT_EQ(got.schema[c].type, want.schema[c].type) << want.schema[c].name;
    }
    ASSERT_EQ(got.rows.size(), want.rows.size());
    int reported = 0;
    for (size_t r = 0; r < want.rows.size() && reported < 10; ++r) {
      for (size_t c = 0; c < want.schema.size(); ++c) {
        if (IsRunStamp(want.schema[c].name)) {
          EXPECT_EQ(got.rows[r][c].kind, ValueKind::kText) << want.schema[c].name;
          continue;
        }
        if (!(got.rows[r][c] == want.rows[r][c])) {
          ADD_FAILURE() << "row " << r << " (" << want.rows[r][0] << ", " << want.rows[r][1]
                        << ") " << want.schema[c].name << ": " << backends[b].name << " "
                        << got.rows[r][c] << ", sqlite " << want.rows[r][c];
          if (++reported == 10) break;
        }
      }
    }
  }

  // The same model and the same metrics.
  const fs::path out = work.path() / "out";
  const nlohmann::json want_metrics = ReadJson(out / "sqlite" / "metrics.json");
  ASSERT_TRUE(want_metrics.is_object());
  EXPECT_GT(want_metrics["test_auc"].get<double>(), 0.6);
  for (size_t b = 1; b < backends.size(); ++b) {
    SCOPED_TRACE(backends[b].name);
    const nlohmann::json got = ReadJson(out / backends[b].name / "metrics.json");
    ASSERT_TRUE(got.is_object());
    for (const char* key :
         {"test_auc", "test_f1", "test_accuracy", "test_precision", "test_recall", "test_logloss",
          "threshold", "confusion_matrix", "valid_auc", "train_auc", "best_params",
          "best_iteration", "rows"}) {
      EXPECT_EQ(got[key], want_metrics[key]) << key;
    }
    EXPECT_EQ(ReadBytes(out / backends[b].name / "attrition.model"),
              ReadBytes(out / "sqlite" / "attrition.model"))
        << "attrition.model differs";
    EXPECT_EQ(TrialsWithoutTimes(out / backends[b].name / "trials.json"),
              TrialsWithoutTimes(out / "sqlite" / "trials.json"));
  }
}

}  // namespace
}  // namespace attrition::warehouse
