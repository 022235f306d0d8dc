#include "common/strings.h"

#include <gtest/gtest.h>

namespace taxgate {
namespace {

TEST(StringsTest, SplitKeepsEmptyPieces) {
  EXPECT_EQ(Split("a;;b", ';'), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(SplitWords("  a \t b  "), (std::vector<std::string>{"a", "b"}));
}

TEST(StringsTest, ParseIntRejectsTrailingJunk) {
  EXPECT_EQ(ParseInt("2023"), 2023);
  EXPECT_FALSE(ParseInt("2023x").has_value());
  EXPECT_FALSE(ParseInt("").has_value());
}

TEST(StringsTest, CaseAndTrim) {
  EXPECT_EQ(AsciiUpper("José a"), "JOSé A");
  EXPECT_EQ(Trim("  x y \r\n"), "x y");
  EXPECT_EQ(DigitsOnly("123-45-6789"), "123456789");
}

}  // namespace
}  // namespace taxgate
