#include "normalize/string_similarity.h"

#include <gtest/gtest.h>

namespace taxgate::normalize {
namespace {

TEST(JaroWinklerTest, KnownValues) {
  // Winkler (1990) / jellyfish reference values.
  EXPECT_NEAR(Jaro("MARTHA", "MARHTA"), 0.944444, 1e-5);
  EXPECT_NEAR(JaroWinkler("MARTHA", "MARHTA"), 0.961111, 1e-5);
  EXPECT_NEAR(JaroWinkler("DWAYNE", "DUANE"), 0.84, 1e-5);
  EXPECT_NEAR(JaroWinkler("DIXON", "DICKSONX"), 0.813333, 1e-5);
  EXPECT_DOUBLE_EQ(JaroWinkler("SAME", "SAME"), 1.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("", "X"), 0.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("ABC", "XYZ"), 0.0);
}

TEST(DamerauLevenshteinTest, KnownValues) {
  EXPECT_EQ(DamerauLevenshtein("CA", "AC"), 1);
  EXPECT_EQ(DamerauLevenshtein("KITTEN", "SITTING"), 3);
  EXPECT_EQ(DamerauLevenshtein("", "ABC"), 3);
  EXPECT_EQ(DamerauLevenshtein("SMITH", "SMIHT"), 1);
  EXPECT_EQ(DamerauLevenshtein("CA", "ABC"), 3);  // OSA form
  EXPECT_EQ(DamerauLevenshtein("GARCIA", "GARCIA"), 0);
}

TEST(DamerauLevenshteinTest, LongStringsUseTheHeap) {
  std::string a(100, 'A'), b(100, 'A');
  b[50] = 'B';
  EXPECT_EQ(DamerauLevenshtein(a, b), 1);
  EXPECT_GT(JaroWinkler(a, b), 0.99);
}

}  // namespace
}  // namespace taxgate::normalize
