// Cosignatures (C2SP tlog-cosignature v1, Ed25519) against the spec's
// example line, a vector made independently with Python's `cryptography`
// (Ed25519 of RFC 8032, key id and message as the spec writes them), and
// round trips with damage.
#include "audit/cosignature.h"

#include <gtest/gtest.h>

#include "audit/note.h"
#include "common/crypto.h"

namespace taxgate::audit {
namespace {

constexpr char kText[] =
    "example.com/behind-the-sofa\n20852163\n"
    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
constexpr char kName[] = "witness.example/w1";
// Seed 32 x 0x01 under kName; made with Python's cryptography package.
constexpr char kVkey[] =
    "witness.example/w1+0ad7d35e+BIqI4910CfGV/VLbLTy6XXLKZwm/HZQSG/N0iAG0D29c";
constexpr char kLine[] =
    "\xE2\x80\x94 witness.example/w1 "
    "CtfTXgAAAABkGFDL0l0pFwTk9MykvW0AWQ7aj3wlQOPdkH/U6S+pa35ceaScuEzSwKfIeJ7i4"
    "Fxp8hH+ardr70qwEBhCA4/FskmwAg==\n";
constexpr uint64_t kTime = 1679315147;  // the spec's example time

class CosignatureTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitCrypto()); }
  Cosigner Make() {
    return MakeCosigner(kName, std::string(32, '\x01')).value();
  }
};

TEST_F(CosignatureTest, MatchesAVectorMadeIndependently) {
  Cosigner c = Make();
  EXPECT_EQ(c.key.ToString(), kVkey);
  auto line = Cosign(kText, c, kTime);
  ASSERT_TRUE(line.ok()) << line.status().message();
  EXPECT_EQ(*line, kLine);
  auto key = ParseCosignerKey(kVkey);
  ASSERT_TRUE(key.ok()) << key.status().message();
  auto got = VerifyCosignatures(kText, kLine, {*key});
  ASSERT_TRUE(got.ok()) << got.status().message();
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ((*got)[0].name, kName);
  EXPECT_EQ((*got)[0].timestamp, kTime);
}

TEST_F(CosignatureTest, SpecExampleLineHasKeyIdTimestampAndSignature) {
  // tlog-cosignature's example: key id, then the big-endian timestamp of
  // its "time 1679315147" message, then 64 bytes of signature.
  auto blob = Base64Decode(
      "jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin"
      "1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==");
  ASSERT_TRUE(blob.has_value());
  ASSERT_EQ(blob->size(), 76u);
  uint64_t ts = 0;
  for (int i = 4; i < 12; ++i)
    ts = (ts << 8) | static_cast<uint8_t>((*blob)[i]);
  EXPECT_EQ(ts, kTime);
  // Our own line has the same layout.
  std::string l = kLine;
  auto ours =
      Base64Decode(l.substr(4 + sizeof(kName), l.size() - 5 - sizeof(kName)));
  ASSERT_TRUE(ours.has_value());
  EXPECT_EQ(ours->substr(4, 8), blob->substr(4, 8));
}

TEST_F(CosignatureTest, MessageIsHeaderTimeAndText) {
  EXPECT_EQ(CosignedMessage("o\n1\nr\n", 42),
            "cosignature/v1\ntime 42\no\n1\nr\n");
}

TEST_F(CosignatureTest, ADifferentTextOrTimeDoesNotVerify) {
  Cosigner c = Make();
  std::string line = Cosign(kText, c, kTime).value();
  std::string other = kText;
  other[30] = '4';  // another tree size
  auto got = VerifyCosignatures(other, line, {c.key});
  EXPECT_EQ(got.status().code(), StatusCode::kDataLoss);
  // The same signature under another timestamp.
  auto blob = *Base64Decode(
      line.substr(4 + sizeof(kName), line.size() - 5 - sizeof(kName)));
  blob[11] ^= 1;
  std::string forged =
      "\xE2\x80\x94 " + std::string(kName) + " " + Base64Encode(blob) + "\n";
  EXPECT_EQ(VerifyCosignatures(kText, forged, {c.key}).status().code(),
            StatusCode::kDataLoss);
}

TEST_F(CosignatureTest, UnknownKeysAreIgnoredAndLogSignaturesTooDistinct) {
  Cosigner c = Make();
  Cosigner stranger =
      MakeCosigner("other.example/w", std::string(32, 'x')).value();
  std::string line = Cosign(kText, stranger, kTime).value();
  auto got = VerifyCosignatures(kText, line, {c.key});
  ASSERT_TRUE(got.ok());
  EXPECT_TRUE(got->empty());
  // A log's note signature by the same name and seed has another key id
  // (0x01): it is not taken for a cosignature, nor the reverse.
  auto log = MakeNoteSigner(kName, std::string(32, '\x01')).value();
  EXPECT_NE(log.verifier.key_id, c.key.key_id);
  std::string note = SignNote(kText, log).value();
  got = VerifyCosignatures(kText, note.substr(sizeof(kText)), {c.key});
  ASSERT_TRUE(got.ok()) << got.status().message();
  EXPECT_TRUE(got->empty());
  std::string cosigned = note + Cosign(kText, c, kTime).value();
  auto opened = OpenNote(cosigned, {log.verifier});
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  got = VerifyCosignatures(kText, cosigned.substr(sizeof(kText)), {c.key});
  ASSERT_TRUE(got.ok()) << got.status().message();
  EXPECT_EQ(got->size(), 1u);
}

TEST_F(CosignatureTest, KeysRoundTripAndBadKeysAreRefused) {
  Cosigner c = Make();
  auto back = ParseCosigner(c.ToString());
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->key.ToString(), c.key.ToString());
  EXPECT_EQ(back->seed, c.seed);
  // A log's note verifier key (0x01) is not a witness key.
  auto log = MakeNoteSigner(kName, std::string(32, '\x01')).value();
  auto bad = ParseCosignerKey(log.verifier.ToString());
  EXPECT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("0x04"), std::string::npos);
  std::string wrong_id = kVkey;
  wrong_id[20] = wrong_id[20] == '0' ? '1' : '0';
  EXPECT_FALSE(ParseCosignerKey(wrong_id).ok());
  EXPECT_FALSE(ParseCosignerKey("no-plus-signs").ok());
  EXPECT_FALSE(MakeCosigner("has space", std::string(32, 'a')).ok());
}

TEST_F(CosignatureTest, RefusesZeroTimeAndMalformedLines) {
  Cosigner c = Make();
  EXPECT_FALSE(Cosign(kText, c, 0).ok());
  EXPECT_FALSE(Cosign("no newline", c, 1).ok());
  EXPECT_FALSE(VerifyCosignatures(kText, "garbage\n", {c.key}).ok());
  EXPECT_FALSE(VerifyCosignatures(kText, "\xE2\x80\x94 a b", {c.key}).ok());
  std::string truncated =
      "\xE2\x80\x94 " + std::string(kName) + " " +
      Base64Encode(std::string("\x0a\xd7\xd3\x5e", 4) + "short") + "\n";
  EXPECT_EQ(VerifyCosignatures(kText, truncated, {c.key}).status().code(),
            StatusCode::kDataLoss);
}

}  // namespace
}  // namespace taxgate::audit
