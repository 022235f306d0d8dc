// The storage conformance suite (STYLE.md #8): written once against the
// Database interface, run for every backend (storage/test_stores.h): SQLite
// always, PostgreSQL when TAXGATE_TEST_POSTGRES_URL names a server (each
// test on a database of its own), else skipped with a message naming it.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <fstream>
#include <functional>

#include "storage/database.h"
#include "storage/test_stores.h"
#include "test_util.h"

namespace taxgate::storage {
namespace {

using taxgate::testing::Backend;

class ConformanceTest : public ::testing::TestWithParam<Backend> {
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
    auto db = OpenDatabase(scratch_->spec());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
  }
  AuditLeaf Leaf(int64_t i, const std::string& entry) {
    return AuditLeaf{i, entry, Sha256(entry), Sha256("root" + entry)};
  }
  DecisionRow Decision(const std::string& batch, int64_t pos,
                       const std::string& day) {
    DecisionRow d;
    d.batch_id = batch;
    d.position = pos;
    d.agency = "DHS";
    d.request_id = "Q" + std::to_string(pos);
    d.decided_on = day;
    d.decision = domain::Outcome::kRejected;
    d.reasons = "CASE_MISSING";
    d.match_probability = 0.5;
    return d;
  }
  testing::TempDir dir_;
  std::unique_ptr<taxgate::testing::ScratchStore> scratch_;  // outlives db_
  std::unique_ptr<Database> db_;
};

TEST_P(ConformanceTest, CommitStoresLeavesDecisionsAndBatchTogether) {
  WriteSet ws;
  ws.batch = BatchRow{"b1", "requests.csv", 2, "2026-01-01T00:00:00Z", ""};
  ws.decisions = {Decision("b1", 0, "2026-01-01"),
                  Decision("b1", 1, "2026-01-01")};
  ws.leaves = {Leaf(0, "a"), Leaf(1, "b")};
  ASSERT_TRUE(db_->Commit(ws).ok());
  EXPECT_EQ(*db_->AuditSize(), 2);
  auto leaf = db_->ReadAuditLeaf(1);
  ASSERT_TRUE(leaf.ok());
  EXPECT_EQ(leaf->entry, "b");
  EXPECT_EQ(leaf->leaf_hash, Sha256("b"));
  auto decisions = db_->ReadDecisions("b1");
  ASSERT_TRUE(decisions.ok());
  ASSERT_EQ(decisions->size(), 2u);
  EXPECT_EQ((*decisions)[1].request_id, "Q1");
  EXPECT_EQ((*decisions)[1].match_probability, 0.5);
  EXPECT_FALSE((*decisions)[1].match_weight.has_value());
  auto batch = db_->FindBatch("b1");
  ASSERT_TRUE(batch.ok() && batch->has_value());
  EXPECT_EQ((*batch)->request_count, 2);
  EXPECT_FALSE(db_->FindBatch("nope")->has_value());
}

TEST_P(ConformanceTest, LeavesNumberedFromAStaleSizeAreRefusedWhole) {
  WriteSet ws;
  ws.leaves = {Leaf(0, "a")};
  ASSERT_TRUE(db_->Commit(ws).ok());
  WriteSet stale;
  stale.batch = BatchRow{"b2", "x.csv", 1, "t", ""};
  stale.decisions = {Decision("b2", 0, "2026-01-01")};
  stale.leaves = {Leaf(0, "again")};
  EXPECT_EQ(db_->Commit(stale).code(), StatusCode::kAborted);
  EXPECT_EQ(*db_->AuditSize(), 1);
  EXPECT_TRUE(db_->ReadDecisions("b2")->empty());
  EXPECT_FALSE(db_->FindBatch("b2")->has_value());
}

TEST_P(ConformanceTest, DecidingARequestTwiceRollsBackItsLeaves) {
  WriteSet ws;
  ws.batch = BatchRow{"b1", "r.csv", 1, "t", ""};
  ws.decisions = {Decision("b1", 0, "2026-01-01")};
  ws.leaves = {Leaf(0, "a")};
  ASSERT_TRUE(db_->Commit(ws).ok());
  ws.leaves = {Leaf(1, "b")};
  EXPECT_EQ(db_->Commit(ws).code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(*db_->AuditSize(), 1);
}

TEST_P(ConformanceTest, RecordsAreReplacedWhole) {
  std::vector<domain::Record> first(3), second(1);
  for (int i = 0; i < 3; ++i) first[i].record_id = "R" + std::to_string(i);
  first[2].source = domain::Source::kIrs;
  first[2].tax_year = 2023;
  second[0].record_id = "S";
  WriteSet ws;
  ws.replace_records = &first;
  ASSERT_TRUE(db_->Commit(ws).ok());
  auto got = db_->ReadRecords();
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->size(), 3u);
  EXPECT_EQ((*got)[2].source, domain::Source::kIrs);
  EXPECT_EQ((*got)[2].tax_year, 2023);
  ws.replace_records = &second;
  ASSERT_TRUE(db_->Commit(ws).ok());
  EXPECT_EQ(*db_->CountRecords(), 1);
}

TEST_P(ConformanceTest, OfficialsAreUpsertedAndHistoryExcludesABatch) {
  domain::Official o;
  o.official_id = "INV-1";
  o.agency = "DHS";
  WriteSet ws;
  ws.officials = {o};
  ws.batch = BatchRow{"old", "a.csv", 1, "t", ""};
  ws.decisions = {Decision("old", 0, "2025-01-01")};
  ASSERT_TRUE(db_->Commit(ws).ok());
  o.revoked_on = "2026-02-02";
  WriteSet ws2;
  ws2.officials = {o};
  ws2.batch = BatchRow{"new", "b.csv", 1, "t", ""};
  ws2.decisions = {Decision("new", 0, "2026-01-01")};
  ASSERT_TRUE(db_->Commit(ws2).ok());
  auto officials = db_->ReadOfficials();
  ASSERT_EQ(officials->size(), 1u);
  EXPECT_EQ((*officials)[0].revoked_on, "2026-02-02");
  EXPECT_EQ(db_->ReadHistory("2024-01-01", "new")->size(), 1u);
  EXPECT_EQ(db_->ReadHistory("2025-06-01", "none")->size(), 1u);
  EXPECT_EQ(db_->ReadHistory("", "none")->size(), 2u);
}

TEST_P(ConformanceTest, WhatThePolicysHistoryNeedsIsKeptWithTheDecision) {
  WriteSet ws;
  ws.batch = BatchRow{"b", "a.csv", 2, "t", "2026-01-01"};
  ws.decisions = {Decision("b", 0, "2026-01-01"),
                  Decision("b", 1, "2026-01-01")};
  ws.decisions[0].reason_norm = "subject is named in a warrant";
  ws.decisions[0].name_key = "name-digest";
  ws.decisions[0].dob_key = "dob-digest";
  ws.decisions[0].policy_version = "2026.2";
  ws.decisions[0].decision_leaf = 7;
  ws.decisions[0].taxpayer_digest = "tp";
  ws.decisions[0].release_profile = "conservative";
  ASSERT_TRUE(db_->Commit(ws).ok());
  auto got = db_->ReadDecisions("b");
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->size(), 2u);
  EXPECT_EQ((*got)[0].reason_norm, "subject is named in a warrant");
  EXPECT_EQ((*got)[0].policy_version, "2026.2");
  EXPECT_EQ((*got)[0].decision_leaf, 7);
  EXPECT_EQ((*got)[0].taxpayer_digest, "tp");
  EXPECT_EQ((*got)[0].release_profile, "conservative");
  EXPECT_EQ((*got)[1].reason_norm, "");
  EXPECT_EQ((*db_->FindBatch("b"))->as_of, "2026-01-01");
  // The history carries what the policy's history needs.
  auto history = db_->ReadHistory("", "other");
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].reason_norm, "subject is named in a warrant");
  EXPECT_EQ((*history)[0].name_key, "name-digest");
  EXPECT_EQ((*history)[0].dob_key, "dob-digest");
  EXPECT_EQ((*history)[0].reasons, "CASE_MISSING");
  EXPECT_EQ((*history)[0].agency, "DHS");
  EXPECT_EQ(*db_->LatestDecisionDate(), "2026-01-01");
}

TEST_P(ConformanceTest, AnAnswerIsReleasedOnce) {
  EXPECT_EQ(*db_->LatestDecisionDate(), "");
  WriteSet ws;
  ws.batch = BatchRow{"b", "a.csv", 2, "t", "2026-01-01"};
  ws.decisions = {Decision("b", 0, "2026-01-01"),
                  Decision("b", 1, "2026-01-02")};
  ws.decisions[0].decision = domain::Outcome::kDisclosed;
  ws.decisions[0].leaf_index = -1;  // held
  ws.decisions[1].decision = domain::Outcome::kReview;
  ws.decisions[1].leaf_index = -1;
  ASSERT_TRUE(db_->Commit(ws).ok());
  EXPECT_EQ(*db_->LatestDecisionDate(), "2026-01-02");
  DecisionRow answer = (*db_->ReadDecisions("b"))[0];
  answer.leaf_index = 0;
  answer.decision_leaf = 5;
  WriteSet release;
  release.answered = {answer};
  release.leaves = {Leaf(0, "response")};
  ASSERT_TRUE(db_->Commit(release).ok());
  EXPECT_EQ((*db_->ReadDecisions("b"))[0].leaf_index, 0);
  // A second answer fails whole, and so does answering a request in review.
  WriteSet again;
  again.answered = {answer};
  again.leaves = {Leaf(1, "response again")};
  EXPECT_EQ(db_->Commit(again).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(*db_->AuditSize(), 1);
  WriteSet in_review;
  in_review.answered = {(*db_->ReadDecisions("b"))[1]};
  in_review.answered[0].leaf_index = 1;
  EXPECT_EQ(db_->Commit(in_review).code(), StatusCode::kFailedPrecondition);
}

TEST_P(ConformanceTest, ScanVisitsLeavesInOrderAndStopsOnError) {
  WriteSet ws;
  for (int i = 0; i < 5; ++i) ws.leaves.push_back(Leaf(i, std::to_string(i)));
  ASSERT_TRUE(db_->Commit(ws).ok());
  int64_t next = 0;
  Status s = db_->ScanAuditLeaves([&](const AuditLeaf& l) {
    EXPECT_EQ(l.index, next++);
    if (l.index == 2) return Status::DataLoss("stop");
    return Status::Ok();
  });
  EXPECT_EQ(s.code(), StatusCode::kDataLoss);
  EXPECT_EQ(next, 3);
  EXPECT_EQ(db_->ReadAuditLeaf(9).status().code(), StatusCode::kNotFound);
}

TEST_P(ConformanceTest, FlagsAreSetReplacedAndLiftedByKindAndKey) {
  WriteSet ws;
  ws.set_flags = {{kFlagLegalHold, "DHS", "order 1", "2026-01-01"},
                  {kFlagWithheldI6, "123456789", "", "2026-01-02"}};
  ASSERT_TRUE(db_->Commit(ws).ok());
  WriteSet again;
  again.set_flags = {{kFlagLegalHold, "DHS", "order 2", "2026-02-01"}};
  ASSERT_TRUE(db_->Commit(again).ok());
  auto holds = db_->ReadFlags(kFlagLegalHold);
  ASSERT_TRUE(holds.ok());
  ASSERT_EQ(holds->size(), 1u);
  EXPECT_EQ((*holds)[0].note, "order 2");
  WriteSet lift;
  lift.lift_flags = {{kFlagLegalHold, "DHS", "", ""}};
  ASSERT_TRUE(db_->Commit(lift).ok());
  EXPECT_TRUE(db_->ReadFlags(kFlagLegalHold)->empty());
  EXPECT_EQ(db_->ReadFlags(kFlagWithheldI6)->size(), 1u);
}

TEST_P(ConformanceTest, CheckpointsAreStoredInOrderWithTheirLeaves) {
  WriteSet ws;
  ws.leaves = {Leaf(0, "a"), Leaf(1, "b")};
  const Hash256 root2 = Leaf(1, "b").root_after;
  ws.checkpoints = {{0, 2, root2, "note 2", "key-1", "t1"}};
  ASSERT_TRUE(db_->Commit(ws).ok());
  WriteSet later;
  later.checkpoints = {{0, 2, root2, "note 2 again", "key-2", "t2"}};
  ASSERT_TRUE(db_->Commit(later).ok());
  auto got = db_->ReadCheckpoints();
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->size(), 2u);
  EXPECT_LT((*got)[0].id, (*got)[1].id);
  EXPECT_EQ((*got)[0].tree_size, 2);
  EXPECT_EQ((*got)[0].root, root2);
  EXPECT_EQ((*got)[1].key, "key-2");
  // A checkpoint in a write set whose leaves are refused is not stored.
  WriteSet stale;
  stale.leaves = {Leaf(0, "x")};
  stale.checkpoints = {{0, 1, Sha256("x"), "n", "k", "t"}};
  EXPECT_FALSE(db_->Commit(stale).ok());
  EXPECT_EQ(db_->ReadCheckpoints()->size(), 2u);
  // A checkpoint signs the log as stored: not an older tree, not a larger
  // one, not another root (issue 11).
  for (const CheckpointRow& bad :
       {CheckpointRow{0, 1, Leaf(0, "a").root_after, "n", "k", "t"},
        CheckpointRow{0, 3, root2, "n", "k", "t"}}) {
    WriteSet w;
    w.checkpoints = {bad};
    EXPECT_EQ(db_->Commit(w).code(), StatusCode::kAborted) << bad.tree_size;
  }
  WriteSet other_root;
  other_root.checkpoints = {{0, 2, Sha256("other"), "n", "k", "t"}};
  EXPECT_EQ(db_->Commit(other_root).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(db_->ReadCheckpoints()->size(), 2u);
}

TEST_P(ConformanceTest, AReviewSettlesADecisionOnceWithItsLeaves) {
  WriteSet ws;
  ws.batch = BatchRow{"b", "a.csv", 2, "t", ""};
  ws.decisions = {Decision("b", 0, "2026-01-01"),
                  Decision("b", 1, "2026-01-01")};
  ws.decisions[0].decision = domain::Outcome::kReview;
  ws.decisions[0].evidence_json = "[{\"record_id\":\"R1\"}]";
  ASSERT_TRUE(db_->Commit(ws).ok());
  auto pending = db_->ReadPendingReviews();
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].position, 0);
  EXPECT_EQ((*pending)[0].evidence_json, "[{\"record_id\":\"R1\"}]");
  DecisionRow settled = (*pending)[0];
  settled.decision = domain::Outcome::kDisclosed;
  settled.record_id = "R1";
  WriteSet review;
  review.reviewed = {settled};
  review.leaves = {Leaf(0, "review")};
  ASSERT_TRUE(db_->Commit(review).ok());
  EXPECT_TRUE(db_->ReadPendingReviews()->empty());
  EXPECT_EQ((*db_->ReadDecisions("b"))[0].decision,
            domain::Outcome::kDisclosed);
  // Settling it again fails whole: its leaves are not stored either.
  WriteSet again;
  again.reviewed = {settled};
  again.leaves = {Leaf(1, "review again")};
  EXPECT_EQ(db_->Commit(again).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(*db_->AuditSize(), 1);
  // A decision that was never a review cannot be settled.
  DecisionRow other = (*db_->ReadDecisions("b"))[1];
  WriteSet wrong;
  wrong.reviewed = {other};
  EXPECT_EQ(db_->Commit(wrong).code(), StatusCode::kFailedPrecondition);
}

TEST_P(ConformanceTest, LatestCheckpointsAndMeta) {
  for (int i = 1; i <= 3; ++i) {
    WriteSet ws;
    AuditLeaf leaf = Leaf(i - 1, std::to_string(i));
    ws.leaves = {leaf};
    ws.checkpoints.push_back({0, i, leaf.root_after, "n", "k", "t"});
    if (i == 3) ws.meta = {{"hmac_check", "abc"}};
    ASSERT_TRUE(db_->Commit(ws).ok());
  }
  auto last2 = db_->ReadLatestCheckpoints(2);
  ASSERT_TRUE(last2.ok());
  ASSERT_EQ(last2->size(), 2u);
  EXPECT_EQ((*last2)[0].tree_size, 2);
  EXPECT_EQ((*last2)[1].tree_size, 3);
  EXPECT_EQ(*db_->ReadMeta("hmac_check"), "abc");
  EXPECT_EQ(db_->ReadMeta("nothing").status().code(), StatusCode::kNotFound);
}

TEST_P(ConformanceTest, TheLogHasAStableRandomId) {
  auto id = db_->LogId();
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->size(), 32u);
  EXPECT_EQ(*db_->LogId(), *id);
}

// A copy is the store as of one commit, a store in its own right; it is
// never written over a file.
TEST_P(ConformanceTest, ACopyHoldsEverythingCommittedAndIsNeverWrittenOver) {
  WriteSet ws;
  ws.batch = BatchRow{"b1", "requests.csv", 1, "2026-01-01T00:00:00Z", ""};
  ws.decisions = {Decision("b1", 0, "2026-01-01")};
  ws.leaves = {Leaf(0, "a"), Leaf(1, "b")};
  ASSERT_TRUE(db_->Commit(ws).ok());
  const std::string copy_path = dir_.File("copy.db");
  if (GetParam() == Backend::kPostgres) {
    // A PostgreSQL store is copied by pg_dump, which says so.
    Status s = db_->CopyTo(copy_path);
    EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition) << s.ToString();
    EXPECT_NE(s.message().find("pg_dump"), std::string::npos) << s.ToString();
    EXPECT_FALSE(std::ifstream(copy_path).good());
    return;
  }
  ASSERT_TRUE(db_->CopyTo(copy_path).ok());
  // Written after the copy: not in it.
  WriteSet later;
  later.leaves = {Leaf(2, "c")};
  ASSERT_TRUE(db_->Commit(later).ok());
  auto copy = OpenDatabase(copy_path, OpenMode::kReadOnly);
  ASSERT_TRUE(copy.ok()) << copy.status().ToString();
  EXPECT_EQ(*(*copy)->AuditSize(), 2);
  EXPECT_EQ((*copy)->ReadAuditLeaf(1)->entry, "b");
  EXPECT_EQ((*copy)->ReadDecisions("b1")->size(), 1u);
  EXPECT_EQ(*(*copy)->LogId(), *db_->LogId());
  Status again = db_->CopyTo(copy_path);
  EXPECT_EQ(again.code(), StatusCode::kAlreadyExists) << again.ToString();
  EXPECT_EQ(*(*copy)->AuditSize(), 2);
}

// Entries and hashes are bytes, kept byte for byte (a NUL, 0xff, a quote);
// a probability comes back as the very double stored.
TEST_P(ConformanceTest, BytesAndNumbersComeBackExactly) {
  const std::string entry("{\"a\":\"'\\\"\0\xff\x01\"}", 12);
  WriteSet ws;
  ws.leaves = {Leaf(0, entry)};
  ws.batch = BatchRow{"b", "a.csv", 1, "t", ""};
  ws.decisions = {Decision("b", 0, "2026-01-01")};
  ws.decisions[0].match_probability = 0.1 + 0.2;
  ws.decisions[0].match_weight = -1e-300;
  ws.decisions[0].reasons = "a'b\"c\\d;";
  ASSERT_TRUE(db_->Commit(ws).ok());
  auto leaf = db_->ReadAuditLeaf(0);
  ASSERT_TRUE(leaf.ok()) << leaf.status().ToString();
  EXPECT_EQ(leaf->entry, entry);
  EXPECT_EQ(leaf->leaf_hash, Sha256(entry));
  EXPECT_EQ(leaf->root_after, Sha256("root" + entry));
  auto d = db_->ReadDecisions("b");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ((*d)[0].match_probability, 0.1 + 0.2);
  EXPECT_EQ((*d)[0].match_weight, -1e-300);
  EXPECT_EQ((*d)[0].reasons, "a'b\"c\\d;");
}

// More rows than a backend reads in one go (PostgreSQL pages by 5000): all
// of them, in order.
TEST_P(ConformanceTest, LongReadsReturnEveryRowInOrder) {
  constexpr int kRows = 12001;
  std::vector<domain::Record> records(kRows);
  for (int i = 0; i < kRows; ++i) {
    records[i].record_id = "R" + std::to_string(100000 + i);
    records[i].last_name = "Name " + std::to_string(i);
  }
  WriteSet ws;
  ws.replace_records = &records;
  for (int i = 0; i < kRows; ++i)
    ws.leaves.push_back(Leaf(i, std::to_string(i)));
  ASSERT_TRUE(db_->Commit(ws).ok());
  auto got = db_->ReadRecords();
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_EQ(got->size(), static_cast<size_t>(kRows));
  EXPECT_EQ((*got)[kRows - 1].last_name, "Name " + std::to_string(kRows - 1));
  EXPECT_EQ(*db_->CountRecords(), kRows);
  int64_t next = 0;
  ASSERT_TRUE(db_->ScanAuditLeaves([&](const AuditLeaf& l) {
                   if (l.index != next || l.entry != std::to_string(next)) {
                     return Status::DataLoss("leaf " + std::to_string(l.index));
                   }
                   ++next;
                   return Status::Ok();
                 })
                  .ok());
  EXPECT_EQ(next, kRows);
  EXPECT_EQ(*db_->AuditSize(), kRows);
}

INSTANTIATE_TEST_SUITE_P(Backends, ConformanceTest,
                         ::testing::ValuesIn(taxgate::testing::AllBackends()),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return taxgate::testing::BackendName(info.param);
                         });

// A store made by schema version 2 opens, is migrated in place and keeps
// its rows: the new columns get their defaults, the decision leaf of an old
// row is the one before its response, and new rows can be added although
// the old table's subject_key has no default.
TEST(SqliteMigrationTest, VersionTwoStoreIsMigratedInPlace) {
  ASSERT_TRUE(InitCrypto());
  testing::TempDir dir;
  std::string path = dir.File("v2.db");
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(
          raw,
          "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
          "INSERT INTO meta VALUES ('schema_version', '2');"
          "CREATE TABLE batches (batch_id TEXT PRIMARY KEY, source_name TEXT "
          "NOT NULL, request_count INTEGER NOT NULL, received_at TEXT NOT "
          "NULL);"
          "INSERT INTO batches VALUES ('b', 'a.csv', 1, 't');"
          "CREATE TABLE decisions (batch_id TEXT NOT NULL REFERENCES "
          "batches(batch_id), position INTEGER NOT NULL, agency TEXT NOT "
          "NULL, request_id TEXT NOT NULL, official_id TEXT NOT NULL, "
          "case_number TEXT NOT NULL, subject_key TEXT NOT NULL, decided_on "
          "TEXT NOT NULL, decision TEXT NOT NULL, reasons TEXT NOT NULL, "
          "record_id TEXT NOT NULL, match_probability REAL, match_weight "
          "REAL, match_decision TEXT NOT NULL, disclosure_json TEXT NOT NULL, "
          "leaf_index INTEGER NOT NULL, reason_digest TEXT NOT NULL DEFAULT "
          "'', policy_version TEXT NOT NULL DEFAULT '', policy_digest TEXT "
          "NOT NULL DEFAULT '', evidence_json TEXT NOT NULL DEFAULT '', "
          "PRIMARY KEY (batch_id, position));"
          "INSERT INTO decisions VALUES ('b', 0, 'DHS', 'Q0', 'INV-1', "
          "'CR-1', 'sk', '2026-01-01', 'rejected', 'CASE_MISSING', '', NULL, "
          "NULL, '', '', 9, 'rd', '2026.1', '', '');",
          nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(raw);
  auto db = OpenDatabase(path);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  auto rows = (*db)->ReadDecisions("b");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].request_id, "Q0");
  EXPECT_EQ((*rows)[0].leaf_index, 9);
  EXPECT_EQ((*rows)[0].decision_leaf, 8);
  EXPECT_EQ((*rows)[0].reason_norm, "");
  EXPECT_EQ((*rows)[0].policy_version, "2026.1");
  EXPECT_EQ((*(*db)->FindBatch("b"))->as_of, "");
  WriteSet ws;
  DecisionRow d = (*rows)[0];
  d.position = 1;
  d.request_id = "Q1";
  ws.decisions = {d};
  ASSERT_TRUE((*db)->Commit(ws).ok());
  EXPECT_EQ((*db)->ReadDecisions("b")->size(), 2u);
  EXPECT_EQ(*(*db)->ReadMeta("schema_version"), "4");
  // Version 4 columns: the ruleset and model a decision was made under.
  d.position = 2;
  d.ruleset_digest = "r";
  d.model_digest = "m";
  ws.decisions = {d};
  ASSERT_TRUE((*db)->Commit(ws).ok());
  EXPECT_EQ((*(*db)->ReadDecisions("b"))[2].ruleset_digest, "r");
  EXPECT_EQ((*(*db)->ReadDecisions("b"))[2].model_digest, "m");
}

// A read-only open never makes, migrates or writes a store.
TEST(SqliteReadOnlyTest, ReadsAStoreAndNeverWritesOrCreatesOne) {
  ASSERT_TRUE(InitCrypto());
  testing::TempDir dir;
  const std::string path = dir.File("store.db");
  auto missing = OpenDatabase(path, OpenMode::kReadOnly);
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(std::ifstream(path).good());
  // An empty file (a first load stopped before it made the schema) holds
  // no store, and is left as it is.
  const std::string empty = dir.Write("empty.db", "");
  auto nothing = OpenDatabase(empty, OpenMode::kReadOnly);
  EXPECT_EQ(nothing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(nothing.status().message().find("holds no store yet"),
            std::string::npos)
      << nothing.status().ToString();
  EXPECT_EQ(std::ifstream(empty, std::ios::ate).tellg(), 0);
  {
    auto rw = OpenDatabase(path);
    ASSERT_TRUE(rw.ok());
    WriteSet ws;
    ws.leaves = {AuditLeaf{0, "a", Sha256("a"), Sha256("ra")}};
    ASSERT_TRUE((*rw)->Commit(ws).ok());
  }
  auto ro = OpenDatabase(path, OpenMode::kReadOnly);
  ASSERT_TRUE(ro.ok()) << ro.status().ToString();
  EXPECT_EQ(*(*ro)->AuditSize(), 1);
  WriteSet more;
  more.leaves = {AuditLeaf{1, "b", Sha256("b"), Sha256("rb")}};
  EXPECT_FALSE((*ro)->Commit(more).ok());
  EXPECT_EQ(*(*ro)->AuditSize(), 1);
}

// An older store is not migrated by a reader: it says what to do.
TEST(SqliteReadOnlyTest, AStoreOfAnOlderSchemaIsRefusedNotMigrated) {
  testing::TempDir dir;
  const std::string path = dir.File("v3.db");
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw,
                         "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT "
                         "NOT NULL); INSERT INTO meta VALUES "
                         "('schema_version', '3');",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  auto ro = OpenDatabase(path, OpenMode::kReadOnly);
  ASSERT_FALSE(ro.ok());
  EXPECT_EQ(ro.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(ro.status().message().find("schema 3"), std::string::npos)
      << ro.status().ToString();
  // Still schema 3: nothing was added.
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(raw,
                     "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                     -1, &st, nullptr);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), 1);
  sqlite3_finalize(st);
  sqlite3_close(raw);
}

// A disk that refuses writes, through the unix VFS's own hook for replacing
// its system calls (tests/cli/faults.sh does the same to the whole binary
// with an LD_PRELOAD library). Every write of SQLite's goes through one of
// these three.
std::atomic<bool> refuse_writes{false};
ssize_t RefusingWrite(int fd, const void* buf, size_t n) {
  if (refuse_writes) {
    errno = EIO;
    return -1;
  }
  return ::write(fd, buf, n);
}
ssize_t RefusingPwrite(int fd, const void* buf, size_t n, off_t at) {
  if (refuse_writes) {
    errno = EIO;
    return -1;
  }
  return ::pwrite(fd, buf, n, at);
}
ssize_t RefusingPwrite64(int fd, const void* buf, size_t n, off64_t at) {
  if (refuse_writes) {
    errno = EIO;
    return -1;
  }
  return ::pwrite64(fd, buf, n, at);
}

class SqliteDiskFailureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto());
    vfs_ = sqlite3_vfs_find("unix");
    ASSERT_NE(vfs_, nullptr);
    Replace("write", reinterpret_cast<sqlite3_syscall_ptr>(&RefusingWrite));
    Replace("pwrite", reinterpret_cast<sqlite3_syscall_ptr>(&RefusingPwrite));
    Replace("pwrite64",
            reinterpret_cast<sqlite3_syscall_ptr>(&RefusingPwrite64));
  }
  void TearDown() override {
    refuse_writes = false;
    for (const char* name : {"write", "pwrite", "pwrite64"}) {
      vfs_->xSetSystemCall(vfs_, name, nullptr);  // back to the default
    }
  }
  void Replace(const char* name, sqlite3_syscall_ptr fn) {
    ASSERT_EQ(vfs_->xSetSystemCall(vfs_, name, fn), SQLITE_OK) << name;
  }
  sqlite3_vfs* vfs_ = nullptr;
  testing::TempDir dir_;
};

// A commit the disk refuses says which store, that writing it failed, and
// what to do; nothing of it is kept, and the same store takes the same
// write set once the disk is back (the failed transaction was ended).
TEST_F(SqliteDiskFailureTest, ARefusedCommitNamesTheStoreAndLeavesItUsable) {
  const std::string path = dir_.File("store.db");
  auto db = OpenDatabase(path);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  WriteSet ws;
  ws.batch = BatchRow{"b1", "requests.csv", 1, "2026-01-01T00:00:00Z", ""};
  ws.leaves = {AuditLeaf{0, "a", Sha256("a"), Sha256("root a")}};
  refuse_writes = true;
  Status s = (*db)->Commit(ws);
  refuse_writes = false;
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_NE(s.message().find(path + ": cannot write to the store: sqlite: "
                                    "disk I/O error (a write failed"),
            std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("run the same command again"), std::string::npos)
      << s.message();
  EXPECT_EQ(*(*db)->AuditSize(), 0);
  EXPECT_FALSE(*(*db)->FindBatch("b1"));
  ASSERT_TRUE((*db)->Commit(ws).ok());
  EXPECT_EQ(*(*db)->AuditSize(), 1);
  EXPECT_TRUE(*(*db)->FindBatch("b1"));
}

// A store that cannot be written while it is opened (the WAL switch and the
// schema write) is reported as a disk failure, not as a damaged store.
TEST_F(SqliteDiskFailureTest, ARefusedOpenIsNotCalledADamagedStore) {
  const std::string path = dir_.File("new.db");
  refuse_writes = true;
  auto db = OpenDatabase(path);
  refuse_writes = false;
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(db.status().message().find(path + ": cannot open the store: "),
            std::string::npos)
      << db.status().message();
  EXPECT_EQ(db.status().message().find("not a usable"), std::string::npos)
      << db.status().message();
  EXPECT_TRUE(OpenDatabase(path).ok());
}

}  // namespace
}  // namespace taxgate::storage
