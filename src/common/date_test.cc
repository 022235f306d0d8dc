#include "common/date.h"

#include <gtest/gtest.h>

namespace taxgate {
namespace {

TEST(DateTest, ParsesRealDatesOnly) {
  EXPECT_EQ(ParseIsoDate("2024-02-29")->ToString(), "2024-02-29");
  EXPECT_FALSE(ParseIsoDate("2023-02-29").has_value());
  EXPECT_FALSE(ParseIsoDate("19450493").has_value());
  EXPECT_FALSE(ParseIsoDate("2023-13-01").has_value());
}

TEST(DateTest, DaysRoundTrip) {
  Date d{2026, 11, 23};
  EXPECT_EQ(Date::FromDays(d.ToDays()), d);
  EXPECT_EQ((Date{1970, 1, 1}).ToDays(), 0);
  EXPECT_EQ((Date{2000, 3, 1}).ToDays() - (Date{2000, 2, 28}).ToDays(), 2);
}

}  // namespace
}  // namespace taxgate
