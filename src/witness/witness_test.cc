// The witness's state machine (C2SP tlog-witness add-checkpoint), its
// request format, its state folder across restarts, and the witnesses file.
#include "witness/witness.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <map>

#include "audit/checkpoint.h"
#include "audit/merkle.h"
#include "common/file_util.h"
#include "test_util.h"
#include "witness/protocol.h"
#include "witness/state.h"

namespace taxgate::witness {
namespace {

constexpr char kOrigin[] = "taxgate/test-log";

class MemoryStore : public StateStore {
 public:
  Result<std::optional<LogState>> Load(const std::string& origin) override {
    auto it = states_.find(origin);
    if (it == states_.end()) return std::optional<LogState>();
    return std::optional<LogState>(it->second);
  }
  Status Save(const std::string& origin, const LogState& state) override {
    if (fail_saves) return Status::Unavailable("disk full");
    states_[origin] = state;
    return Status::Ok();
  }
  bool fail_saves = false;

 private:
  std::map<std::string, LogState> states_;
};

// A log of numbered entries, signing its checkpoints like taxgate's.
class FakeLog {
 public:
  explicit FakeLog(std::string origin = kOrigin, char seed = 'L')
      : signer_(audit::MakeNoteSigner(origin, std::string(32, seed)).value()),
        origin_(std::move(origin)) {}
  void Grow(int n, const std::string& tag = "e") {
    for (int i = 0; i < n; ++i) {
      leaves_.push_back(audit::LeafHash(tag + std::to_string(leaves_.size())));
    }
  }
  void Truncate(size_t n) { leaves_.resize(n); }
  uint64_t size() const { return leaves_.size(); }
  Hash256 Root(uint64_t n) const {
    return audit::RootOf(
        std::vector<Hash256>(leaves_.begin(), leaves_.begin() + n));
  }
  std::string Note() const {
    audit::Checkpoint c{origin_, size(), Root(size()), {}};
    return audit::SignNote(c.Text(), signer_).value();
  }
  // The add-checkpoint body from `old` to the whole log.
  std::string Body(uint64_t old) const {
    AddCheckpointRequest r;
    r.old_size = old;
    if (old > 0 && old < size()) {
      r.proof = audit::ConsistencyProof(leaves_, old, size());
    }
    r.checkpoint = Note();
    return FormatAddCheckpoint(r);
  }
  const audit::NoteVerifier& verifier() const { return signer_.verifier; }

 private:
  audit::NoteSigner signer_;
  std::string origin_;
  std::vector<Hash256> leaves_;
};

class WitnessTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitCrypto()); }
  audit::Cosigner Key() {
    return audit::MakeCosigner("witness.test/w1", std::string(32, 'W')).value();
  }
  std::unique_ptr<Witness> Make(StateStore* store) {
    return std::make_unique<Witness>(Key(),
                                     LogsFromVerifiers({log_.verifier()}),
                                     store, [this] { return ++now_; });
  }
  // The body of a cosigned answer verifies with the witness's key.
  void ExpectCosigned(const Response& r) {
    ASSERT_EQ(r.status, 200) << r.body;
    std::string text, sigs;
    ASSERT_TRUE(SplitNote(log_.Note(), &text, &sigs).ok());
    auto got = audit::VerifyCosignatures(text, r.body, {Key().key});
    ASSERT_TRUE(got.ok()) << got.status().message();
    EXPECT_EQ(got->size(), 1u);
  }
  FakeLog log_;
  uint64_t now_ = 1700000000;
};

TEST_F(WitnessTest, CosignsAFirstCheckpointThenOnlyConsistentGrowth) {
  MemoryStore store;
  auto w = Make(&store);
  log_.Grow(5);
  ExpectCosigned(w->AddCheckpoint(log_.Body(0)));
  log_.Grow(8);
  ExpectCosigned(w->AddCheckpoint(log_.Body(5)));
  // The same checkpoint again: cosigned again.
  ExpectCosigned(w->AddCheckpoint(log_.Body(13)));
  Response got = w->GetCheckpoint(OriginHash(kOrigin));
  EXPECT_EQ(got.status, 200);
  EXPECT_NE(got.body.find("\n13\n"), std::string::npos);
}

TEST_F(WitnessTest, AnOldSizeThatIsNotTheLatestGets409WithTheLatest) {
  MemoryStore store;
  auto w = Make(&store);
  log_.Grow(7);
  ExpectCosigned(w->AddCheckpoint(log_.Body(0)));
  log_.Grow(3);
  Response r = w->AddCheckpoint(log_.Body(0));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.body, "7\n");
  EXPECT_EQ(r.content_type, kSizeContentType);
  r = w->AddCheckpoint(log_.Body(4));
  EXPECT_EQ(r.status, 409);
}

TEST_F(WitnessTest, NeverCosignsASmallerTree) {
  MemoryStore store;
  auto w = Make(&store);
  log_.Grow(10);
  ExpectCosigned(w->AddCheckpoint(log_.Body(0)));
  log_.Truncate(6);
  // Honest about the witness's size: old above the checkpoint's, 400.
  EXPECT_EQ(w->AddCheckpoint(log_.Body(10)).status, 400);
  // Any other old size: 409 (the witness holds 10).
  EXPECT_EQ(w->AddCheckpoint(log_.Body(6)).status, 409);
  EXPECT_EQ(w->AddCheckpoint(log_.Body(0)).status, 409);
}

TEST_F(WitnessTest, ACutLogThatGrowsAgainFailsTheProof) {
  MemoryStore store;
  auto w = Make(&store);
  log_.Grow(10);
  ExpectCosigned(w->AddCheckpoint(log_.Body(0)));
  log_.Truncate(6);
  log_.Grow(9, "other");  // 15 entries, the last 9 not those the witness saw
  // The log cannot make a proof from 10: whatever it sends fails.
  AddCheckpointRequest r{10,
                         audit::ConsistencyProof(
                             [&] {
                               std::vector<Hash256> v;
                               for (uint64_t i = 0; i < 15; ++i) {
                                 v.push_back(audit::LeafHash("x"));
                               }
                               return v;
                             }(),
                             10, 15),
                         log_.Note()};
  Response got = w->AddCheckpoint(FormatAddCheckpoint(r));
  EXPECT_EQ(got.status, 422) << got.body;
  EXPECT_EQ(w->AddCheckpoint(log_.Body(10)).status, 422);
}

TEST_F(WitnessTest, SameSizeAnotherRootIsAFork) {
  MemoryStore store;
  auto w = Make(&store);
  log_.Grow(4);
  ExpectCosigned(w->AddCheckpoint(log_.Body(0)));
  FakeLog fork;
  fork.Grow(4, "fork");
  Response r = w->AddCheckpoint(fork.Body(4));
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("forked"), std::string::npos);
}

TEST_F(WitnessTest, UnknownLogBadSignatureAndMalformedBodies) {
  MemoryStore store;
  auto w = Make(&store);
  FakeLog stranger("taxgate/other-log");
  stranger.Grow(2);
  EXPECT_EQ(w->AddCheckpoint(stranger.Body(0)).status, 404);
  // The right origin signed by another key: 403.
  FakeLog impostor(kOrigin, 'X');
  impostor.Grow(2);
  EXPECT_EQ(w->AddCheckpoint(impostor.Body(0)).status, 403);
  // A signature by the log's key that does not verify: 403.
  log_.Grow(2);
  std::string body = log_.Body(0);
  size_t at = body.find("\n2\n");
  ASSERT_NE(at, std::string::npos);
  body[at + 1] = '3';
  EXPECT_EQ(w->AddCheckpoint(body).status, 403);
  EXPECT_EQ(w->AddCheckpoint("").status, 400);
  EXPECT_EQ(w->AddCheckpoint("old 01\n\n" + log_.Note()).status, 400);
  EXPECT_EQ(w->AddCheckpoint("old 0\nnot base64\n\n" + log_.Note()).status,
            400);
  EXPECT_EQ(w->AddCheckpoint("old 0\n" + log_.Note()).status, 400);
  // Nothing was cosigned by any of them.
  EXPECT_EQ(w->GetCheckpoint(OriginHash(kOrigin)).status, 404);
}

TEST_F(WitnessTest, AProofFromTheEmptyTreeMustBeEmpty) {
  MemoryStore store;
  auto w = Make(&store);
  log_.Grow(4);
  AddCheckpointRequest r{0, {audit::LeafHash("a")}, log_.Note()};
  EXPECT_EQ(w->AddCheckpoint(FormatAddCheckpoint(r)).status, 422);
}

TEST_F(WitnessTest, AnEmptyTreeMustHaveTheEmptyRoot) {
  MemoryStore store;
  auto w = Make(&store);
  ExpectCosigned(w->AddCheckpoint(log_.Body(0)));  // size 0, SHA-256("")
  audit::Checkpoint bad{kOrigin, 0, audit::LeafHash("x"), {}};
  auto signer = audit::MakeNoteSigner(kOrigin, std::string(32, 'L')).value();
  AddCheckpointRequest r{0, {}, audit::SignNote(bad.Text(), signer).value()};
  EXPECT_EQ(w->AddCheckpoint(FormatAddCheckpoint(r)).status, 422);
}

TEST_F(WitnessTest, NothingIsCosignedWhenTheStateCannotBeSaved) {
  MemoryStore store;
  auto w = Make(&store);
  log_.Grow(3);
  store.fail_saves = true;
  Response r = w->AddCheckpoint(log_.Body(0));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("\xE2\x80\x94"), std::string::npos);
  store.fail_saves = false;
  ExpectCosigned(w->AddCheckpoint(log_.Body(0)));
}

TEST_F(WitnessTest, StateSurvivesARestartAndRefusesTheSmallerTree) {
  testing::TempDir dir;
  const std::string state = dir.File("state");
  std::string vkey;
  {
    auto home = WitnessHome::Open(state, "witness.test/w2", true);
    ASSERT_TRUE(home.ok()) << home.status().message();
    vkey = (*home)->key().key.ToString();
    Witness w((*home)->key(), LogsFromVerifiers({log_.verifier()}),
              (*home)->store(), [] { return uint64_t{1700000000}; });
    log_.Grow(9);
    EXPECT_EQ(w.AddCheckpoint(log_.Body(0)).status, 200);
    // A second process may not serve the same folder meanwhile.
    auto again = WitnessHome::Open(state, "", true);
    EXPECT_EQ(again.status().code(), StatusCode::kFailedPrecondition);
  }
  struct stat st;
  ASSERT_EQ(::stat(state.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  ASSERT_EQ(::stat((state + "/witness.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto home = WitnessHome::Open(state, "", true);
  ASSERT_TRUE(home.ok()) << home.status().message();
  EXPECT_EQ((*home)->key().key.ToString(), vkey);  // same key, same name
  Witness w((*home)->key(), LogsFromVerifiers({log_.verifier()}),
            (*home)->store(), [] { return uint64_t{1700000001}; });
  FakeLog shorter;
  shorter.Grow(5);
  EXPECT_EQ(w.AddCheckpoint(shorter.Body(0)).status, 409);
  Response r = w.AddCheckpoint(shorter.Body(5));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.body, "9\n");
  // Another name for the same folder is refused.
  home->reset();
  EXPECT_FALSE(WitnessHome::Open(state, "someone.else/w", false).ok());
}

TEST_F(WitnessTest, AStateFileEditedByHandIsRefused) {
  testing::TempDir dir;
  const std::string state = dir.File("state");
  auto home = WitnessHome::Open(state, "witness.test/w3", false);
  ASSERT_TRUE(home.ok());
  Witness w((*home)->key(), LogsFromVerifiers({log_.verifier()}),
            (*home)->store(), [] { return uint64_t{1700000000}; });
  log_.Grow(9);
  ASSERT_EQ(w.AddCheckpoint(log_.Body(0)).status, 200);
  // Someone lowers the size the witness holds: not cosigned by it.
  FakeLog shorter;
  shorter.Grow(2);
  ASSERT_TRUE(WriteFileAtomically(state + "/logs/" + OriginHash(kOrigin),
                                  shorter.Note(), true)
                  .ok());
  Response r = w.AddCheckpoint(shorter.Body(2));
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find("not cosigned by this witness"), std::string::npos);
}

TEST(ProtocolTest, RequestRoundTripsAndLimits) {
  AddCheckpointRequest r{12,
                         {audit::LeafHash("a"), audit::LeafHash("b")},
                         "o\n1\nr\n\n\xE2\x80\x94 o x\n"};
  auto back = ParseAddCheckpoint(FormatAddCheckpoint(r));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->old_size, 12u);
  EXPECT_EQ(back->proof, r.proof);
  EXPECT_EQ(back->checkpoint, r.checkpoint);
  r.proof.assign(64, audit::LeafHash("a"));
  EXPECT_FALSE(ParseAddCheckpoint(FormatAddCheckpoint(r)).ok());
  EXPECT_FALSE(ParseAddCheckpoint("old -1\n\nx").ok());
  EXPECT_FALSE(ParseAddCheckpoint("new 1\n\nx").ok());
}

TEST(ProtocolTest, WitnessesFileNamesTheLineAndField) {
  ASSERT_TRUE(InitCrypto());
  auto key = audit::MakeCosigner("w.example/a", std::string(32, 'a')).value();
  const std::string k = key.key.ToString();
  auto ok = ParseWitnesses("# two\n\na http://127.0.0.1:1/ " + k +
                               "\nb https://w.example/x " + k + "\n",
                           "w.txt");
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  ASSERT_EQ(ok->size(), 2u);
  EXPECT_EQ((*ok)[0].url, "http://127.0.0.1:1");
  auto bad = ParseWitnesses("a ftp://x " + k + "\n", "w.txt");
  EXPECT_NE(bad.status().message().find("w.txt:1: URL"), std::string::npos);
  bad = ParseWitnesses("a http://x " + k + "\na http://y " + k + "\n", "w.txt");
  EXPECT_NE(bad.status().message().find("w.txt:2: name 'a' is used twice"),
            std::string::npos);
  bad = ParseWitnesses("a http://x\n", "w.txt");
  EXPECT_NE(bad.status().message().find("want three fields"),
            std::string::npos);
  bad = ParseWitnesses("a http://x nope+1234abcd+AQID\n", "w.txt");
  EXPECT_NE(bad.status().message().find("w.txt:1: verifier key"),
            std::string::npos);
}

}  // namespace
}  // namespace taxgate::witness
