#include "attrition/status.h"

#include <gtest/gtest.h>

namespace attrition {
namespace {

Result<int> ParsePositive(int v) {
  if (v <= 0) return Status::InvalidArgument("value: got " + std::to_string(v) + ", expected > 0");
  return v;
}

Result<int> Twice(int v) {
  ATTRITION_ASSIGN_OR_RETURN(int x, ParsePositive(v));
  return 2 * x;
}

TEST(Status, CarriesCodeAndMessageAndContext) {
  const Status s = Status::NotFound("table PA_X").WithContext("features");
  EXPECT_EQ(s.code(), Status::Code::kNotFound);
  EXPECT_EQ(s.message(), "features: table PA_X");
  EXPECT_EQ(s.ToString(), "not found: features: table PA_X");
  EXPECT_TRUE(Status::OK().WithContext("x").ok());
}

TEST(Status, AssignOrReturnPropagatesTheFirstError) {
  EXPECT_EQ(*Twice(4), 8);
  const Result<int> bad = Twice(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "value: got -1, expected > 0");
}

}  // namespace
}  // namespace attrition
