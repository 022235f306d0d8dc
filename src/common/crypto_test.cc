#include "common/crypto.h"

#include <gtest/gtest.h>

namespace taxgate {
namespace {

TEST(CryptoTest, Sha256MatchesFips180Vector) {
  ASSERT_TRUE(InitCrypto());
  EXPECT_EQ(ToHex(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(CryptoTest, HmacSha256MatchesRfc4231Case2) {
  ASSERT_TRUE(InitCrypto());
  EXPECT_EQ(ToHex(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(CryptoTest, HexAndBase64RoundTrip) {
  ASSERT_TRUE(InitCrypto());
  std::string bytes("\x00\xff\x10 z", 5);
  EXPECT_EQ(*FromHex(ToHex(reinterpret_cast<const uint8_t*>(bytes.data()),
                           bytes.size())),
            bytes);
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(*Base64Decode("Zm9vYmFy"), "foobar");
  EXPECT_FALSE(Base64Decode("!!").has_value());
  EXPECT_FALSE(FromHex("zz").has_value());
}

TEST(CryptoTest, PasswordHashIsArgon2idAndVerifiesOnlyItsPassword) {
  ASSERT_TRUE(InitCrypto());
  auto h = PasswordHash("correct horse battery");
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->rfind("$argon2id$v=19$", 0), 0u) << *h;
  EXPECT_TRUE(PasswordVerify(*h, "correct horse battery"));
  EXPECT_FALSE(PasswordVerify(*h, "correct horse batterY"));
  EXPECT_FALSE(PasswordVerify(*h, ""));
  // A fresh salt each time: the same password never hashes alike.
  auto again = PasswordHash("correct horse battery");
  ASSERT_TRUE(again.has_value());
  EXPECT_NE(*h, *again);
  // Only Argon2id strings are accepted (not a plain or weaker hash).
  EXPECT_FALSE(
      PasswordVerify("correct horse battery", "correct horse battery"));
  EXPECT_FALSE(PasswordVerify("", ""));
}

TEST(CryptoTest, SecureEqualComparesWholeStrings) {
  EXPECT_TRUE(SecureEqual("abc", "abc"));
  EXPECT_FALSE(SecureEqual("abc", "abd"));
  EXPECT_FALSE(SecureEqual("abc", "abcd"));
}

}  // namespace
}  // namespace taxgate
