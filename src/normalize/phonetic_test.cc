#include "normalize/phonetic.h"

#include <gtest/gtest.h>

namespace taxgate::normalize {
namespace {

TEST(SoundexTest, KnownCodes) {
  EXPECT_EQ(Soundex("ROBERT"), "R163");
  EXPECT_EQ(Soundex("RUPERT"), "R163");
  EXPECT_EQ(Soundex("ASHCRAFT"), "A261");
  EXPECT_EQ(Soundex("TYMCZAK"), "T522");
  EXPECT_EQ(Soundex("PFISTER"), "P236");
  EXPECT_EQ(Soundex("LEE"), "L000");
  EXPECT_EQ(Soundex("GONZALEZ"), Soundex("GONSALES"));
  EXPECT_EQ(Soundex(""), "");
}

}  // namespace
}  // namespace taxgate::normalize
