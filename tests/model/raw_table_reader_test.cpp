#include <gtest/gtest.h>

#include <cmath>

#include "attrition/model_raw_table_reader.h"
#include "attrition/warehouse.h"
#include "support/temp_dir.h"

namespace attrition::model {
namespace {

using warehouse::ColumnType;

// A real SQLite warehouse holding a small table with NULLs and a mixed-type column.
std::unique_ptr<warehouse::Warehouse> OpenWithRows(const testing::TempDir& dir) {
  auto wh = warehouse::Warehouse::Open("sqlite:" + dir.File("w.db")).value();
  auto txn = wh->Begin().value();
  warehouse::Schema schema = {{"CUSTOMER_ID", ColumnType::kText},
                              {"IS_PAYOR_TYPE", ColumnType::kText},
                              {"NUM_AGE", ColumnType::kReal},
                              {"IS_SR", ColumnType::kInteger}};
  auto writer = txn->AppendRows("T", schema).value();
  writer->SetText(0, "C1");
  writer->SetText(1, "Medicare");
  writer->SetReal(2, 71.5);
  writer->SetInteger(3, 1);
  EXPECT_TRUE(writer->EndRow().ok());
  writer->SetText(0, "C2");
  writer->SetInteger(1, 7);  // a number in a text column
  writer->SetText(2, "NA");  // a NULL spelling in a numeric column
  EXPECT_TRUE(writer->EndRow().ok());
  EXPECT_TRUE(writer->Finish().ok());
  writer.reset();
  EXPECT_TRUE(txn->Commit().ok());
  return wh;
}

TEST(ReadRawTable, ReadsNumbersTextAndNullsByDeclaredType) {
  testing::TempDir dir;
  auto wh = OpenWithRows(dir);
  std::vector<std::string> names = {"CUSTOMER_ID", "IS_PAYOR_TYPE", "NUM_AGE", "IS_SR"};
  auto specs = RawColumnSpecsFor(wh->DescribeTable("T").value(), names).value();
  auto cursor = wh->Scan("T", names).value();
  Result<RawTable> table = ReadRawTable(*cursor, specs);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_EQ(table->num_rows(), 2u);
  EXPECT_EQ(table->Find("IS_PAYOR_TYPE")->Text(0), "Medicare");
  EXPECT_EQ(table->Find("IS_PAYOR_TYPE")->Text(1), "7");
  EXPECT_EQ(table->Find("NUM_AGE")->Number(0), 71.5);
  EXPECT_TRUE(std::isnan(table->Find("NUM_AGE")->Number(1)));
  EXPECT_EQ(table->Find("IS_SR")->Number(0), 1.0);
  EXPECT_TRUE(std::isnan(table->Find("IS_SR")->Number(1)));
}

TEST(ReadRawTable, TextThatIsNotANumberNamesColumnRowAndValue) {
  testing::TempDir dir;
  auto wh = OpenWithRows(dir);
  std::vector<RawColumnSpec> specs = {{"CUSTOMER_ID", RawColumn::Kind::kNumeric}};
  auto cursor = wh->Query("SELECT CUSTOMER_ID FROM T").value();
  Result<RawTable> table = ReadRawTable(*cursor, specs);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().message(), "column CUSTOMER_ID row 1: expected a number, got \"C1\"");
}

TEST(ReadRawTable, SpecsForAnUnknownColumnAreNotFound) {
  warehouse::Schema schema = {{"A", ColumnType::kReal}};
  std::vector<std::string> names = {"B"};
  Result<std::vector<RawColumnSpec>> specs = RawColumnSpecsFor(schema, names);
  ASSERT_FALSE(specs.ok());
  EXPECT_EQ(specs.status().code(), Status::Code::kNotFound);
  EXPECT_EQ(specs.status().message(), "column B does not exist");
}

}  // namespace
}  // namespace attrition::model
