#include "normalize/dob.h"

#include <gtest/gtest.h>

namespace taxgate::normalize {
namespace {

Date D(const char* s) { return *ParseDob(s); }

TEST(DobTest, Parses) {
  EXPECT_TRUE(ParseDob("1980-03-04").has_value());
  EXPECT_TRUE(ParseDob("19800304").has_value());
  EXPECT_FALSE(ParseDob("1945-04-93").has_value());
  EXPECT_FALSE(ParseDob("").has_value());
}

TEST(DobTest, DetectsDayMonthSwap) {
  EXPECT_EQ(CompareDob(D("1980-03-04"), D("1980-04-03")),
            DobMatch::kDayMonthSwap);
  EXPECT_EQ(CompareDob(D("1980-03-04"), D("1980-03-04")), DobMatch::kExact);
}

TEST(DobTest, DetectsOneDigitTypos) {
  EXPECT_EQ(CompareDob(D("1980-03-04"), D("1980-03-05")), DobMatch::kOneDigit);
  EXPECT_EQ(CompareDob(D("1980-03-04"), D("1908-03-04")), DobMatch::kOneDigit);
  EXPECT_EQ(CompareDob(D("1980-03-14"), D("1980-03-21")), DobMatch::kSameYear);
  EXPECT_EQ(CompareDob(D("1980-03-04"), D("1975-11-20")), DobMatch::kDifferent);
}

}  // namespace
}  // namespace taxgate::normalize
