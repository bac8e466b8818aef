// The request decoders and Accept negotiation of /invocations, without a server.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "serve/csv_rows.h"
#include "serve/json_rows.h"
#include "serve/json_text.h"
#include "serve/media_type.h"

namespace attrition::serve {
namespace {

TEST(JsonRows, ParsesRowsNullsAndAFlatRow) {
  RowBatch rows;
  ASSERT_TRUE(ParseJsonRows(" [[1, 2.5, null], [-3, 4e2, 0]] ", 3, rows).ok());
  ASSERT_EQ(rows.rows, 2u);
  EXPECT_EQ(rows.Row(0)[1], 2.5f);
  EXPECT_TRUE(std::isnan(rows.Row(0)[2]));
  EXPECT_EQ(rows.Row(1)[1], 400.0f);
  ASSERT_TRUE(ParseJsonRows("[7, 8, 9]", 3, rows).ok());
  ASSERT_EQ(rows.rows, 1u);
  EXPECT_EQ(rows.Row(0)[2], 9.0f);
}

TEST(JsonRows, ConvertsThroughDoubleAsNumpyDoes) {
  RowBatch rows;
  ASSERT_TRUE(ParseJsonRows("[[0.1, 16777217]]", 2, rows).ok());
  EXPECT_EQ(rows.Row(0)[0], static_cast<float>(0.1));
  EXPECT_EQ(rows.Row(0)[1], static_cast<float>(16777217.0));
}

TEST(JsonRows, NamesEveryProblem) {
  RowBatch rows;
  EXPECT_EQ(ParseJsonRows("[[1, 2], [3]]", 2, rows).message(),
            "row 1 has 1 values, expected 2 (the model's features in feature-plan order)");
  EXPECT_EQ(ParseJsonRows("[[1, 2, 3]]", 2, rows).message(),
            "row 0 has 3 values, expected 2 (the model's features in feature-plan order)");
  EXPECT_EQ(ParseJsonRows("[[1, \"x\"]]", 2, rows).message(),
            "row 0, column 1: expected a number or null, got the string \"x\"");
  EXPECT_EQ(ParseJsonRows("[[1, true]]", 2, rows).message(),
            "row 0, column 1: expected a number or null, got true");
  EXPECT_EQ(ParseJsonRows("[[1, [2]]]", 2, rows).message(),
            "row 0, column 1: expected a number or null, got a nested array");
  EXPECT_EQ(ParseJsonRows("[]", 2, rows).message(), "expected a non-empty 2-D array of numbers");
  EXPECT_EQ(ParseJsonRows("5", 2, rows).message(),
            "expected a 2-D array of numbers, got a single value");
  EXPECT_EQ(ParseJsonRows("[[1, 2], 3]", 2, rows).message(),
            "expected a 2-D array of numbers: a bare number after a row");
  const Status truncated = ParseJsonRows("[[1, 2], [3,", 2, rows);
  EXPECT_EQ(truncated.message().rfind("malformed JSON at byte ", 0), 0u) << truncated.message();
  const Status garbage = ParseJsonRows("[[1, 2]] x", 2, rows);
  EXPECT_NE(garbage.message().find("malformed JSON at byte 9"), std::string::npos)
      << garbage.message();
}

// The fast reader of well-formed bodies and nlohmann's parser (the oracle here, and the
// path every body the fast reader declines takes) give the same floats, for every JSON
// number form: integers, -0, fractions, exponents, long mantissas, huge and tiny values.
TEST(JsonRows, WellFormedBodiesGiveNlohmannsNumbers) {
  std::mt19937_64 random(7);
  const std::vector<std::string> forms = {
      "0", "-0", "7", "-12", "0.5", "-0.25", "1e3", "1E-3", "2.5e+2", "-3.75E-1",
      "123456789012345678", "18446744073709551615", "18446744073709551616",
      "9007199254740993", "0.1000000000000000055511151231257827", "3.4028235677973366e38",
      "1e-45", "4.9406564584124654e-324", "null", "-9223372036854775808", "1e308"};
  const std::vector<std::string> spaces = {"", " ", "\n", "\t", " \r\n "};
  for (int trial = 0; trial < 2000; ++trial) {
    const size_t width = 1 + random() % 6, rows = 1 + random() % 3;
    const bool flat = rows == 1 && random() % 2 == 0;
    const auto space = [&] { return spaces[random() % spaces.size()]; };
    std::string body = space() + "[";
    for (size_t r = 0; r < rows; ++r) {
      if (r > 0) body += space() + ",";
      if (!flat) body += space() + "[";
      for (size_t c = 0; c < width; ++c) {
        if (c > 0) body += space() + "," + space();
        body += forms[random() % forms.size()];
      }
      if (!flat) body += space() + "]";
    }
    body += space() + "]" + space();
    SCOPED_TRACE(body);
    RowBatch batch;
    ASSERT_TRUE(ParseJsonRows(body, width, batch).ok());
    const nlohmann::json doc = nlohmann::json::parse(body);
    ASSERT_EQ(batch.rows, rows);
    for (size_t r = 0; r < rows; ++r) {
      const nlohmann::json& row = flat ? doc : doc[r];
      for (size_t c = 0; c < width; ++c) {
        const float got = batch.Row(r)[c];
        if (row[c].is_null()) {
          ASSERT_TRUE(std::isnan(got));
        } else {
          const float expected = static_cast<float>(row[c].get<double>());
          ASSERT_EQ(std::memcmp(&got, &expected, sizeof got), 0) << got << " vs " << expected;
        }
      }
    }
  }
}

TEST(JsonRows, BodiesJsonRejectsAreStillNamedByThePrecisePath) {
  RowBatch batch;
  for (const char* body : {"[01]", "[1.]", "[.5]", "[+1]", "[1,]", "[inf]", "[NaN]", "[0x10]",
                           "[1e]", "[[1]]x", "[[1],[2]"}) {
    SCOPED_TRACE(body);
    const Status status = ParseJsonRows(body, 1, batch);
    ASSERT_FALSE(status.ok());
    EXPECT_NE(status.message().find("malformed JSON at byte"), std::string::npos)
        << status.message();
  }
}

TEST(CsvRows, ParsesRowsMissingValuesQuotesAndCrLf) {
  RowBatch rows;
  ASSERT_TRUE(ParseCsvRows("1,2.5,\r\n\n\"4\", NA ,6\n", 3, rows).ok());
  ASSERT_EQ(rows.rows, 2u);
  EXPECT_EQ(rows.Row(0)[1], 2.5f);
  EXPECT_TRUE(std::isnan(rows.Row(0)[2]));
  EXPECT_EQ(rows.Row(1)[0], 4.0f);
  EXPECT_TRUE(std::isnan(rows.Row(1)[1]));
}

TEST(CsvRows, NamesEveryProblem) {
  RowBatch rows;
  EXPECT_EQ(ParseCsvRows("1,2\n3\n", 2, rows).message(),
            "row 1 has 1 values, expected 2 (the model's features in feature-plan order)");
  EXPECT_EQ(ParseCsvRows("1,abc\n", 2, rows).message(),
            "row 0, column 1: expected a number, got \"abc\"");
  EXPECT_EQ(ParseCsvRows("\n\n", 2, rows).message(), "expected at least one CSV row");
}

TEST(MediaTypes, ParsesContentTypesCaseInsensitivelyWithParameters) {
  EXPECT_EQ(ParseContentType("application/json; charset=utf-8"), MediaType::kJson);
  EXPECT_EQ(ParseContentType("Text/CSV"), MediaType::kCsv);
  EXPECT_EQ(ParseContentType("application/x-recordio-protobuf"), std::nullopt);
  EXPECT_EQ(ParseContentType(""), std::nullopt);
}

TEST(MediaTypes, NegotiatesLikeSageMakersXgboostContainer) {
  const std::array<MediaType, 2> csv_first = {MediaType::kCsv, MediaType::kJson};
  const std::array<MediaType, 1> json_only = {MediaType::kJson};
  EXPECT_EQ(NegotiateAccept("", csv_first), MediaType::kCsv);
  EXPECT_EQ(NegotiateAccept("*/*", csv_first), MediaType::kCsv);
  EXPECT_EQ(NegotiateAccept("application/json", csv_first), MediaType::kJson);
  EXPECT_EQ(NegotiateAccept("text/csv;q=0.5, application/json", csv_first), MediaType::kJson);
  EXPECT_EQ(NegotiateAccept("application/*", csv_first), MediaType::kJson);
  EXPECT_EQ(NegotiateAccept("*/*;q=0.1, text/csv", json_only), MediaType::kJson);
  EXPECT_EQ(NegotiateAccept("application/xml", csv_first), std::nullopt);
  EXPECT_EQ(NegotiateAccept("text/csv", json_only), std::nullopt);
  EXPECT_EQ(NegotiateAccept("application/json;q=0", csv_first), std::nullopt);
}

TEST(JsonText, KeepsUtf8AndReplacesInvalidBytesSoAnswersStayJson) {
  std::string out;
  AppendJsonString("PAYOR_TYPE_M\xC3\xA9" "dicaid \"q\"\n", out);
  EXPECT_EQ(out, "\"PAYOR_TYPE_M\xC3\xA9" "dicaid \\\"q\\\"\\n\"");
  out.clear();
  AppendJsonString("a\xFF\xC3", out);
  EXPECT_EQ(out, "\"a\\ufffd\\ufffd\"");
  out.clear();
  AppendJsonFloat(0.1f, out);
  out += ',';
  AppendJsonFloat(std::nanf(""), out);
  EXPECT_EQ(out, "0.1,null");
}

}  // namespace
}  // namespace attrition::serve
