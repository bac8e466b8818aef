#include "load/csv_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace attrition::load {
namespace {

struct Parsed {
  int64_t line;
  std::string error;
  bool blank;
  std::vector<std::string> fields;
  std::vector<bool> quoted;
};

std::vector<Parsed> ParseAll(std::string_view text, char delimiter = ',') {
  CsvReader reader(text, delimiter);
  CsvRecord record;
  std::vector<Parsed> out;
  while (reader.Next(&record)) {
    Parsed parsed{record.line, record.error, record.blank, {}, {}};
    for (const CsvField& field : record.fields) {
      parsed.fields.emplace_back(field.value);
      parsed.quoted.push_back(field.quoted);
    }
    out.push_back(std::move(parsed));
  }
  return out;
}

TEST(CsvReader, SplitsPlainFieldsAndNumbersLines) {
  const auto records = ParseAll("a,b,c\n1,2,3\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(records[1].line, 2);
}

TEST(CsvReader, QuotedFieldsHoldDelimitersLineBreaksAndDoubledQuotes) {
  const auto records = ParseAll("1,\"a, b\",\"she said \"\"hi\"\"\",\"x\ny\"\n2,z,w,v\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"1", "a, b", "she said \"hi\"", "x\ny"}));
  EXPECT_EQ(records[0].quoted, (std::vector<bool>{false, true, true, true}));
  EXPECT_EQ(records[1].line, 3) << "the line break inside quotes counts as a physical line";
}

TEST(CsvReader, CrlfLineEndsAreOneLineBreakAndKeptInsideQuotes) {
  const auto records = ParseAll("a,b\r\n1,\"p\r\nq\"\r\n2,r\r\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"1", "p\r\nq"}));
  EXPECT_EQ(records[2].fields, (std::vector<std::string>{"2", "r"}));
  EXPECT_EQ(records[2].line, 4);
}

TEST(CsvReader, EmptyFieldsTrailingDelimiterAndMissingFinalNewline) {
  const auto records = ParseAll("a,,\"\"\n,b,");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"a", "", ""}));
  EXPECT_EQ(records[0].quoted, (std::vector<bool>{false, false, true}));
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"", "b", ""}));
}

TEST(CsvReader, SkipsByteOrderMarkAndReportsBlankLines) {
  const auto records = ParseAll("\xEF\xBB\xBFid\n\n7\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"id"}));
  EXPECT_TRUE(records[1].blank);
  EXPECT_EQ(records[2].fields, (std::vector<std::string>{"7"}));
  EXPECT_EQ(records[2].line, 3);
}

TEST(CsvReader, QuoteInsideAnUnquotedFieldIsOrdinaryText) {
  const auto records = ParseAll("5'11\",x\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"5'11\"", "x"}));
}

TEST(CsvReader, TextAfterAClosingQuoteIsBadAndCostsOnlyThatLine) {
  const auto records = ParseAll("1,\"ab\"c,2\n3,d,4\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].error,
            "unexpected 'c' after the closing quote of field 2 (a quote inside a field must be "
            "doubled)");
  EXPECT_TRUE(records[0].fields.empty());
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"3", "d", "4"}));
  EXPECT_EQ(records[1].line, 2);
}

TEST(CsvReader, StrayOpeningQuoteThatPairsWithALaterLineCostsOnlyItsOwnLine) {
  // Line 1's quote would close at line 2's first quote; reading resumes at line 2.
  const auto records = ParseAll("1,\"abc,2\n3,\"d\",4\n5,e,6\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_FALSE(records[0].error.empty());
  EXPECT_EQ(records[0].line, 1);
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"3", "d", "4"}));
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(records[2].line, 3);
}

TEST(CsvReader, UnterminatedQuoteIsBadAndReadingResumesOnTheNextLine) {
  const auto records = ParseAll("1,\"abc,2\n3,d,4\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].error,
            "quoted field 2 is never closed (no closing quote before the end of the file)");
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"3", "d", "4"}));
  EXPECT_EQ(records[1].line, 2);
}

TEST(CsvReader, TabDelimiter) {
  const auto records = ParseAll("a\tb,c\n", '\t');
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"a", "b,c"}));
}

}  // namespace
}  // namespace attrition::load
