#include "normalize/string_similarity.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

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

// The bound is never below the true score, and thresholding through
// JaroWinklerAtLeast gives JaroWinkler's answer, on many random pairs of
// name-like strings (a small alphabet, so that near misses are common).
TEST(JaroWinklerBoundTest, NeverBelowTheScoreAndSameThresholdAnswers) {
  uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(state >> 33);
  };
  auto word = [&] {
    std::string w;
    size_t len = next() % 9;
    for (size_t i = 0; i < len; ++i) w += "AEIOULNRSTMGZ"[next() % 13];
    return w;
  };
  int checked = 0, rejected = 0;
  for (int i = 0; i < 200000; ++i) {
    std::string a = word(), b = next() % 4 == 0 ? a : word();
    if (b.size() > 2 && next() % 3 == 0) b[next() % b.size()] = 'X';
    double jw = JaroWinkler(a, b);
    ASSERT_GE(JaroWinklerUpperBound(a, b) + 1e-12, jw) << a << " " << b;
    for (double t : {0.80, 0.88, 0.92}) {
      double got = JaroWinklerAtLeast(a, b, t);
      ASSERT_EQ(got >= t, jw >= t) << a << " " << b << " " << t;
      double masked =
          JaroWinklerAtLeast(a, b, ByteClassMask(a), ByteClassMask(b), t);
      ASSERT_EQ(masked >= t, jw >= t) << a << " " << b << " " << t;
      if (got < t) ++rejected;
      ++checked;
    }
  }
  EXPECT_GT(rejected, checked / 10);  // the bound does reject pairs
  EXPECT_EQ(JaroWinklerUpperBound("JOHNSON", "GARCIA"), 0.0);
  EXPECT_EQ(JaroWinklerAtLeast("MARTHA", "MARHTA", 0.8),
            JaroWinkler("MARTHA", "MARHTA"));
}

}  // namespace
}  // namespace taxgate::normalize
