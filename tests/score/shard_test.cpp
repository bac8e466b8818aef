#include <gtest/gtest.h>

#include <map>

#include "attrition/score.h"

namespace attrition::score {
namespace {

TEST(CustomerBucket, IsTheFnv1aHashOfTheIdsBytesModuloTheBucketCount) {
  // FNV-1a 64 of "" is the offset basis 14695981039346656037; of "a" 0xaf63dc4c8601ec8c.
  EXPECT_EQ(CustomerBucket(""), static_cast<int>(14695981039346656037ull % kShardBuckets));
  EXPECT_EQ(CustomerBucket("a"), static_cast<int>(0xaf63dc4c8601ec8cull % kShardBuckets));
  EXPECT_NE(CustomerBucket("1000001"), CustomerBucket("1000001 "));  // exact bytes
}

TEST(CustomerBucket, SpreadsSequentialIdsEvenlyOverTwoAndThreeShards) {
  std::map<int, int> two, three;
  for (int id = 1000000; id < 1030000; ++id) {
    const int bucket = CustomerBucket(std::to_string(id));
    ++two[bucket % 2];
    ++three[bucket % 3];
  }
  for (const auto& [shard, n] : two) EXPECT_NEAR(n, 15000, 600) << shard;
  for (const auto& [shard, n] : three) EXPECT_NEAR(n, 10000, 600) << shard;
}

TEST(ParseShard, AcceptsIndexSlashCount) {
  int i = -1, n = -1;
  ASSERT_TRUE(ParseShard("3/4", &i, &n).ok());
  EXPECT_EQ(i, 3);
  EXPECT_EQ(n, 4);
  ASSERT_TRUE(ParseShard("0/1", &i, &n).ok());
  EXPECT_EQ(n, 1);
}

TEST(ParseShard, RejectsMalformedAndOutOfRangeValuesNamingThem) {
  for (const char* bad : {"", "1", "4/4", "-1/2", "1/0", "a/2", "1/2/3", "0/1025", " 0/2"}) {
    int i = 0, n = 1;
    const Status status = ParseShard(bad, &i, &n);
    ASSERT_FALSE(status.ok()) << bad;
    EXPECT_EQ(status.code(), Status::Code::kInvalidArgument);
    EXPECT_EQ(status.message(), std::string("--shard: got '") + bad +
                                    "', expected i/n with 0 <= i < n <= 1024 (e.g. 0/4)");
  }
}

}  // namespace
}  // namespace attrition::score
