#include "normalize/text.h"

#include <gtest/gtest.h>

namespace taxgate::normalize {
namespace {

TEST(FoldToAsciiTest, RemovesAccentsAndUpperCases) {
  EXPECT_EQ(FoldToAscii("José Núñez"), "JOSE NUNEZ");
  EXPECT_EQ(FoldToAscii("Toño"), "TONO");
  EXPECT_EQ(FoldToAscii("Müller"), "MULLER");
  EXPECT_EQ(FoldToAscii("plain"), "PLAIN");
}

TEST(FoldToAsciiTest, RomanisesOtherScripts) {
  EXPECT_EQ(FoldToAscii("Иван"), "IVAN");
}

TEST(CleanTextTest, StripsPunctuation) {
  EXPECT_EQ(CleanText("O'Brien"), "OBRIEN");
  EXPECT_EQ(CleanText("  García-López, Jr. "), "GARCIA LOPEZ JR");
  EXPECT_EQ(CleanText("Apt #12", "#"), "APT #12");
}

}  // namespace
}  // namespace taxgate::normalize
