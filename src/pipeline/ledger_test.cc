#include "pipeline/ledger.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/file_util.h"
#include "pipeline/checkpoints.h"
#include "pipeline/keys.h"
#include "pipeline/verify.h"
#include "test_util.h"

namespace taxgate::pipeline {
namespace {

class LedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto());
    path_ = dir_.File("store.db");
    auto db = storage::OpenDatabase(path_);
    ASSERT_TRUE(db.ok());
    db_ = std::move(db).value();
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
    sqlite3* raw;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
    std::string sql =
        "UPDATE audit_leaves SET entry = CAST(replace(CAST(entry AS TEXT), "
        "'\"n\"', '\"m\"') AS BLOB) WHERE leaf_index = " +
        std::to_string(index);
    ASSERT_EQ(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(raw);
  }
  audit::NoteSigner Signer() {
    return *audit::MakeNoteSigner(*LogOrigin(db_.get()), std::string(32, 'k'));
  }
  std::vector<audit::NoteVerifier> Verifiers() { return {Signer().verifier}; }
  testing::TempDir dir_;
  std::string path_;
  std::unique_ptr<storage::Database> db_;
};

TEST_F(LedgerTest, CommittedEntriesVerifyAndReopenContinuesTheTree) {
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

TEST_F(LedgerTest, OneChangedByteIsReportedAtItsEntry) {
  AppendEntries(12);
  CorruptEntry(7);
  auto report = VerifyAuditLog(db_.get(), Verifiers());
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok);
  EXPECT_EQ(report->first_bad, 7);
  EXPECT_EQ(report->leaves, 7);
  EXPECT_NE(report->problem.find("leaf hash"), std::string::npos);
}

TEST_F(LedgerTest, RewrittenEntryWithRehashedLeafBreaksTheRoot) {
  AppendEntries(6);
  sqlite3* raw;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
  std::string forged = "{\"n\":99}";
  Hash256 h = audit::LeafHash(forged);
  sqlite3_stmt* st;
  sqlite3_prepare_v2(
      raw, "UPDATE audit_leaves SET entry=?, leaf_hash=? WHERE leaf_index=2",
      -1, &st, nullptr);
  sqlite3_bind_blob(st, 1, forged.data(), forged.size(), SQLITE_TRANSIENT);
  sqlite3_bind_blob(st, 2, h.data(), h.size(), SQLITE_TRANSIENT);
  ASSERT_EQ(sqlite3_step(st), SQLITE_DONE);
  sqlite3_finalize(st);
  sqlite3_close(raw);
  auto report = VerifyAuditLog(db_.get(), Verifiers());
  EXPECT_FALSE(report->ok);
  EXPECT_EQ(report->first_bad, 2);
  EXPECT_NE(report->problem.find("root"), std::string::npos);
}

TEST_F(LedgerTest, FailedCommitKeepsNothingAndLedgerStaysUsable) {
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

TEST_F(LedgerTest, TheStoreRefusesAMissingOrForeignKey) {
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
TEST_F(LedgerTest, AnUnsignedTailFailsVerifyAndIsNeverSigned) {
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
  sqlite3* raw;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(raw, "DELETE FROM checkpoints", nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(raw);
  report = VerifyAuditLog(db_.get(), Verifiers());
  EXPECT_FALSE(report->ok);
  EXPECT_NE(report->unsigned_tail.find("no signed checkpoint"),
            std::string::npos);
}

// A checkpoint is made over the tree as stored: a ledger that read the log
// before another command committed signs the larger tree, never the older
// one after a newer one.
TEST_F(LedgerTest, ACheckpointNeverSignsAnOlderTreeThanTheStored) {
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

}  // namespace
}  // namespace taxgate::pipeline
