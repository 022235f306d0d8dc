// The log's side of witnessing: CollectCosignatures against in-process
// witnesses (the HTTP transport replaced by direct calls), then
// CheckWitnesses and CosignedNote; a log cut behind taxgate's back is
// refused.
#include "pipeline/witnesses.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <map>
#include <set>

#include "pipeline/checkpoints.h"
#include "pipeline/ledger.h"
#include "test_util.h"
#include "witness/witness.h"

namespace taxgate::pipeline {
namespace {

class MemoryStore : public witness::StateStore {
 public:
  Result<std::optional<witness::LogState>> Load(
      const std::string& origin) override {
    auto it = states_.find(origin);
    if (it == states_.end()) return std::optional<witness::LogState>();
    return std::optional<witness::LogState>(it->second);
  }
  Status Save(const std::string& origin,
              const witness::LogState& state) override {
    states_[origin] = state;
    return Status::Ok();
  }

 private:
  std::map<std::string, witness::LogState> states_;
};

class WitnessesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto());
    path_ = dir_.File("store.db");
    db_ = std::move(storage::OpenDatabase(path_)).value();
    origin_ = *LogOrigin(db_.get());
    signer_ = *audit::MakeNoteSigner(origin_, std::string(32, 'k'));
    for (const char* name : {"a", "b"}) {
      auto key = *audit::MakeCosigner(std::string("w.test/") + name,
                                      std::string(32, name[0]));
      stores_.push_back(std::make_unique<MemoryStore>());
      witnesses_[name] = std::make_unique<witness::Witness>(
          key, witness::LogsFromVerifiers({signer_.verifier}),
          stores_.back().get(), [] { return uint64_t{1700000000}; });
      endpoints_.push_back({name, std::string("http://") + name, key.key});
    }
  }
  void Append(int n, const std::string& tag = "n") {
    auto ledger = Ledger::Open(db_.get());
    ASSERT_TRUE(ledger.ok());
    ledger->SetCheckpointSigner(signer_, origin_);
    for (int i = 0; i < n; ++i)
      ledger->Stage("{\"" + tag + "\":" + std::to_string(i) + "}");
    ASSERT_TRUE(ledger->Commit({}).ok());
  }
  // Routes "http://<name>/..." to the in-process witness <name>; a name in
  // down_ does not answer.
  witness::Transport Transport() {
    witness::Transport t;
    t.post = [this](const std::string& url, const std::string& body) {
      ++posts_;
      return Route(url, &body);
    };
    t.get = [this](const std::string& url) { return Route(url, nullptr); };
    return t;
  }
  witness::HttpReply Route(const std::string& url, const std::string* body) {
    witness::HttpReply r;
    std::string rest = url.substr(7);
    std::string name = rest.substr(0, rest.find('/'));
    std::string path = rest.substr(name.size());
    if (down_.count(name)) {
      r.error = url + ": Connection refused";
      return r;
    }
    witness::Response got =
        body ? witnesses_[name]->AddCheckpoint(*body)
             : witnesses_[name]->GetCheckpoint(path.substr(1, 64));
    r.status = got.status;
    r.body = got.body;
    r.content_type = got.content_type;
    return r;
  }
  // Cuts the log back to `n` entries with the checkpoints past it, as an
  // attacker holding the store could.
  void Cut(int n) {
    sqlite3* raw;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
    for (std::string sql :
         {"DELETE FROM audit_leaves WHERE leaf_index >= " + std::to_string(n),
          "DELETE FROM checkpoints WHERE tree_size > " + std::to_string(n)}) {
      ASSERT_EQ(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr),
                SQLITE_OK);
    }
    sqlite3_close(raw);
  }

  testing::TempDir dir_;
  std::string path_;
  std::unique_ptr<storage::Database> db_;
  std::string origin_;
  audit::NoteSigner signer_;
  std::vector<std::unique_ptr<MemoryStore>> stores_;
  std::map<std::string, std::unique_ptr<witness::Witness>> witnesses_;
  std::vector<witness::WitnessEndpoint> endpoints_;
  std::set<std::string> down_;
  int posts_ = 0;
};

TEST_F(WitnessesTest, CollectsStoresAndSendsProofsFromTheLastCosignedSize) {
  Append(5);
  auto r = CollectCosignatures(db_.get(), endpoints_, Transport());
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->tree_size, 5);
  EXPECT_EQ(r->Cosigned(), 2) << r->Warnings()[0];
  EXPECT_TRUE(db_->ReadMeta(CosignatureMetaKey("a", 5)).ok());
  EXPECT_EQ(*db_->ReadMeta(WitnessSizeMetaKey("b")), "5");
  // Nothing new: nothing sent.
  posts_ = 0;
  r = CollectCosignatures(db_.get(), endpoints_, Transport());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->Cosigned(), 2);
  EXPECT_EQ(posts_, 0);
  EXPECT_FALSE(r->outcomes[0].requested);
  // Growth: one request each, with a proof from 5.
  Append(7);
  r = CollectCosignatures(db_.get(), endpoints_, Transport());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->tree_size, 12);
  EXPECT_EQ(r->Cosigned(), 2);
  EXPECT_EQ(posts_, 2);
  auto check = CheckWitnesses(db_.get(), endpoints_, 2, Transport());
  ASSERT_TRUE(check.ok()) << check.status().message();
  EXPECT_TRUE(check->ok());
  EXPECT_EQ(check->witness_views.size(), 2u);
  auto latest = **LatestCheckpoint(db_.get());
  auto note = CosignedNote(db_.get(), latest, endpoints_);
  ASSERT_TRUE(note.ok());
  EXPECT_NE(note->find("\xE2\x80\x94 w.test/a "), std::string::npos);
  EXPECT_NE(note->find("\xE2\x80\x94 w.test/b "), std::string::npos);
  // The cosigned note still opens with the log's key alone.
  EXPECT_TRUE(audit::OpenNote(*note, {signer_.verifier}).ok());
}

TEST_F(WitnessesTest, AWitnessDownIsAWarningAndCatchesUpLater) {
  Append(3);
  down_.insert("b");
  auto r = CollectCosignatures(db_.get(), endpoints_, Transport());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->Cosigned(), 1);
  ASSERT_EQ(r->Warnings().size(), 1u);
  EXPECT_NE(r->Warnings()[0].find("witness b"), std::string::npos);
  EXPECT_NE(r->Warnings()[0].find("unreachable"), std::string::npos);
  auto check = CheckWitnesses(db_.get(), endpoints_, 2, Transport());
  ASSERT_TRUE(check.ok());
  EXPECT_FALSE(check->ok());
  ASSERT_EQ(check->missing.size(), 1u);
  EXPECT_EQ(check->missing[0].rfind("b: ", 0), 0u);
  Append(4);
  down_.clear();
  r = CollectCosignatures(db_.get(), endpoints_, Transport());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->Cosigned(), 2);
}

TEST_F(WitnessesTest, LearnsTheWitnessSizeFromA409) {
  Append(6);
  ASSERT_EQ(CollectCosignatures(db_.get(), endpoints_, Transport())->Cosigned(),
            2);
  // The store forgot what the witnesses hold (meta rows lost).
  sqlite3* raw;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw,
                         "DELETE FROM meta WHERE key LIKE 'witness/%' OR key "
                         "LIKE 'cosignature/%'",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  Append(2);
  auto r = CollectCosignatures(db_.get(), endpoints_, Transport());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->Cosigned(), 2) << r->Warnings()[0];
}

TEST_F(WitnessesTest, ACutLogIsRefusedAndFailsTheCheck) {
  Append(6);
  Append(4);
  ASSERT_EQ(CollectCosignatures(db_.get(), endpoints_, Transport())->Cosigned(),
            2);
  Cut(6);
  db_ = std::move(storage::OpenDatabase(path_)).value();
  // Signed again from 6 by the operator's key: a smaller tree.
  auto r = CollectCosignatures(db_.get(), endpoints_, Transport());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->tree_size, 6);
  ASSERT_EQ(r->Cosigned(), 0);
  EXPECT_NE(r->Warnings()[0].find("entries were lost"), std::string::npos);
  // Grown past the witnesses' size with other entries: the proof from 10
  // fails.
  Append(7, "other");
  r = CollectCosignatures(db_.get(), endpoints_, Transport());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->tree_size, 13);
  ASSERT_EQ(r->Cosigned(), 0);
  EXPECT_NE(r->Warnings()[0].find("does not extend"), std::string::npos);
  auto check = CheckWitnesses(db_.get(), endpoints_, 1, Transport());
  ASSERT_TRUE(check.ok());
  EXPECT_FALSE(check->ok());
  // The witnesses' own views (size 10) are not a prefix of this log.
  auto report =
      VerifyAuditLog(db_.get(), {signer_.verifier}, check->witness_views);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok);
  EXPECT_NE(report->published_problem.find("rewritten"), std::string::npos);
}

}  // namespace
}  // namespace taxgate::pipeline
