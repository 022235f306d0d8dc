#include "common/strings.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "common/sort_order.h"

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

// IdOrder sorts by prefix, then by the whole key: the same order as a
// stable sort of the strings, for keys sharing long prefixes, keys shorter
// than 8 bytes, bytes above 0x7f and repeated keys.
TEST(IdOrderTest, SortsAsAStableSortOfTheStrings) {
  std::vector<std::string> keys;
  uint64_t x = 12345;
  for (int i = 0; i < 5000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    std::string k = (x >> 60) % 2 ? "R000000" : "R";
    k += std::to_string((x >> 20) % 700);
    if ((x >> 10) % 7 == 0) k += "\xc3\xa9";
    keys.push_back(k);
  }
  keys.push_back("");
  std::vector<uint32_t> want(keys.size());
  for (size_t i = 0; i < want.size(); ++i) want[i] = static_cast<uint32_t>(i);
  std::stable_sort(want.begin(), want.end(),
                   [&](uint32_t a, uint32_t b) { return keys[a] < keys[b]; });
  auto key = [&](size_t i) -> std::string_view { return keys[i]; };
  EXPECT_EQ(IdOrder(keys.size(), key), want);
  std::vector<std::string> sorted;
  for (uint32_t i : want) sorted.push_back(keys[i]);
  std::vector<uint32_t> identity(sorted.size());
  for (size_t i = 0; i < identity.size(); ++i) identity[i] = i;
  EXPECT_EQ(IdOrder(sorted.size(),
                    [&](size_t i) -> std::string_view { return sorted[i]; }),
            identity);
}

}  // namespace
}  // namespace taxgate
