// Backups, restores and the at-rest protection of withheld taxpayers
// (pipeline/backup.h; operator_actions.h, ProtectWithheldFlags), on the
// real SQLite store with the small world's records and batch.
#include "pipeline/backup.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "audit/checkpoint.h"
#include "common/crypto.h"
#include "common/file_util.h"
#include "disclosure/audit_entry.h"
#include "pipeline/keys.h"
#include "pipeline/processor.h"
#include "pipeline/test_inputs.h"
#include "test_util.h"

namespace taxgate::pipeline {
namespace {

namespace fs = std::filesystem;

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto());
    auto setup = testing::SetUpSmallWorld(dir_.path());
    ASSERT_TRUE(setup.ok()) << setup.status().ToString();
    world_ = setup->world;
    rules_ = setup->rules;
    store_ = std::move(setup->store);
    db_path_ = dir_.File("store.db");
  }
  // The small batch processed on the store; returns its id.
  std::string Process() {
    ProcessOptions o;
    o.requests_path = world_.requests_path;
    o.officials_path = world_.officials_path;
    o.out_dir = dir_.File("out");
    o.as_of = testing::kAsOf;
    o.today = TodayUtc();
    o.operator_name = "tester";
    o.key = store_.key;
    auto s = ProcessBatch(*rules_, o, store_.db.get(), &*store_.ledger);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? s->batch_id : "";
  }
  // The store's latest checkpoint, as `audit checkpoint --out` publishes it.
  PublishedCheckpoint Publish() {
    auto c = store_.ledger->Checkpoint();
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return {"published.txt", c.ok() ? c->note : ""};
  }
  ::taxgate::testing::TempDir dir_;
  testing::SmallWorld world_;
  std::shared_ptr<const ruleset::Ruleset> rules_;
  testing::TestStore store_;
  std::string db_path_;
};

TEST_F(BackupTest, ABackupIsTheStoreAsOfOneCommitWithItsKeysAndIsAudited) {
  Process();
  const int64_t size = *store_.db->AuditSize();
  const std::string out = dir_.File("backup.db");
  auto b = BackupStore(store_.Context(), store_.keys_dir, out);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_TRUE(b->verified.ok);
  EXPECT_EQ(b->verified.leaves, size);
  EXPECT_EQ(fs::status(out).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(fs::status(out + ".keys").permissions() & fs::perms::all,
            fs::perms::owner_all);
  EXPECT_EQ(*ReadFile(out + ".keys/hmac.key"),
            *ReadFile(store_.keys_dir + "/hmac.key"));
  // The store logs the backup after the copy.
  EXPECT_EQ(*store_.db->AuditSize(), size + 1);
  auto entry = store_.db->ReadAuditLeaf(size);
  ASSERT_TRUE(entry.ok());
  EXPECT_NE(entry->entry.find("\"backup\""), std::string::npos);
  // The copy is a store: it opens with its own keys and holds the batch.
  auto copy = storage::OpenDatabase(out, storage::OpenMode::kReadOnly);
  ASSERT_TRUE(copy.ok());
  EXPECT_EQ(*(*copy)->AuditSize(), size);
  EXPECT_EQ(*LoadStoreHmacKey(copy->get(), out + ".keys"), store_.key);
  // Never over a file.
  auto again = BackupStore(store_.Context(), store_.keys_dir, out);
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  // Never over the store.
  auto onto = BackupStore(store_.Context(), store_.keys_dir, db_path_);
  EXPECT_FALSE(onto.ok());
  EXPECT_TRUE(store_.db->AuditSize().ok());
}

TEST_F(BackupTest, AStoreWhoseLogDoesNotVerifyIsNotBackedUp) {
  Process();
  // An attacker appends a leaf behind taxgate's back: an unsigned tail.
  storage::WriteSet ws;
  auto tail = store_.db->AuditSize();
  ws.leaves = {
      storage::AuditLeaf{*tail, "forged", Sha256("forged"), Sha256("x")}};
  ASSERT_TRUE(store_.db->Commit(ws).ok());
  auto b = BackupStore(store_.Context(), store_.keys_dir, dir_.File("b.db"));
  EXPECT_EQ(b.status().code(), StatusCode::kFailedPrecondition)
      << b.status().ToString();
  EXPECT_FALSE(FileExists(dir_.File("b.db")));
}

TEST_F(BackupTest, ARestoreSetsTheStoreAsideAndIsCheckedAgainstPublished) {
  Process();
  const std::string out = dir_.File("backup.db");
  ASSERT_TRUE(BackupStore(store_.Context(), store_.keys_dir, out).ok());
  const int64_t backup_size =
      *storage::OpenDatabase(out, storage::OpenMode::kReadOnly)
           .value()
           ->AuditSize();
  PublishedCheckpoint before = Publish();  // covers the backup entry too
  // More work after the backup, published by a witness.
  ASSERT_TRUE(SetFlag(store_.Context(),
                      {storage::kFlagLegalHold, "CBP", "order", "2026-11-22"})
                  .ok());
  PublishedCheckpoint latest = Publish();
  store_.ledger.reset();
  store_.db.reset();

  RestoreOptions o;
  // A store is there: refused without --replace, nothing moved.
  auto refused = RestoreStore(out, db_path_, store_.keys_dir, o);
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(FileExists(db_path_));
  // The witness's checkpoint signed entries the backup lacks: refused.
  o.replace = true;
  o.published = {latest};
  auto lost = RestoreStore(out, db_path_, store_.keys_dir, o);
  EXPECT_EQ(lost.status().code(), StatusCode::kFailedPrecondition)
      << lost.status().ToString();
  EXPECT_NE(lost.status().message().find("would be lost"), std::string::npos);
  // With a checkpoint the backup reaches, it is restored; the store it
  // replaces is set aside with its keys.
  o.published = {};
  auto restored = RestoreStore(out, db_path_, store_.keys_dir, o);
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  EXPECT_TRUE(FileExists(restored->set_aside));
  EXPECT_TRUE(FileExists(restored->keys_set_aside + "/hmac.key"));
  auto db = storage::OpenDatabase(db_path_, storage::OpenMode::kReadOnly);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(*(*db)->AuditSize(), backup_size);
  auto verifiers = LoadCheckpointVerifiers(store_.keys_dir);
  ASSERT_TRUE(verifiers.ok());
  auto report = VerifyAuditLog(db->get(), *verifiers, {});
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok);
  // The set-aside store still holds everything, and extends both
  // published checkpoints.
  auto aside =
      storage::OpenDatabase(restored->set_aside, storage::OpenMode::kReadOnly);
  ASSERT_TRUE(aside.ok());
  auto aside_report =
      VerifyAuditLog(aside->get(), *verifiers, {before, latest});
  ASSERT_TRUE(aside_report.ok());
  EXPECT_TRUE(aside_report->ok) << aside_report->published_problem;
  EXPECT_EQ(aside_report->published_checked, 2);
  // The restored log does not reach `latest`: verify says entries were lost.
  auto cut = VerifyAuditLog(db->get(), *verifiers, {latest});
  ASSERT_TRUE(cut.ok());
  EXPECT_FALSE(cut->ok);
  EXPECT_GT(cut->published_lost, backup_size);
}

TEST_F(BackupTest, APublishedCheckpointCatchesARewrittenPrefix) {
  Process();
  PublishedCheckpoint published = Publish();
  auto verifiers = LoadCheckpointVerifiers(store_.keys_dir);
  ASSERT_TRUE(verifiers.ok());
  auto good = VerifyAuditLog(store_.db.get(), *verifiers, {published});
  ASSERT_TRUE(good.ok());
  EXPECT_TRUE(good->ok);
  EXPECT_EQ(good->published_checked, 1);
  // Another log's checkpoint (same key names aside) is not this log's.
  auto other = testing::OpenTestStore(dir_.File("other.db"));
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(SetFlag(other->Context(),
                      {storage::kFlagLegalHold, "CBP", "o", "2026-11-22"})
                  .ok());
  auto other_note = other->ledger->Checkpoint();
  ASSERT_TRUE(other_note.ok());
  auto other_keys = LoadCheckpointVerifiers(other->keys_dir);
  std::vector<audit::NoteVerifier> both = *verifiers;
  both.insert(both.end(), other_keys->begin(), other_keys->end());
  auto foreign =
      VerifyAuditLog(store_.db.get(), both, {{"other.txt", other_note->note}});
  ASSERT_TRUE(foreign.ok());
  EXPECT_FALSE(foreign->ok);
  EXPECT_NE(foreign->published_problem.find("another log"), std::string::npos);
  // A note altered after signing does not open.
  std::string altered = published.note;
  altered[altered.find('\n') + 1] ^= 1;  // the tree size's first digit
  auto bad =
      VerifyAuditLog(store_.db.get(), *verifiers, {{"altered.txt", altered}});
  ASSERT_TRUE(bad.ok());
  EXPECT_FALSE(bad->ok);
  EXPECT_FALSE(bad->published_problem.empty());
}

TEST_F(BackupTest, AWithheldTaxpayerIsStoredByDigestNeverByTin) {
  const std::string tin = "123456789";  // Maria Gonzalez (test_inputs.h)
  ASSERT_TRUE(SetFlag(store_.Context(),
                      {storage::kFlagWithheldI6, "123456789", "", "2026-11-22"})
                  .ok());
  auto flags = store_.db->ReadFlags(storage::kFlagWithheldI6);
  ASSERT_TRUE(flags.ok());
  ASSERT_EQ(flags->size(), 1u);
  EXPECT_EQ((*flags)[0].key, disclosure::WithheldTinKey(store_.key, tin));
  // Lifted by the TIN the operator types.
  ASSERT_TRUE(LiftFlag(store_.Context(), storage::kFlagWithheldI6, tin).ok());
  EXPECT_TRUE(store_.db->ReadFlags(storage::kFlagWithheldI6)->empty());

  // A store written before kept the TIN in clear: replaced, audited, once.
  storage::WriteSet legacy;
  legacy.set_flags = {
      storage::Flag{storage::kFlagWithheldI6, tin, "old", "2026-01-02"}};
  ASSERT_TRUE(store_.db->Commit(legacy).ok());
  const int64_t size = *store_.db->AuditSize();
  auto n = ProtectWithheldFlags(store_.Context());
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 1);
  flags = store_.db->ReadFlags(storage::kFlagWithheldI6);
  ASSERT_EQ(flags->size(), 1u);
  EXPECT_EQ((*flags)[0].key, disclosure::WithheldTinKey(store_.key, tin));
  EXPECT_EQ((*flags)[0].note, "old");
  EXPECT_EQ((*flags)[0].set_on, "2026-01-02");
  EXPECT_EQ(*store_.db->AuditSize(), size + 1);
  EXPECT_EQ(*ProtectWithheldFlags(store_.Context()), 0);
  EXPECT_EQ(*store_.db->AuditSize(), size + 1);
  // And Maria's request is withheld, not disclosed.
  auto rows = store_.db->ReadDecisions(Process());
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), static_cast<size_t>(testing::kSmallBatchSize));
  const auto& maria = (*rows)[testing::kLawfulPosition];
  EXPECT_EQ(maria.reasons, "WITHHELD_I6");
  EXPECT_EQ(maria.disclosure_json, "");
}

}  // namespace
}  // namespace taxgate::pipeline
