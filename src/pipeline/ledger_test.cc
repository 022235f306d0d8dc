#include "pipeline/ledger.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/crypto.h"
#include "common/file_util.h"
#include "pipeline/checkpoints.h"
#include "pipeline/keys.h"
#include "pipeline/verify.h"
#include "storage/test_stores.h"
#include "test_util.h"

namespace taxgate::pipeline {
namespace {

using taxgate::testing::Backend;

// On each backend (storage/test_stores.h): the PostgreSQL runs are skipped,
// naming TAXGATE_TEST_POSTGRES_URL, when no server is given.
class LedgerTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto());
    if (std::string why = taxgate::testing::SkipReason(GetParam());
        !why.empty()) {
      GTEST_SKIP() << why;
    }
    auto scratch = taxgate::testing::ScratchStore::Make(GetParam(), dir_.path(),
                                                        "store.db");
    ASSERT_TRUE(scratch.ok()) << scratch.status().ToString();
    scratch_ = std::move(scratch).value();
    auto db = storage::OpenDatabase(scratch_->spec());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
  }
  bool Postgres() const { return GetParam() == Backend::kPostgres; }
  // SQL for the bytes `b`, in the store's own dialect.
  std::string Bytes(const std::string& b) const {
    const std::string hex =
        ToHex(reinterpret_cast<const uint8_t*>(b.data()), b.size());
    return Postgres() ? "'\\x" + hex + "'::bytea" : "X'" + hex + "'";
  }
  // Every commit signs the tree it leaves behind, as the commands do.
  void AppendEntries(int n) {
    auto ledger = Ledger::Open(db_.get());
    ASSERT_TRUE(ledger.ok());
    ledger->SetCheckpointSigner(Signer(), *LogOrigin(db_.get()));
    for (int i = 0; i < n; ++i)
      ledger->Stage("{\"n\":" + std::to_string(i) + "}");
    ASSERT_TRUE(ledger->Commit({}).ok());
  }
  // Changes one byte of a stored entry behind taxgate's back.
  void CorruptEntry(int64_t index) {
    auto entry = db_->ReadAuditLeaf(index);
    ASSERT_TRUE(entry.ok()) << entry.status().ToString();
    std::string bytes = entry->entry;
    const size_t at = bytes.find("\"n\"");
    ASSERT_NE(at, std::string::npos) << bytes;
    bytes[at + 1] = 'm';
    Status s =
        scratch_->Exec("UPDATE audit_leaves SET entry = " + Bytes(bytes) +
                       " WHERE leaf_index = " + std::to_string(index));
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  audit::NoteSigner Signer() {
    return *audit::MakeNoteSigner(*LogOrigin(db_.get()), std::string(32, 'k'));
  }
  std::vector<audit::NoteVerifier> Verifiers() { return {Signer().verifier}; }
  testing::TempDir dir_;
  std::unique_ptr<taxgate::testing::ScratchStore> scratch_;  // outlives db_
  std::unique_ptr<storage::Database> db_;
};

TEST_P(LedgerTest, CommittedEntriesVerifyAndReopenContinuesTheTree) {
  AppendEntries(5);
  AppendEntries(4);
  auto report = VerifyAuditLog(db_.get(), Verifiers());
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->problem;
  EXPECT_EQ(report->leaves, 9);
  auto ledger = Ledger::Open(db_.get());
  EXPECT_EQ(ledger->root(), report->root);
  EXPECT_EQ(ledger->size(), 9);
}

TEST_P(LedgerTest, OneChangedByteIsReportedAtItsEntry) {
  AppendEntries(12);
  CorruptEntry(7);
  auto report = VerifyAuditLog(db_.get(), Verifiers());
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok);
  EXPECT_EQ(report->first_bad, 7);
  EXPECT_EQ(report->leaves, 7);
  EXPECT_NE(report->problem.find("leaf hash"), std::string::npos);
}

TEST_P(LedgerTest, RewrittenEntryWithRehashedLeafBreaksTheRoot) {
  AppendEntries(6);
  std::string forged = "{\"n\":99}";
  Hash256 h = audit::LeafHash(forged);
  Status s = scratch_->Exec(
      "UPDATE audit_leaves SET entry = " + Bytes(forged) + ", leaf_hash = " +
      Bytes(std::string(reinterpret_cast<const char*>(h.data()), h.size())) +
      " WHERE leaf_index = 2");
  ASSERT_TRUE(s.ok()) << s.ToString();
  auto report = VerifyAuditLog(db_.get(), Verifiers());
  EXPECT_FALSE(report->ok);
  EXPECT_EQ(report->first_bad, 2);
  EXPECT_NE(report->problem.find("root"), std::string::npos);
}

TEST_P(LedgerTest, FailedCommitKeepsNothingAndLedgerStaysUsable) {
  AppendEntries(2);
  auto ledger = Ledger::Open(db_.get());
  ASSERT_TRUE(ledger.ok());
  ledger->SetCheckpointSigner(Signer(), *LogOrigin(db_.get()));
  Hash256 before = ledger->root();
  storage::WriteSet bad;
  storage::DecisionRow d;
  d.batch_id = "no-such-batch";  // violates the foreign key
  bad.decisions = {d};
  ledger->Stage("{\"x\":1}");
  EXPECT_FALSE(ledger->Commit(std::move(bad)).ok());
  EXPECT_EQ(ledger->root(), before);
  EXPECT_EQ(*db_->AuditSize(), 2);
  ledger->Stage("{\"x\":2}");
  ASSERT_TRUE(ledger->Commit({}).ok());
  EXPECT_TRUE(VerifyAuditLog(db_.get(), Verifiers())->ok);
}

TEST(KeysTest, KeyIsMadeOnceWithOwnerOnlyPermissions) {
  ASSERT_TRUE(InitCrypto());
  testing::TempDir dir;
  std::string keys = dir.File("store.db.keys");
  auto k1 = LoadOrCreateHmacKey(keys);
  ASSERT_TRUE(k1.ok()) << k1.status().ToString();
  EXPECT_EQ(k1->size(), 32u);
  auto k2 = LoadOrCreateHmacKey(keys);
  EXPECT_EQ(*k1, *k2);
  struct stat st;
  ASSERT_EQ(stat((keys + "/hmac.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  chmod((keys + "/hmac.key").c_str(), 0644);
  EXPECT_EQ(LoadOrCreateHmacKey(keys).status().code(),
            StatusCode::kPermissionDenied);
  chmod((keys + "/hmac.key").c_str(), 0600);
  chmod(keys.c_str(), 0755);  // a folder others may enter
  EXPECT_EQ(LoadOrCreateHmacKey(keys).status().code(),
            StatusCode::kPermissionDenied);
}

TEST_P(LedgerTest, TheStoreRefusesAMissingOrForeignKey) {
  std::string keys = dir_.File("store.db.keys");
  auto k1 = LoadStoreHmacKey(db_.get(), keys);
  ASSERT_TRUE(k1.ok()) << k1.status().ToString();
  EXPECT_EQ(*LoadStoreHmacKey(db_.get(), keys), *k1);
  // Another key in its place: refused.
  ASSERT_TRUE(WriteFileAtomically(keys + "/hmac.key", RandomBytes(32),
                                  /*owner_only=*/true)
                  .ok());
  EXPECT_EQ(LoadStoreHmacKey(db_.get(), keys).status().code(),
            StatusCode::kFailedPrecondition);
  // No key at all: refused, and no new key is made.
  ::unlink((keys + "/hmac.key").c_str());
  EXPECT_EQ(LoadStoreHmacKey(db_.get(), keys).status().code(),
            StatusCode::kFailedPrecondition);
  struct stat st;
  EXPECT_NE(stat((keys + "/hmac.key").c_str(), &st), 0);
  // The store's own key back: accepted.
  ASSERT_TRUE(
      WriteFileAtomically(keys + "/hmac.key", *k1, /*owner_only=*/true).ok());
  EXPECT_TRUE(LoadStoreHmacKey(db_.get(), keys).ok());
}

// Issue 11: a log signed to its end verifies; no checkpoint at all, or
// entries after the latest one, fail, and are never signed afterwards.
TEST_P(LedgerTest, AnUnsignedTailFailsVerifyAndIsNeverSigned) {
  AppendEntries(3);
  ASSERT_TRUE(VerifyAuditLog(db_.get(), Verifiers())->ok);
  // A forged entry appended behind taxgate's back (no signer, no
  // checkpoint).
  auto forger = Ledger::Open(db_.get());
  ASSERT_TRUE(forger.ok());
  forger->Stage("{\"forged\":1}");
  ASSERT_TRUE(forger->Commit({}).ok());
  auto report = VerifyAuditLog(db_.get(), Verifiers());
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok);
  EXPECT_EQ(report->signed_size, 3);
  EXPECT_NE(report->unsigned_tail.find("entries 3 to 3"), std::string::npos)
      << report->unsigned_tail;
  // `audit checkpoint` does not bless it.
  auto ledger = Ledger::Open(db_.get());
  ASSERT_TRUE(ledger.ok());
  ledger->SetCheckpointSigner(Signer(), *LogOrigin(db_.get()));
  auto cp = ledger->Checkpoint();
  ASSERT_FALSE(cp.ok());
  EXPECT_EQ(cp.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_FALSE(VerifyAuditLog(db_.get(), Verifiers())->ok);
  // Every checkpoint deleted: nothing is signed.
  ASSERT_TRUE(scratch_->Exec("DELETE FROM checkpoints").ok());
  report = VerifyAuditLog(db_.get(), Verifiers());
  EXPECT_FALSE(report->ok);
  EXPECT_NE(report->unsigned_tail.find("no signed checkpoint"),
            std::string::npos);
}

// A checkpoint is made over the tree as stored: a ledger that read the log
// before another command committed signs the larger tree, never the older
// one after a newer one.
TEST_P(LedgerTest, ACheckpointNeverSignsAnOlderTreeThanTheStored) {
  AppendEntries(3);
  auto slow = Ledger::Open(db_.get());
  ASSERT_TRUE(slow.ok());
  slow->SetCheckpointSigner(Signer(), *LogOrigin(db_.get()));
  AppendEntries(2);  // another command, meanwhile
  auto cp = slow->Checkpoint();
  ASSERT_TRUE(cp.ok()) << cp.status().ToString();
  EXPECT_EQ(cp->tree_size, 5);
  // The store itself refuses a checkpoint of a tree it no longer holds.
  storage::WriteSet old;
  old.checkpoints.push_back(*cp);
  old.checkpoints.back().tree_size = 3;
  Status s = db_->Commit(old);
  EXPECT_EQ(s.code(), StatusCode::kAborted) << s.ToString();
  EXPECT_TRUE(VerifyAuditLog(db_.get(), Verifiers())->ok);
}

// Two processes writing to one store (two connections here): each ledger
// stages on the tree it read; the one that commits second finds the log
// grown, is refused whole, reloads and commits on the new tree. The log
// verifies, every entry once.
TEST_P(LedgerTest, TwoWritersOnOneStoreTakeTurnsAndTheLogVerifies) {
  AppendEntries(1);
  auto other_db = storage::OpenDatabase(scratch_->spec());
  ASSERT_TRUE(other_db.ok()) << other_db.status().ToString();
  auto a = Ledger::Open(db_.get());
  auto b = Ledger::Open(other_db->get());
  ASSERT_TRUE(a.ok() && b.ok());
  a->SetCheckpointSigner(Signer(), *LogOrigin(db_.get()));
  b->SetCheckpointSigner(Signer(), *LogOrigin(db_.get()));
  int b_attempts = 0;
  auto stage = [](Ledger& l, const std::string& who) {
    return [&l, who]() -> Result<storage::WriteSet> {
      l.Stage("{\"n\":\"" + who + "1\"}");
      l.Stage("{\"n\":\"" + who + "2\"}");
      return storage::WriteSet{};
    };
  };
  ASSERT_TRUE(a->CommitRetrying(stage(*a, "a")).ok());
  auto b_build = stage(*b, "b");
  ASSERT_TRUE(b->CommitRetrying([&] {
                 ++b_attempts;
                 return b_build();
               }).ok());
  EXPECT_EQ(b_attempts, 2);  // refused once, on the tree before a's leaves
  auto report = VerifyAuditLog(db_.get(), Verifiers());
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->problem << report->unsigned_tail;
  EXPECT_EQ(report->leaves, 5);
  std::vector<std::string> entries;
  ASSERT_TRUE(db_->ScanAuditLeaves([&](const storage::AuditLeaf& l) {
                   entries.push_back(l.entry);
                   return Status::Ok();
                 })
                  .ok());
  EXPECT_EQ(entries, (std::vector<std::string>{
                         "{\"n\":0}", "{\"n\":\"a1\"}", "{\"n\":\"a2\"}",
                         "{\"n\":\"b1\"}", "{\"n\":\"b2\"}"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, LedgerTest,
                         ::testing::ValuesIn(taxgate::testing::AllBackends()),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return taxgate::testing::BackendName(info.param);
                         });

}  // namespace
}  // namespace taxgate::pipeline
