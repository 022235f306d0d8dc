#include "normalize/tin.h"

#include <gtest/gtest.h>

namespace taxgate::normalize {
namespace {

TEST(TinTest, NormalizesAndCompares) {
  EXPECT_EQ(NormalizeTin("123-45-6789"), "123456789");
  EXPECT_TRUE(IsWellFormedTin("123456789"));
  EXPECT_FALSE(IsWellFormedTin("12345"));
  EXPECT_EQ(CompareTin("123456789", "123456789"), TinMatch::kExact);
  EXPECT_EQ(CompareTin("123456789", "124356789"), TinMatch::kTransposition);
  EXPECT_EQ(CompareTin("123456789", "123456780"), TinMatch::kOneDigit);
  EXPECT_EQ(CompareTin("123456789", "987654321"), TinMatch::kDifferent);
}

}  // namespace
}  // namespace taxgate::normalize
