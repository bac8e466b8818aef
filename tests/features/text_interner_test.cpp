#include "features/text_interner.h"

#include <gtest/gtest.h>

#include <string>

namespace attrition::features {
namespace {

TEST(TextInterner, GivesDenseCodesInFirstSeenOrder) {
  TextInterner ids;
  EXPECT_EQ(ids.Intern("b"), 0);
  EXPECT_EQ(ids.Intern("a"), 1);
  EXPECT_EQ(ids.Intern("b"), 0);
  EXPECT_EQ(ids.size(), 2);
  EXPECT_EQ(ids.Text(1), "a");
}

TEST(TextInterner, MatchesOnlyTheExactBytes) {
  TextInterner ids;
  ids.Intern("C-01");
  EXPECT_EQ(ids.Find("C-01"), 0);
  for (const char* miss : {"c-01", " C-01", "C-01 ", "C-001", "C-1", ""}) {
    EXPECT_EQ(ids.Find(miss), TextInterner::kAbsent) << "'" << miss << "'";
  }
}

TEST(TextInterner, TellsApartStringsThatDifferAfterAnEmbeddedNul) {
  TextInterner ids;
  const std::string a("7\0a", 3), b("7\0b", 3);
  EXPECT_NE(ids.Intern(a), ids.Intern(b));
  EXPECT_EQ(ids.Find(std::string("7", 1)), TextInterner::kAbsent);
}

TEST(TextInterner, KeepsEveryCodeAcrossGrowth) {
  TextInterner ids;
  for (int i = 0; i < 100000; ++i) ASSERT_EQ(ids.Intern(std::to_string(i)), i);
  for (int i = 0; i < 100000; i += 997) {
    EXPECT_EQ(ids.Find(std::to_string(i)), i);
    EXPECT_EQ(ids.Text(i), std::to_string(i));
  }
}

}  // namespace
}  // namespace attrition::features
