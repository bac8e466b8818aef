#include "load/cell_types.h"

#include <gtest/gtest.h>

namespace attrition::load {
namespace {

using warehouse::ColumnType;

TEST(CellTypes, ClassifiesIntegersRealsTextAndBlanks) {
  EXPECT_EQ(ClassifyCell("42"), CellClass::kInteger);
  EXPECT_EQ(ClassifyCell("-7"), CellClass::kInteger);
  EXPECT_EQ(ClassifyCell("+3"), CellClass::kInteger);
  EXPECT_EQ(ClassifyCell(" 12 "), CellClass::kInteger);
  EXPECT_EQ(ClassifyCell("29.85"), CellClass::kReal);
  EXPECT_EQ(ClassifyCell("1e-3"), CellClass::kReal);
  EXPECT_EQ(ClassifyCell(".5"), CellClass::kReal);
  EXPECT_EQ(ClassifyCell("-0.25"), CellClass::kReal);
  EXPECT_EQ(ClassifyCell("99999999999999999999"), CellClass::kReal) << "beyond 64 bits";
  EXPECT_EQ(ClassifyCell(""), CellClass::kEmpty);
  EXPECT_EQ(ClassifyCell("   "), CellClass::kEmpty);
  EXPECT_EQ(ClassifyCell("1,234"), CellClass::kText);
  EXPECT_EQ(ClassifyCell("inf"), CellClass::kText);
  EXPECT_EQ(ClassifyCell("nan"), CellClass::kText);
  EXPECT_EQ(ClassifyCell("0x1F"), CellClass::kText);
  EXPECT_EQ(ClassifyCell("12abc"), CellClass::kText);
  EXPECT_EQ(ClassifyCell("2024-01-31"), CellClass::kText);
  EXPECT_EQ(ClassifyCell("-"), CellClass::kText);
}

TEST(CellTypes, ColumnTypeIsTheNarrowestThatHoldsEveryCell) {
  ColumnTypeInference integers;
  integers.Observe(CellClass::kInteger);
  integers.Observe(CellClass::kEmpty);
  EXPECT_EQ(integers.type(), ColumnType::kInteger);

  ColumnTypeInference reals = integers;
  reals.Observe(CellClass::kReal);
  EXPECT_EQ(reals.type(), ColumnType::kReal);

  ColumnTypeInference text = reals;
  text.Observe(CellClass::kText);
  EXPECT_EQ(text.type(), ColumnType::kText);
  EXPECT_TRUE(text.settled());

  ColumnTypeInference nothing;
  nothing.Observe(CellClass::kEmpty);
  EXPECT_EQ(nothing.type(), ColumnType::kText);
}

TEST(CellTypes, ParsesNumbersIgnoringSurroundingBlanks) {
  EXPECT_EQ(ParseInteger(" 42\t"), 42);
  EXPECT_EQ(ParseInteger("+5"), 5);
  EXPECT_FALSE(ParseInteger("4.0"));
  EXPECT_DOUBLE_EQ(*ParseReal("1889.5"), 1889.5);
  EXPECT_FALSE(ParseReal(" "));
}

}  // namespace
}  // namespace attrition::load
