// The Merkle core and signed notes against public test vectors
// (tests/audit/vectors/README.md): transparency-dev/merkle's reference tree
// and proof probes, a real Certificate Transparency log's proofs, Go's
// sumdb/note keys and notes, and a real sum.golang.org checkpoint.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "audit/checkpoint.h"
#include "audit/merkle.h"
#include "audit/note.h"
#include "common/crypto.h"
#include "test_util.h"

namespace taxgate::audit {
namespace {

using Json = nlohmann::json;

Json LoadVectors(const std::string& name) {
  std::ifstream in(taxgate::testing::SourceDir() + "/tests/audit/vectors/" +
                   name);
  EXPECT_TRUE(in.good()) << name;
  std::stringstream ss;
  ss << in.rdbuf();
  return Json::parse(ss.str());
}

std::string Bytes(const std::string& hex) { return FromHex(hex).value(); }

// A 32-byte hash from hex; nullopt for anything else (the negative probes
// hold 9-byte "roots" and garbage components, which must not verify).
std::optional<Hash256> HashOf(const std::string& hex) {
  auto b = FromHex(hex);
  if (!b || b->size() != 32) return std::nullopt;
  Hash256 h;
  std::memcpy(h.data(), b->data(), 32);
  return h;
}

std::optional<std::vector<Hash256>> PathOf(const Json& list) {
  std::vector<Hash256> out;
  for (const auto& x : list) {
    auto h = HashOf(x.get<std::string>());
    if (!h) return std::nullopt;
    out.push_back(*h);
  }
  return out;
}

class MerkleVectorsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(InitCrypto());
    v_ = new Json(LoadVectors("transparency_dev_merkle.json"));
    leaves_ = new std::vector<Hash256>();
    for (const auto& l : (*v_)["leaves_hex"]) {
      leaves_->push_back(LeafHash(Bytes(l.get<std::string>())));
    }
  }
  static void TearDownTestSuite() {
    delete v_;
    delete leaves_;
  }
  static Json* v_;
  static std::vector<Hash256>* leaves_;
};
Json* MerkleVectorsTest::v_ = nullptr;
std::vector<Hash256>* MerkleVectorsTest::leaves_ = nullptr;

TEST_F(MerkleVectorsTest, HasherVectors) {
  for (const auto& t : (*v_)["rfc6962_hasher"]) {
    Hash256 got;
    if (t.contains("leaf_data_hex")) {
      got = LeafHash(Bytes(t["leaf_data_hex"]));
    } else if (t.contains("left_hex")) {
      // Children here are 4-byte strings: hash 0x01 || left || right.
      got = Sha256(std::string(1, '\x01') + Bytes(t["left_hex"]) +
                   Bytes(t["right_hex"]));
    } else {
      got = EmptyRoot();
    }
    EXPECT_EQ(ToHex(got), t["want_hex"].get<std::string>()) << t["desc"];
  }
  for (size_t i = 0; i < leaves_->size(); ++i) {
    EXPECT_EQ(ToHex((*leaves_)[i]),
              (*v_)["leaf_hashes_hex"][i].get<std::string>());
  }
}

TEST_F(MerkleVectorsTest, RootsOfTheReferenceTreeAtEverySize) {
  for (const auto& r : (*v_)["roots"]) {
    size_t n = r["size"];
    std::vector<Hash256> prefix(leaves_->begin(), leaves_->begin() + n);
    EXPECT_EQ(ToHex(RootOf(prefix)), r["root_hex"].get<std::string>()) << n;
    CompactRange range;
    for (const auto& h : prefix) range.Append(h);
    EXPECT_EQ(range.Root(), RootOf(prefix)) << n;
  }
}

TEST_F(MerkleVectorsTest, InclusionProofsAreBuiltAndVerifiedAsPublished) {
  for (const auto& t : (*v_)["inclusion"]) {
    uint64_t i = t["leaf_index"], n = t["tree_size"];
    auto path = PathOf(t["path_hex"]);
    ASSERT_TRUE(path);
    EXPECT_EQ(InclusionProof(*leaves_, i, n), *path) << i << "/" << n;
    EXPECT_TRUE(VerifyInclusion(i, n, *HashOf(t["leaf_hash_hex"]), *path,
                                *HashOf(t["root_hex"]))
                    .ok())
        << i << "/" << n;
  }
}

TEST_F(MerkleVectorsTest, EveryNegativeInclusionProbeFails) {
  int checked = 0;
  for (const auto& t : (*v_)["inclusion_negative"]) {
    uint64_t i = t["leaf_index"], n = t["tree_size"];
    auto path = PathOf(t["path_hex"]);
    auto leaf = HashOf(t["leaf_hash_hex"]);
    auto root = HashOf(t["root_hex"]);
    ++checked;
    if (!path || !leaf || !root) continue;  // not even well formed
    EXPECT_FALSE(VerifyInclusion(i, n, *leaf, *path, *root).ok()) << t["desc"];
  }
  EXPECT_EQ(checked, 17);
}

TEST_F(MerkleVectorsTest, ConsistencyProofsAreBuiltAndVerifiedAsPublished) {
  for (const auto& t : (*v_)["consistency"]) {
    uint64_t m = t["size1"], n = t["size2"];
    auto path = PathOf(t["path_hex"]);
    ASSERT_TRUE(path);
    if (m > 0 && m < n) {
      EXPECT_EQ(ConsistencyProof(*leaves_, m, n), *path) << m << "->" << n;
    }
    EXPECT_TRUE(VerifyConsistency(m, n, *HashOf(t["root1_hex"]),
                                  *HashOf(t["root2_hex"]), *path)
                    .ok())
        << m << "->" << n;
  }
}

TEST_F(MerkleVectorsTest, EveryNegativeConsistencyProbeFails) {
  int checked = 0;
  for (const auto& t : (*v_)["consistency_negative"]) {
    uint64_t m = t["size1"], n = t["size2"];
    auto path = PathOf(t["path_hex"]);
    auto r1 = HashOf(t["root1_hex"]);
    auto r2 = HashOf(t["root2_hex"]);
    ++checked;
    if (!path || !r1 || !r2) continue;
    EXPECT_FALSE(VerifyConsistency(m, n, *r1, *r2, *path).ok()) << t["desc"];
  }
  EXPECT_EQ(checked, 20);
}

TEST(CtLogVectorsTest, ProofsOfARealCertificateTransparencyLogVerify) {
  ASSERT_TRUE(InitCrypto());
  Json v = LoadVectors("golang_mod_tlog_argon2020.json");
  const auto& inc = v["inclusion"];
  auto leaf = Base64Decode(inc["leaf_input_b64"].get<std::string>());
  ASSERT_TRUE(leaf);
  auto path = PathOf(inc["path_hex"]);
  ASSERT_TRUE(path);
  Hash256 root = *HashOf(v["root_hex"]);
  EXPECT_TRUE(VerifyInclusion(inc["leaf_index"], v["tree_size"],
                              LeafHash(*leaf), *path, root)
                  .ok());
  const auto& con = v["consistency"];
  auto cpath = PathOf(con["path_hex"]);
  ASSERT_TRUE(cpath);
  EXPECT_TRUE(VerifyConsistency(con["size1"], con["size2"],
                                *HashOf(con["root1_hex"]),
                                *HashOf(con["root2_hex"]), *cpath)
                  .ok());
  // One flipped bit anywhere in the path breaks both.
  for (size_t k = 0; k < path->size(); ++k) {
    auto bad = *path;
    bad[k][31] ^= 1;
    EXPECT_FALSE(VerifyInclusion(inc["leaf_index"], v["tree_size"],
                                 LeafHash(*leaf), bad, root)
                     .ok())
        << k;
  }
}

class NoteVectorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto());
    v_ = LoadVectors("signed_note.json");
    go_ = v_["golang_mod_sumdb_note"];
  }
  Json v_, go_;
};

TEST_F(NoteVectorsTest, GoKeysParseAndSigningReproducesGosNoteByteForByte) {
  auto signer = ParseNoteSigner(go_["signer_key"].get<std::string>());
  ASSERT_TRUE(signer.ok()) << signer.status().ToString();
  auto verifier = ParseNoteVerifier(go_["verifier_key"].get<std::string>());
  ASSERT_TRUE(verifier.ok()) << verifier.status().ToString();
  EXPECT_EQ(signer->verifier.public_key, verifier->public_key);
  EXPECT_EQ(signer->verifier.ToString(),
            go_["verifier_key"].get<std::string>());
  EXPECT_EQ(signer->ToString(), go_["signer_key"].get<std::string>());
  auto note = SignNote(go_["text"].get<std::string>(), *signer);
  ASSERT_TRUE(note.ok());
  EXPECT_EQ(*note, go_["signed_note"].get<std::string>());
}

TEST_F(NoteVectorsTest, OpeningNotesSignedByOneOrTwoKeys) {
  auto peter = *ParseNoteVerifier(go_["verifier_key"].get<std::string>());
  auto enoch = *ParseNoteVerifier(go_["enoch_verifier_key"].get<std::string>());
  std::string two = go_["two_signature_note"];
  auto one_known = OpenNote(two, {peter});
  ASSERT_TRUE(one_known.ok()) << one_known.status().ToString();
  EXPECT_EQ(one_known->verified_by, std::vector<std::string>{"PeterNeumann"});
  EXPECT_EQ(one_known->text, go_["text"].get<std::string>());
  auto both = OpenNote(two, {peter, enoch});
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->verified_by.size(), 2u);
  EXPECT_EQ(OpenNote(two, {}).status().code(), StatusCode::kNotFound);
  // A signature by a known key over other text does not verify.
  std::string tampered = go_["signed_note"];
  tampered[3] = 'X';
  EXPECT_EQ(OpenNote(tampered, {peter}).status().code(), StatusCode::kDataLoss);
  // The same key's signature twice is malformed (as Go's note.Open).
  std::string twice = go_["signed_note"].get<std::string>() +
                      go_["signature_line"].get<std::string>();
  EXPECT_EQ(OpenNote(twice, {peter}).status().code(),
            StatusCode::kInvalidArgument);
  std::string many = go_["text"].get<std::string>() + "\n";
  for (int i = 0; i < 101; ++i)
    many += go_["signature_line"].get<std::string>();
  EXPECT_FALSE(OpenNote(many, {peter}).ok());
}

TEST_F(NoteVectorsTest, MalformedNotesAndBadKeysAreRefused) {
  auto peter = *ParseNoteVerifier(go_["verifier_key"].get<std::string>());
  int notes = 0;
  for (const auto& m : go_["malformed_notes"]) {
    std::string bytes = Bytes(m["bytes_hex"]);
    EXPECT_FALSE(OpenNote(bytes, {peter}).ok()) << m["desc"];
    ++notes;
  }
  EXPECT_EQ(notes, 7);
  for (const auto& k : go_["bad_verifier_keys"]) {
    EXPECT_FALSE(ParseNoteVerifier(k["key"].get<std::string>()).ok())
        << k["why"];
  }
  // Every proper prefix of a good key is refused (Go's TestNewVerifier).
  std::string key = go_["verifier_key"];
  for (size_t n = 0; n < key.size(); ++n) {
    EXPECT_FALSE(ParseNoteVerifier(key.substr(0, n)).ok()) << n;
  }
  EXPECT_FALSE(
      SignNote("abc", *ParseNoteSigner(go_["signer_key"].get<std::string>()))
          .ok());
}

TEST_F(NoteVectorsTest, ARealSumGolangOrgCheckpointOpensAndParses) {
  const auto& real = v_["transparency_dev_formats"]["real_checkpoint"];
  auto key = ParseNoteVerifier(real["verifier_key"].get<std::string>());
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  auto opened = OpenNote(real["signed_note"].get<std::string>(), {*key});
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  auto c = ParseCheckpoint(opened->text);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->origin, real["origin"].get<std::string>());
  EXPECT_EQ(c->size, real["tree_size"].get<uint64_t>());
  EXPECT_EQ(ToHex(c->root), real["root_hash_hex"].get<std::string>());
  EXPECT_EQ(c->Text(), opened->text);
  // Co-signatures by keys we do not know are ignored.
  EXPECT_TRUE(OpenNote(real["cosigned_note"].get<std::string>(), {*key}).ok());
  for (const auto& k : v_["transparency_dev_formats"]["test_keys"]) {
    auto s = ParseNoteSigner(k["signer_key"].get<std::string>());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    EXPECT_EQ(s->verifier.ToString(), k["verifier_key"].get<std::string>());
  }
}

TEST(CheckpointTest, MalformedCheckpointsNameTheirLine) {
  Hash256 root = Sha256("x");
  Checkpoint c{"taxgate/abc", 42, root, {}};
  auto back = ParseCheckpoint(c.Text());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->size, 42u);
  EXPECT_EQ(back->root, root);
  EXPECT_NE(ParseCheckpoint("o\n042\nAAAA\n").status().message().find("line 2"),
            std::string::npos);
  EXPECT_NE(
      ParseCheckpoint("o\n4\nYmFuYW5hcw==\n").status().message().find("line 3"),
      std::string::npos);  // "bananas" is not a 32-byte root
  EXPECT_FALSE(ParseCheckpoint("o\n4\n").ok());
  EXPECT_FALSE(ParseCheckpoint(c.Text().substr(0, c.Text().size() - 1)).ok());
}

TEST(NoteTest, TaxgateKeysRoundTripAndSignaturesBindTheText) {
  ASSERT_TRUE(InitCrypto());
  auto s = MakeNoteSigner("taxgate/0123abcd", RandomBytes(32));
  ASSERT_TRUE(s.ok());
  auto parsed = ParseNoteSigner(s->ToString());
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->verifier.ToString(), s->verifier.ToString());
  Checkpoint c{"taxgate/0123abcd", 7, Sha256("r"), {}};
  auto note = SignNote(c.Text(), *s);
  ASSERT_TRUE(note.ok());
  EXPECT_TRUE(OpenNote(*note, {s->verifier}).ok());
  auto other = MakeNoteSigner("taxgate/0123abcd", RandomBytes(32));
  // Same name, another key: its id differs, so the note is "not signed by a
  // known key" rather than a bad signature.
  EXPECT_EQ(OpenNote(*note, {other->verifier}).status().code(),
            StatusCode::kNotFound);
  EXPECT_FALSE(MakeNoteSigner("bad name", RandomBytes(32)).ok());
  EXPECT_FALSE(MakeNoteSigner("a+b", RandomBytes(32)).ok());
}

}  // namespace
}  // namespace taxgate::audit
