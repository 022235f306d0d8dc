#include "common/status.h"

#include <gtest/gtest.h>

#include <string>

namespace taxgate {
namespace {

Result<int> Half(int n) {
  if (n % 2 != 0) return Status::InvalidArgument("odd: " + std::to_string(n));
  return n / 2;
}

TEST(ResultTest, HoldsAValueOrAStatus) {
  auto good = Half(4);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 2);
  auto bad = Half(3);
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().ToString(), "INVALID_ARGUMENT: odd: 3");
}

TEST(ResultTest, AnOkStatusWithoutAValueIsAnError) {
  Result<int> r(Status::Ok());
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
}

TEST(ResultDeathTest, ReadingTheValueOfAnErrorAbortsWithTheStatus) {
  auto bad = Half(3);
  EXPECT_DEATH((void)bad.value(), "a result read without a value.*odd: 3");
  EXPECT_DEATH((void)*bad, "odd: 3");
}

}  // namespace
}  // namespace taxgate
