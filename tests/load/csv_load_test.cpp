#include "attrition/csv_load.h"

#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "support/temp_dir.h"

namespace attrition::load {
namespace {

using warehouse::ColumnType;
using warehouse::ValueKind;

class CsvLoadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = warehouse::Warehouse::Open("sqlite:" + dir_.File("w.db"));
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    warehouse_ = std::move(*opened);
  }

  std::string WriteCsv(const std::string& name, const std::string& text) {
    const std::string path = dir_.File(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  Result<LoadSummary> Load(const std::string& path, const std::string& table,
                           CsvLoadOptions options = {}) {
    options.show_progress = false;
    return LoadCsv(*warehouse_, path, table, options);
  }

  // Every value of one column, in storage order, as text; nullopt for NULL.
  std::vector<std::optional<std::string>> Column(const std::string& table,
                                                 const std::string& column) {
    std::vector<std::optional<std::string>> values;
    auto cursor = warehouse_->Scan(table, {column});
    EXPECT_TRUE(cursor.ok()) << cursor.status().ToString();
    if (!cursor.ok()) return values;
    while (*(*cursor)->Next()) {
      if ((*cursor)->Kind(0) == ValueKind::kNull) {
        values.push_back(std::nullopt);
      } else {
        values.emplace_back((*cursor)->Text(0));
      }
    }
    return values;
  }

  int64_t Count(const std::string& sql) {
    auto cursor = warehouse_->Query(sql);
    EXPECT_TRUE(cursor.ok()) << cursor.status().ToString();
    EXPECT_TRUE(*(*cursor)->Next());
    return (*cursor)->Integer(0);
  }

  testing::TempDir dir_;
  std::unique_ptr<warehouse::Warehouse> warehouse_;
};

std::string TelcoPath() { return ATTRITION_TELCO_CSV; }

TEST_F(CsvLoadTest, TelcoChurnLoadsEveryRowWithNumericColumnsTyped) {
  auto summary = Load(TelcoPath(), "TELCO");
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->rows, 7043);
  EXPECT_EQ(summary->bad_lines, 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM TELCO"), 7043);

  auto schema = warehouse_->DescribeTable("TELCO");
  ASSERT_TRUE(schema.ok());
  const auto type_of = [&](const std::string& name) {
    for (const auto& column : *schema) {
      if (column.name == name) return column.type;
    }
    ADD_FAILURE() << "no column " << name;
    return ColumnType::kText;
  };
  EXPECT_EQ(type_of("SeniorCitizen"), ColumnType::kInteger);
  EXPECT_EQ(type_of("tenure"), ColumnType::kInteger);
  EXPECT_EQ(type_of("MonthlyCharges"), ColumnType::kReal);
  EXPECT_EQ(type_of("TotalCharges"), ColumnType::kReal);
  EXPECT_EQ(type_of("Churn"), ColumnType::kText);
  EXPECT_EQ(type_of("customerID"), ColumnType::kText);
  // TotalCharges is blank (" ") for the 11 customers with tenure 0.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM TELCO WHERE TotalCharges IS NULL"), 11);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM TELCO WHERE TotalCharges IS NULL AND tenure = 0"), 11);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM TELCO WHERE Churn = 'Yes'"), 1869);
}

TEST_F(CsvLoadTest, BadLinesAreCountedReportedByLineNumberAndTheGoodRowsLoaded) {
  const std::string path = WriteCsv("bad.csv",
                                    "id,name,score\n"      // 1
                                    "1,alice,3.5\n"        // 2 good
                                    "2,bob\n"              // 3 too few fields
                                    "3,carol,4.0,extra\n"  // 4 too many fields
                                    "4,\"dan\"x,5\n"       // 5 text after a closing quote
                                    "\n"                   // 6 blank
                                    "5,\"multi\n"          // 7 good, spans two lines
                                    "line\",6\n"           // 8
                                    "6,frank,7\n"          // 9 good
                                    "7,\"eve,8\n"          // 10 quote never closed
                                    "8,gina,9\n");         // 11 good
  auto summary = Load(path, "SCORES");
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->rows, 4);
  EXPECT_EQ(summary->bad_lines, 4);
  EXPECT_EQ(summary->blank_lines, 1);
  ASSERT_EQ(summary->first_bad_lines.size(), 4u);
  EXPECT_EQ(summary->first_bad_lines[0].line, 3);
  EXPECT_EQ(summary->first_bad_lines[0].reason, "expected 3 fields, got 2");
  EXPECT_EQ(summary->first_bad_lines[1].line, 4);
  EXPECT_EQ(summary->first_bad_lines[1].reason, "expected 3 fields, got 4");
  EXPECT_EQ(summary->first_bad_lines[2].line, 5);
  EXPECT_EQ(summary->first_bad_lines[2].reason,
            "unexpected 'x' after the closing quote of field 2 (a quote inside a field must be "
            "doubled)");
  EXPECT_EQ(summary->first_bad_lines[3].line, 10);
  EXPECT_EQ(summary->first_bad_lines[3].reason,
            "quoted field 2 is never closed (no closing quote before the end of the file)");

  EXPECT_EQ(Column("SCORES", "id"), (std::vector<std::optional<std::string>>{"1", "5", "6", "8"}));
  EXPECT_EQ(Column("SCORES", "name"),
            (std::vector<std::optional<std::string>>{"alice", "multi\nline", "frank", "gina"}));
  EXPECT_EQ(summary->columns[2].type, ColumnType::kReal);

  const std::string text = FormatLoadSummary(*summary);
  EXPECT_NE(text.find("Skipped 4 bad lines:\n  line 3: expected 3 fields, got 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Skipped 1 blank line."), std::string::npos) << text;
}

TEST_F(CsvLoadTest, OnlyTheFirstBadLinesAreKeptButAllAreCounted) {
  std::string csv = "a,b\n";
  for (int i = 0; i < 30; ++i) csv += "1\n2,3\n";
  auto summary = Load(WriteCsv("many.csv", csv), "MANY", {.max_reported_bad_lines = 3});
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->bad_lines, 30);
  EXPECT_EQ(summary->rows, 30);
  ASSERT_EQ(summary->first_bad_lines.size(), 3u);
  EXPECT_EQ(summary->first_bad_lines[2].line, 6);
  EXPECT_NE(FormatLoadSummary(*summary).find("Skipped 30 bad lines (the first 3 shown):"),
            std::string::npos);
}

TEST_F(CsvLoadTest, QuotedValuesKeepDelimitersLineBreaksQuotesAndEmptyStrings) {
  const std::string path = WriteCsv("quotes.csv",
                                    "\"id\",\"text\",\"note\"\r\n"
                                    "1,\"a, b\",\"she said \"\"hi\"\"\"\r\n"
                                    "2,\"line1\r\nline2\",\"\"\r\n"
                                    "3,plain,\r\n");
  auto summary = Load(path, "QUOTES");
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->rows, 3);
  EXPECT_EQ(Column("QUOTES", "text"),
            (std::vector<std::optional<std::string>>{"a, b", "line1\r\nline2", "plain"}));
  // A quoted empty cell is the empty string; an unquoted one is NULL.
  EXPECT_EQ(Column("QUOTES", "note"),
            (std::vector<std::optional<std::string>>{"she said \"hi\"", "", std::nullopt}));
  EXPECT_EQ(summary->columns[2].nulls, 1);
}

TEST_F(CsvLoadTest, BlankCellsAreNullInNumericColumnsAndTextColumnsCanBeForced) {
  const std::string path = WriteCsv("zip.csv", "zip,amount\n02134,\n10001, 2.5 \n");
  auto summary = Load(path, "ZIPS", {.text_columns = {"zip"}});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->columns[0].type, ColumnType::kText);
  EXPECT_TRUE(summary->columns[0].forced_text);
  EXPECT_EQ(summary->columns[1].type, ColumnType::kReal);
  EXPECT_EQ(Column("ZIPS", "zip"), (std::vector<std::optional<std::string>>{"02134", "10001"}));
  EXPECT_EQ(Column("ZIPS", "amount"),
            (std::vector<std::optional<std::string>>{std::nullopt, "2.5"}));
}

TEST_F(CsvLoadTest, ReloadingCopiesThePreviousRowsIntoHist) {
  ASSERT_TRUE(Load(WriteCsv("one.csv", "k,v\n1,a\n2,b\n"), "T").ok());
  ASSERT_TRUE(Load(WriteCsv("two.csv", "k,v\n3,c\n4,d\n5,e\n"), "T").ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM T"), 3);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM T_HIST"), 2);
  EXPECT_EQ(Column("T_HIST", "v"), (std::vector<std::optional<std::string>>{"a", "b"}));
}

TEST_F(CsvLoadTest, AFileWhoseEveryLineIsBadFailsAndLeavesTheTableAlone) {
  ASSERT_TRUE(Load(WriteCsv("good.csv", "a,b\n1,2\n"), "KEEP").ok());
  const std::string path = WriteCsv("allbad.csv", "a,b\n1\n2,3,4\n");
  auto summary = Load(path, "KEEP");
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(summary.status().message(),
            "no line of " + path +
                " could be loaded: all 2 data lines are bad; the first, line 2: expected 2 "
                "fields, got 1");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM KEEP"), 1);

  EXPECT_EQ(Load(path, "KEEP", {.max_reported_bad_lines = 0}).status().message(),
            "no line of " + path + " could be loaded: all 2 data lines are bad");
}

TEST_F(CsvLoadTest, HeaderProblemsAreRefusedWithTheFileAndColumnNamed) {
  const std::string empty = WriteCsv("empty.csv", "");
  EXPECT_EQ(Load(empty, "T").status().message(), empty + " has no header row: the file is empty");

  const std::string twice = WriteCsv("twice.csv", "a,b,A\n1,2,3\n");
  EXPECT_EQ(Load(twice, "T").status().message(),
            twice + " line 1: header names column \"A\" twice (columns 1 and 3)");

  const std::string unnamed = WriteCsv("unnamed.csv", "a,,c\n1,2,3\n");
  EXPECT_EQ(Load(unnamed, "T").status().message(),
            unnamed + " line 1: header column 2 has no name; every column needs one");

  const std::string good = WriteCsv("good.csv", "a\n1\n");
  EXPECT_EQ(Load(good, "T", {.text_columns = {"zip"}}).status().message(),
            "--text-columns: \"zip\" is not a column of " + good);
}

TEST_F(CsvLoadTest, BadTableNamesAndMissingFilesAreRefused) {
  const auto bad_name = Load(WriteCsv("a.csv", "a\n1\n"), "1st table");
  EXPECT_EQ(bad_name.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(bad_name.status().message(),
            "--table: got \"1st table\", expected a table name of letters, digits and _ that "
            "does not start with a digit");

  const std::string missing = dir_.File("missing.csv");
  const auto not_found = Load(missing, "T");
  EXPECT_EQ(not_found.status().code(), Status::Code::kNotFound);
  EXPECT_EQ(not_found.status().message(), "cannot open " + missing + ": No such file or directory");
}

}  // namespace
}  // namespace attrition::load
