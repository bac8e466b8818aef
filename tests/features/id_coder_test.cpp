// Identifiers are exact text (I4); IdCoder keys numeric ones by value without changing that.
#include "features/id_coder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "features/source_fixture.h"
#include "support/temp_dir.h"

namespace attrition::features {
namespace {

TEST(CanonicalInteger, AcceptsExactlyTheTextsThatCastGivesForAnInteger) {
  int64_t v = 0;
  EXPECT_TRUE(CanonicalInteger("0", &v));
  EXPECT_TRUE(CanonicalInteger("-12", &v));
  EXPECT_EQ(v, -12);
  EXPECT_TRUE(CanonicalInteger("9223372036854775807", &v));
  EXPECT_TRUE(CanonicalInteger("-9223372036854775808", &v));
  for (const char* text : {"", "-", "-0", "012", "+7", " 7", "7 ", "1e3", "7.0",
                           "9223372036854775808", "-9223372036854775809", "0x1F"}) {
    EXPECT_FALSE(CanonicalInteger(text, &v)) << "'" << text << "'";
  }
}

// The codes IdCoder gives to column 0 of every row of `sql`, run on a real SQLite file.
std::vector<int32_t> Codes(const std::string& sql) {
  attrition::testing::TempDir dir;
  auto w = testing::OpenSqlite(dir.File("ids.db"));
  auto cursor = w->Query(sql);
  EXPECT_TRUE(cursor.ok()) << cursor.status().ToString();
  IdCoder coder;
  std::vector<int32_t> codes;
  while (cursor.ok()) {
    auto more = (*cursor)->Next();
    if (!more.ok() || !*more) break;
    codes.push_back(coder.Code(**cursor, 0));
  }
  return codes;
}

TEST(IdCoder, AnIntegerAndItsCanonicalTextShareACodeAndNoOtherSpellingDoes) {
  const std::vector<int32_t> codes = Codes(
      "SELECT 7 UNION ALL SELECT '7' UNION ALL SELECT '07' UNION ALL SELECT '+7' "
      "UNION ALL SELECT 7.0 UNION ALL SELECT ' 7' UNION ALL SELECT 'C-7' UNION ALL SELECT 7");
  ASSERT_EQ(codes.size(), 8u);
  EXPECT_EQ(codes[1], codes[0]);  // '7' is CAST(7 AS TEXT)
  EXPECT_EQ(codes[7], codes[0]);
  for (size_t i = 2; i < 7; ++i) {
    for (size_t j = 0; j < i; ++j) EXPECT_NE(codes[i], codes[j]) << i << " vs " << j;
  }
}

TEST(IdCoder, NullAndEmptyIdsHaveNoCode) {
  EXPECT_EQ(Codes("SELECT NULL UNION ALL SELECT ''"), (std::vector<int32_t>{-1, -1}));
}

TEST(IdCoder, CodesAreDenseFromZeroAcrossIntegerAndTextIds) {
  EXPECT_EQ(Codes("SELECT 'a' UNION ALL SELECT 5 UNION ALL SELECT 'b' UNION ALL SELECT 'a'"),
            (std::vector<int32_t>{0, 1, 2, 0}));
}

}  // namespace
}  // namespace attrition::features
