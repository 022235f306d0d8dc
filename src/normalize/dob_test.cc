#include "normalize/dob.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <vector>

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

// The digit comparison, written the plain way (format both dates, compare
// the eight characters), agrees with CompareDob on every pair of a spread
// of dates that differ in one, two or more digits.
TEST(DobTest, AgreesWithTheFormattedDigitComparison) {
  auto reference = [](const Date& a, const Date& b) {
    if (a == b) return DobMatch::kExact;
    if (a.year == b.year && a.month == b.day && a.day == b.month) {
      return DobMatch::kDayMonthSwap;
    }
    char sa[16], sb[16];
    std::snprintf(sa, sizeof sa, "%04d%02d%02d", a.year, a.month, a.day);
    std::snprintf(sb, sizeof sb, "%04d%02d%02d", b.year, b.month, b.day);
    int diffs = 0, first = -1, second = -1;
    for (int i = 0; i < 8; ++i) {
      if (sa[i] != sb[i]) {
        if (diffs == 0) first = i;
        if (diffs == 1) second = i;
        ++diffs;
      }
    }
    if (diffs == 1) return DobMatch::kOneDigit;
    if (diffs == 2 && second == first + 1 && sa[first] == sb[second] &&
        sa[second] == sb[first]) {
      return DobMatch::kOneDigit;
    }
    return a.year == b.year ? DobMatch::kSameYear : DobMatch::kDifferent;
  };
  std::vector<Date> dates;
  for (int y : {1908, 1980, 1989, 1998, 2001})
    for (int m : {1, 2, 10, 11, 12})
      for (int d : {1, 2, 10, 12, 21, 28}) dates.push_back(Date{y, m, d});
  dates.push_back(Date{1980, 0, 0});  // year only
  int checked = 0;
  for (const Date& a : dates) {
    for (const Date& b : dates) {
      ASSERT_EQ(CompareDob(a, b), reference(a, b))
          << a.ToString() << " " << b.ToString();
      ++checked;
    }
  }
  EXPECT_EQ(checked, 151 * 151);
}

}  // namespace
}  // namespace taxgate::normalize
