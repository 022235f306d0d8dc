// What only the PostgreSQL store does (the rest is the conformance suite):
// schema versions and migrations, read-only sessions, and commits of two
// processes serialized in the database. Each test on a database of its own
// (storage/test_stores.h); skipped, naming TAXGATE_TEST_POSTGRES_URL, when
// no server is given.
#include "storage/postgres/postgres_database.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <chrono>
#include <future>
#include <thread>

#include "common/crypto.h"
#include "storage/postgres/postgres_database_internal.h"
#include "storage/test_stores.h"
#include "test_util.h"

namespace taxgate::storage {
namespace {

using taxgate::testing::Backend;
using taxgate::testing::ScratchStore;

AuditLeaf Leaf(int64_t i, const std::string& entry) {
  return AuditLeaf{i, entry, Sha256(entry), Sha256("root" + entry)};
}

// One SQL statement's single value ("" when it returns no row).
std::string Value(PGconn* c, const std::string& sql) {
  PGresult* r = PQexec(c, sql.c_str());
  std::string out;
  const ExecStatusType st = PQresultStatus(r);
  EXPECT_TRUE(st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
      << sql << ": " << PQresultErrorMessage(r);
  if (st == PGRES_TUPLES_OK && PQntuples(r) > 0) out = PQgetvalue(r, 0, 0);
  PQclear(r);
  return out;
}

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto());
    if (std::string why = taxgate::testing::SkipReason(Backend::kPostgres);
        !why.empty()) {
      GTEST_SKIP() << why;
    }
    auto scratch = ScratchStore::Make(Backend::kPostgres, dir_.path(), "pg");
    ASSERT_TRUE(scratch.ok()) << scratch.status().ToString();
    scratch_ = std::move(scratch).value();
    url_ = scratch_->spec();
  }
  // A connection of the test's own, beside taxgate's.
  PGconn* Connect() {
    PGconn* c = PQconnectdb(url_.c_str());
    EXPECT_EQ(PQstatus(c), CONNECTION_OK) << PQerrorMessage(c);
    return c;
  }

  taxgate::testing::TempDir dir_;
  std::unique_ptr<ScratchStore> scratch_;
  std::string url_;
};

TEST_F(PostgresStoreTest,
       AReadOnlyOpenOfAnEmptyDatabaseFindsNoStoreAndMakesNone) {
  auto ro = OpenDatabase(url_, OpenMode::kReadOnly);
  ASSERT_FALSE(ro.ok());
  EXPECT_EQ(ro.status().code(), StatusCode::kNotFound);
  EXPECT_NE(ro.status().message().find("holds no taxgate store"),
            std::string::npos)
      << ro.status().ToString();
  PGconn* c = Connect();
  EXPECT_EQ(Value(c,
                  "SELECT count(*) FROM pg_tables WHERE schemaname = "
                  "current_schema()"),
            "0");
  PQfinish(c);
}

TEST_F(PostgresStoreTest, AReadOnlySessionReadsAndNeverWrites) {
  {
    auto rw = OpenDatabase(url_);
    ASSERT_TRUE(rw.ok()) << rw.status().ToString();
    WriteSet ws;
    ws.leaves = {Leaf(0, "a")};
    ASSERT_TRUE((*rw)->Commit(ws).ok());
  }
  auto ro = OpenDatabase(url_, OpenMode::kReadOnly);
  ASSERT_TRUE(ro.ok()) << ro.status().ToString();
  EXPECT_EQ(*(*ro)->AuditSize(), 1);
  EXPECT_EQ((*ro)->ReadAuditLeaf(0)->entry, "a");
  WriteSet more;
  more.leaves = {Leaf(1, "b")};
  Status s = (*ro)->Commit(more);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition) << s.ToString();
  EXPECT_NE(s.message().find("read-only"), std::string::npos) << s.ToString();
  EXPECT_EQ(*(*ro)->AuditSize(), 1);
}

// A migration step that fails leaves the store as it was: the steps before
// it, in the same transaction, are undone with it, and the version stays.
// The steps that work bring the store up; an older taxgate then refuses it,
// read-write and read-only alike, and never writes to it.
TEST_F(PostgresStoreTest, MigrationsRunInOneTransactionAndAnOlderTaxgateStops) {
  {
    auto v1 = OpenDatabase(url_);
    ASSERT_TRUE(v1.ok()) << v1.status().ToString();
    EXPECT_EQ(*(*v1)->ReadMeta("schema_version"),
              std::to_string(internal::PostgresSchemaVersion()));
  }
  const int now = internal::PostgresSchemaVersion();
  const internal::PostgresMigration add_column{
      now + 1,
      "ALTER TABLE decisions ADD COLUMN extra text NOT NULL DEFAULT ''"};
  const internal::PostgresMigration broken{now + 2,
                                           "ALTER TABLE no_such_table ADD "
                                           "COLUMN x text"};
  auto failed = internal::OpenPostgresDatabaseWithSchema(
      url_, OpenMode::kReadWrite, now + 2, {add_column, broken});
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find("migrate to schema " +
                                           std::to_string(now + 2)),
            std::string::npos)
      << failed.status().ToString();
  PGconn* c = Connect();
  EXPECT_EQ(Value(c, "SELECT value FROM meta WHERE key = 'schema_version'"),
            std::to_string(now));
  EXPECT_EQ(Value(c,
                  "SELECT count(*) FROM information_schema.columns WHERE "
                  "table_name = 'decisions' AND column_name = 'extra'"),
            "0");

  auto newer = internal::OpenPostgresDatabaseWithSchema(
      url_, OpenMode::kReadWrite, now + 1, {add_column});
  ASSERT_TRUE(newer.ok()) << newer.status().ToString();
  EXPECT_EQ(*(*newer)->ReadMeta("schema_version"), std::to_string(now + 1));
  EXPECT_EQ(Value(c,
                  "SELECT count(*) FROM information_schema.columns WHERE "
                  "table_name = 'decisions' AND column_name = 'extra'"),
            "1");

  for (OpenMode mode : {OpenMode::kReadWrite, OpenMode::kReadOnly}) {
    auto older = OpenDatabase(url_, mode);
    ASSERT_FALSE(older.ok());
    EXPECT_EQ(older.status().code(), StatusCode::kFailedPrecondition);
    EXPECT_NE(older.status().message().find(
                  "the store is of schema " + std::to_string(now + 1) +
                  ", newer than this taxgate's (" + std::to_string(now) + ")"),
              std::string::npos)
        << older.status().ToString();
  }
  EXPECT_EQ(Value(c, "SELECT value FROM meta WHERE key = 'schema_version'"),
            std::to_string(now + 1));
  PQfinish(c);
}

// A store of an older schema is not migrated by a reader.
TEST_F(PostgresStoreTest, AReaderRefusesAnOlderStoreAndLeavesIt) {
  const int now = internal::PostgresSchemaVersion();
  const internal::PostgresMigration step{
      now + 1,
      "ALTER TABLE decisions ADD COLUMN extra text NOT NULL DEFAULT ''"};
  ASSERT_TRUE(OpenDatabase(url_).ok());
  auto reader = internal::OpenPostgresDatabaseWithSchema(
      url_, OpenMode::kReadOnly, now + 1, {step});
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(reader.status().message().find("open it once with a command "
                                           "that writes"),
            std::string::npos)
      << reader.status().ToString();
  auto v = OpenDatabase(url_, OpenMode::kReadOnly);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(*(*v)->ReadMeta("schema_version"), std::to_string(now));
}

// Two processes making the store in a new database at once: one makes it,
// the other finds it made (the schema lock); one log, one id.
TEST_F(PostgresStoreTest, TwoFirstOpensAtOnceMakeOneStore) {
  auto open = [&] { return OpenDatabase(url_); };
  auto a = std::async(std::launch::async, open);
  auto b = std::async(std::launch::async, open);
  auto da = a.get();
  auto db = b.get();
  ASSERT_TRUE(da.ok()) << da.status().ToString();
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  EXPECT_EQ(*(*da)->LogId(), *(*db)->LogId());
}

// The log's appends are serialized in the database. Another process (here a
// connection of the test's own, doing what Commit does) holds the log's
// lock and appends leaf 0; this process's commit of its own leaf 0 waits
// for the lock, then sees the other's leaf and is refused whole as Aborted
// (the ledger re-stages on the new tree and retries). Without the lock it
// would have read size 0 first and failed on the duplicate index instead.
TEST_F(PostgresStoreTest, ACommitWaitsForTheLogsLockThenSeesTheOtherLeaves) {
  auto db = OpenDatabase(url_);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  PGconn* other = Connect();
  Value(other, "BEGIN");
  EXPECT_EQ(Value(other, "SELECT id FROM log_head WHERE id = 1 FOR UPDATE"),
            "1");
  Value(other,
        "INSERT INTO audit_leaves VALUES (0, 'x'::bytea, 'h'::bytea, "
        "'r'::bytea)");

  WriteSet ws;
  ws.batch = BatchRow{"b", "a.csv", 1, "t", ""};
  ws.leaves = {Leaf(0, "mine")};
  auto commit =
      std::async(std::launch::async, [&] { return (*db)->Commit(ws); });
  // Until taxgate's session waits on a lock (a condition, not a time: the
  // test fails only if it never comes).
  PGconn* watch = Connect();
  bool waiting = false;
  for (int i = 0; i < 6000 && !waiting; ++i) {
    waiting = Value(watch,
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                    "current_database() AND wait_event_type = 'Lock' AND "
                    "application_name = 'taxgate'") == "1";
    if (!waiting) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(waiting) << "taxgate's commit never waited for the log's lock";
  Value(other, "COMMIT");
  Status s = commit.get();
  EXPECT_EQ(s.code(), StatusCode::kAborted) << s.ToString();
  EXPECT_EQ(*(*db)->AuditSize(), 1);
  EXPECT_EQ((*db)->ReadAuditLeaf(0)->entry, "x");
  EXPECT_FALSE(*(*db)->FindBatch("b"));
  // Renumbered on the log as it now is, it goes in.
  ws.leaves = {Leaf(1, "mine")};
  ASSERT_TRUE((*db)->Commit(ws).ok());
  EXPECT_EQ(*(*db)->AuditSize(), 2);
  PQfinish(watch);
  PQfinish(other);
}

// A connection the server ended (a restart, an administrator) is made
// again at the next call.
TEST_F(PostgresStoreTest, ALostConnectionIsMadeAgain) {
  auto db = OpenDatabase(url_);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  PGconn* admin = Connect();
  Value(admin,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
        "datname = current_database() AND application_name = 'taxgate'");
  PQfinish(admin);
  // The first call may see the connection go; the next one reconnects.
  (void)(*db)->AuditSize();
  auto n = (*db)->AuditSize();
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 0);
  WriteSet ws;
  ws.leaves = {Leaf(0, "a")};
  EXPECT_TRUE((*db)->Commit(ws).ok());
}

}  // namespace
}  // namespace taxgate::storage
