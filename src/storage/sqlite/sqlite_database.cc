#include "storage/sqlite/sqlite_database.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <memory>
#include <mutex>
#include <type_traits>
#include <variant>

#include "storage/decision_columns.h"
#include "storage/sqlite/schema_sql.h"

namespace taxgate::storage {
namespace {

using internal::AllColumns;
using internal::Columns;
using internal::DecisionColumn;
using internal::DecisionColumns;

// True when the last failure on `db` came from the disk or file system (a
// write, a sync, a full disk), not from the data or the SQL.
bool IsDiskError(sqlite3* db) {
  const int primary = sqlite3_errcode(db) & 0xff;
  return primary == SQLITE_IOERR || primary == SQLITE_FULL ||
         primary == SQLITE_CANTOPEN;
}

// SQLite's message for the last failure on `db`; for a failure of the disk,
// with the call that failed and, when SQLite kept it, the system's reason
// ("disk I/O error (a sync to disk failed)"), which SQLite's message alone
// does not say.
std::string SqliteMessage(sqlite3* db) {
  std::string msg = sqlite3_errmsg(db);
  if (!IsDiskError(db)) return msg;
  std::string detail;
  switch (sqlite3_extended_errcode(db)) {
    case SQLITE_IOERR_WRITE:
      detail = "a write failed";
      break;
    case SQLITE_IOERR_FSYNC:
      detail = "a sync to disk failed";
      break;
    case SQLITE_IOERR_DIR_FSYNC:
      detail = "a folder sync failed";
      break;
    case SQLITE_IOERR_TRUNCATE:
      detail = "a truncate failed";
      break;
    case SQLITE_IOERR_READ:
    case SQLITE_IOERR_SHORT_READ:
      detail = "a read failed";
      break;
    case SQLITE_IOERR_SHMOPEN:
    case SQLITE_IOERR_SHMSIZE:
    case SQLITE_IOERR_SHMMAP:
      detail = "the -shm file failed";
      break;
    default:
      break;
  }
  if (const int err = sqlite3_system_errno(db); err != 0) {
    detail += (detail.empty() ? "" : ": ") + std::string(std::strerror(err));
  }
  return detail.empty() ? msg : msg + " (" + detail + ")";
}

// A prepared statement, finalized on destruction.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Status Prepared() const {
    if (rc_ == SQLITE_OK) return Status::Ok();
    return Status::Internal("sqlite prepare: " + SqliteMessage(db_));
  }
  void Bind(int i, const std::string& s) {
    sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()),
                      SQLITE_TRANSIENT);
  }
  // Text that outlives the statement's next step: bound without a copy.
  void BindStatic(int i, std::string_view s) {
    sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()),
                      SQLITE_STATIC);
  }
  void BindBlob(int i, const void* p, size_t n) {
    sqlite3_bind_blob(stmt_, i, p, static_cast<int>(n), SQLITE_TRANSIENT);
  }
  void Bind(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void Bind(int i, std::optional<double> v) {
    if (v) {
      sqlite3_bind_double(stmt_, i, *v);
    } else {
      sqlite3_bind_null(stmt_, i);
    }
  }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return sqlite3_step(stmt_); }
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  Status StepDone() {
    int rc = Step();
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    if (rc == SQLITE_DONE) return Status::Ok();
    if (rc == SQLITE_CONSTRAINT) {
      return Status::AlreadyExists("sqlite: " + SqliteMessage(db_));
    }
    return Status::Unavailable("sqlite: " + SqliteMessage(db_));
  }
  std::string Text(int col) {
    const unsigned char* t = sqlite3_column_text(stmt_, col);
    return t ? std::string(reinterpret_cast<const char*>(t),
                           sqlite3_column_bytes(stmt_, col))
             : std::string();
  }
  std::string Blob(int col) {
    const void* b = sqlite3_column_blob(stmt_, col);
    return b ? std::string(static_cast<const char*>(b),
                           sqlite3_column_bytes(stmt_, col))
             : std::string();
  }
  int64_t Int(int col) { return sqlite3_column_int64(stmt_, col); }
  std::optional<double> Real(int col) {
    if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::nullopt;
    return sqlite3_column_double(stmt_, col);
  }
  Status Error() const {
    return Status::Unavailable("sqlite: " + SqliteMessage(db_));
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
};

Hash256 ToHash(const std::string& s) {
  Hash256 h{};
  if (s.size() == h.size()) std::memcpy(h.data(), s.data(), h.size());
  return h;
}

// "a, b, c"; with `suffix` " = ?", "a = ?, b = ?, c = ?"; with `separator`
// " AND " too, "a = ? AND b = ?".
std::string NameList(const DecisionColumns& cols, std::string_view suffix = "",
                     std::string_view separator = ", ") {
  std::string out;
  for (const DecisionColumn* c : cols) {
    if (!out.empty()) out += separator;
    out += c->name;
    out += suffix;
  }
  return out;
}

// Reads a row of "SELECT <NameList(cols)> ...". Errors: DataLoss for a
// decision the store should never hold (a row altered behind taxgate).
Result<DecisionRow> ReadDecisionRow(Stmt& s, const DecisionColumns& cols) {
  DecisionRow d;
  Status bad = Status::Ok();
  for (int i = 0; i < static_cast<int>(cols.size()); ++i) {
    std::visit(
        [&](auto member) {
          using T = std::remove_cvref_t<decltype(d.*member)>;
          if constexpr (std::is_same_v<T, std::string>) {
            d.*member = s.Text(i);
          } else if constexpr (std::is_same_v<T, int64_t>) {
            d.*member = s.Int(i);
          } else if constexpr (std::is_same_v<T, domain::Outcome>) {
            std::string text = s.Text(i);
            auto o = domain::ParseOutcome(text);
            if (!o || *o == domain::Outcome::kEligible) {
              bad = Status::DataLoss("store: a decision row holds decision '" +
                                     text +
                                     "', which taxgate never writes (the "
                                     "store was altered)");
            } else {
              d.*member = *o;
            }
          } else {
            d.*member = s.Real(i);
          }
        },
        cols[i]->member);
  }
  if (!bad.ok()) return bad;
  return d;
}

// Binds `cols` of `d` to the parameters first, first + 1, ...
void BindDecisionColumns(Stmt& s, const DecisionRow& d,
                         const DecisionColumns& cols, int first = 1) {
  for (size_t i = 0; i < cols.size(); ++i) {
    std::visit(
        [&](auto member) {
          using T = std::remove_cvref_t<decltype(d.*member)>;
          const int at = first + static_cast<int>(i);
          if constexpr (std::is_same_v<T, domain::Outcome>) {
            s.Bind(at, std::string(domain::OutcomeName(d.*member)));
          } else {
            s.Bind(at, d.*member);
          }
        },
        cols[i]->member);
  }
}

const std::string kReview = domain::OutcomeName(domain::Outcome::kReview);
constexpr char kSchemaVersion[] = "4";

// Rows of "SELECT id, tree_size, root, note, key, created_at".
Result<std::vector<CheckpointRow>> ReadCheckpointRows(Stmt& s) {
  std::vector<CheckpointRow> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    out.push_back({s.Int(0), s.Int(1), ToHash(s.Blob(2)), s.Text(3), s.Text(4),
                   s.Text(5)});
  }
  if (rc != SQLITE_DONE) return s.Error();
  return out;
}

class SqliteDatabase : public Database {
 public:
  SqliteDatabase(sqlite3* db, std::string path)
      : db_(db), path_(std::move(path)) {}
  ~SqliteDatabase() override {
    read_by_id_.reset();  // every statement finalized before the close
    sqlite3_close(db_);
  }

  Status Init(OpenMode mode) {
    // The busy timeout first: switching to WAL and reading the schema take
    // locks too, and a command opening beside a writer must wait, not fail.
    sqlite3_busy_timeout(db_, 30000);
    if (mode == OpenMode::kReadOnly) return CheckSchemaReadOnly();
    TG_RETURN_IF_ERROR(Exec("PRAGMA journal_mode=WAL"));
    TG_RETURN_IF_ERROR(Exec("PRAGMA synchronous=FULL"));
    TG_RETURN_IF_ERROR(Exec("PRAGMA foreign_keys=ON"));
    // 64 MiB of page cache (the default is 2): a load of millions of rows
    // in one transaction keeps its dirty pages instead of spilling them.
    TG_RETURN_IF_ERROR(Exec("PRAGMA cache_size=-65536"));
    // The schema, its migration and its version in one transaction: a store
    // being made when the disk fails is left empty, never half made.
    TG_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
    Status s = Exec(kSchemaSql);
    if (s.ok()) s = Migrate();
    if (s.ok()) {
      s = Exec((std::string("INSERT OR REPLACE INTO meta(key, value) VALUES "
                            "('schema_version', '") +
                kSchemaVersion + "')")
                   .c_str());
    }
    if (s.ok()) s = Exec("COMMIT");
    if (!s.ok() && !sqlite3_get_autocommit(db_)) (void)Exec("ROLLBACK");
    return s;
  }

  // A read-only open changes nothing: the store must already be of this
  // schema.
  Status CheckSchemaReadOnly() {
    TG_ASSIGN_OR_RETURN(int64_t objects,
                        CountOf("SELECT count(*) FROM sqlite_master"));
    if (objects == 0) {
      return Status::NotFound(
          "holds no store yet (an empty file: the command that was making "
          "it stopped first; run it again, or check --db)");
    }
    Stmt s(db_, "SELECT value FROM meta WHERE key = 'schema_version'");
    TG_RETURN_IF_ERROR(s.Prepared());
    int rc = s.Step();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return s.Error();
    std::string version = rc == SQLITE_ROW ? s.Text(0) : "";
    if (version.empty()) {
      return Status::NotFound(
          "holds no finished store (the command that was making it stopped "
          "first; run it again, or check --db)");
    }
    if (version != kSchemaVersion) {
      return Status::FailedPrecondition(
          "the store is of schema " + (version.empty() ? "?" : version) +
          ", this taxgate reads " + kSchemaVersion +
          " read-only: open it once with a command that writes (it is "
          "migrated in place) or use the taxgate that made it");
    }
    return Status::Ok();
  }

  // Brings a store made by an earlier schema up to this one, in place.
  // Version 2 added decisions.reason_digest (the boilerplate window),
  // decisions.policy_version, policy_digest and evidence_json. Version 3
  // added decisions.name_key, dob_key, reason_norm, decision_leaf and
  // taxpayer_digest, and batches.as_of; the decision leaf of an older row is
  // the one before its response. Version 4 added decisions.ruleset_digest
  // model_digest and model_version (ruleset/ruleset.h); the policy_digest
  // column of earlier versions is kept as written and no longer read.
  Status Migrate() {
    struct Column {
      const char* table;
      const char* name;
      const char* type;
    };
    static const Column kAdded[] = {
        {"decisions", "reason_digest", "TEXT NOT NULL DEFAULT ''"},
        {"decisions", "policy_version", "TEXT NOT NULL DEFAULT ''"},
        {"decisions", "evidence_json", "TEXT NOT NULL DEFAULT ''"},
        {"decisions", "policy_digest", "TEXT NOT NULL DEFAULT ''"},
        {"decisions", "name_key", "TEXT NOT NULL DEFAULT ''"},
        {"decisions", "dob_key", "TEXT NOT NULL DEFAULT ''"},
        {"decisions", "reason_norm", "TEXT NOT NULL DEFAULT ''"},
        {"decisions", "decision_leaf", "INTEGER NOT NULL DEFAULT -1"},
        {"decisions", "taxpayer_digest", "TEXT NOT NULL DEFAULT ''"},
        {"decisions", "release_profile", "TEXT NOT NULL DEFAULT ''"},
        {"decisions", "ruleset_digest", "TEXT NOT NULL DEFAULT ''"},
        {"decisions", "model_digest", "TEXT NOT NULL DEFAULT ''"},
        {"decisions", "model_version", "TEXT NOT NULL DEFAULT ''"},
        {"batches", "as_of", "TEXT NOT NULL DEFAULT ''"}};
    bool added_leaf = false;
    for (const Column& c : kAdded) {
      Stmt s(db_, "SELECT 1 FROM pragma_table_info(?) WHERE name = ?");
      TG_RETURN_IF_ERROR(s.Prepared());
      s.Bind(1, std::string(c.table));
      s.Bind(2, std::string(c.name));
      int rc = s.Step();
      if (rc == SQLITE_ROW) continue;
      if (rc != SQLITE_DONE) return s.Error();
      TG_RETURN_IF_ERROR(Exec((std::string("ALTER TABLE ") + c.table +
                               " ADD COLUMN " + c.name + " " + c.type)
                                  .c_str()));
      if (std::string(c.name) == "decision_leaf") added_leaf = true;
    }
    if (added_leaf) {
      TG_RETURN_IF_ERROR(
          Exec("UPDATE decisions SET decision_leaf = leaf_index - 1 WHERE "
               "leaf_index > 0"));
    }
    return Status::Ok();
  }

  Status Commit(const WriteSet& ws) override {
    Status s = Exec("BEGIN IMMEDIATE");
    if (s.ok()) s = CommitInTransaction(ws);
    if (s.ok()) s = Exec("COMMIT");
    if (s.ok()) return s;
    // (Read before the rollback, which resets it; the SQLite calls fail
    // with Unavailable, the checks of the write set with other codes.)
    const bool disk = s.code() == StatusCode::kUnavailable && IsDiskError(db_);
    // A failed COMMIT does not always end the transaction (SQLite rolls
    // back by itself on most I/O errors, not on all): end it, so that none
    // of this write set is kept and the connection can write again.
    if (!sqlite3_get_autocommit(db_)) (void)Exec("ROLLBACK");
    if (disk) {
      return Status::Unavailable(path_ + ": " +
                                 DiskFailure("cannot write to the store", s));
    }
    return s;
  }

  // Init failed (the caller names the store): a disk that cannot be
  // written is not a damaged store.
  Status OpenFailure(const Status& s) {
    if (s.code() == StatusCode::kFailedPrecondition ||
        s.code() == StatusCode::kNotFound) {
      return s;
    }
    if (s.code() == StatusCode::kUnavailable && IsDiskError(db_)) {
      return Status::Unavailable(DiskFailure("cannot open the store", s));
    }
    return Status::DataLoss("not a usable taxgate store: " +
                            std::string(s.message()));
  }

  static constexpr char kRecordColumns[] =
      "SELECT record_id, tin, first_name, middle_name, last_name, dob, "
      "street, unit, city, state, zip, tax_year, source FROM records ";

  static domain::Record RecordOf(Stmt& s) {
    domain::Record r;
    r.record_id = s.Text(0);
    r.tin = s.Text(1);
    r.first_name = s.Text(2);
    r.middle_name = s.Text(3);
    r.last_name = s.Text(4);
    r.dob = s.Text(5);
    r.street = s.Text(6);
    r.unit = s.Text(7);
    r.city = s.Text(8);
    r.state = s.Text(9);
    r.zip = s.Text(10);
    r.tax_year = static_cast<int>(s.Int(11));
    r.source =
        domain::ParseSource(s.Text(12)).value_or(domain::Source::kReturn);
    return r;
  }

  // Inserts or replaces `rows`, in record_id order (the table's key: each
  // insert then appends to the B-tree instead of splitting pages all over
  // it). Text is bound without copying (the rows outlive the statement).
  Status WriteRecords(std::vector<const domain::Record*> rows) {
    auto less = [](const auto* a, const auto* b) {
      return a->record_id < b->record_id;
    };
    if (!std::is_sorted(rows.begin(), rows.end(), less)) {
      std::sort(rows.begin(), rows.end(), less);
    }
    // Many rows per statement: one statement step per row costs more than
    // the B-tree insert itself.
    constexpr size_t kRowsPerInsert = 64;
    auto insert = [](size_t n) {
      std::string sql =
          "INSERT OR REPLACE INTO records(record_id, tin, first_name, "
          "middle_name, last_name, dob, street, unit, city, state, zip, "
          "tax_year, source) VALUES ";
      for (size_t i = 0; i < n; ++i) {
        sql += i == 0 ? "" : ",";
        sql += "(?,?,?,?,?,?,?,?,?,?,?,?,?)";
      }
      return sql;
    };
    Stmt many(db_, insert(kRowsPerInsert).c_str());
    Stmt one(db_, insert(1).c_str());
    TG_RETURN_IF_ERROR(many.Prepared());
    TG_RETURN_IF_ERROR(one.Prepared());
    for (size_t begin = 0; begin < rows.size();) {
      const bool full = rows.size() - begin >= kRowsPerInsert;
      Stmt& s = full ? many : one;
      const size_t n = full ? kRowsPerInsert : 1;
      int col = 1;
      for (size_t k = begin; k < begin + n; ++k) {
        const domain::Record* r = rows[k];
        for (const std::string* v :
             {&r->record_id, &r->tin, &r->first_name, &r->middle_name,
              &r->last_name, &r->dob, &r->street, &r->unit, &r->city, &r->state,
              &r->zip}) {
          s.BindStatic(col++, *v);
        }
        s.Bind(col++, static_cast<int64_t>(r->tax_year));
        s.BindStatic(col++, domain::SourceName(r->source));
      }
      TG_RETURN_IF_ERROR(s.StepDone());
      begin += n;
    }
    return Status::Ok();
  }

  Result<std::vector<domain::Record>> ReadRecords() override {
    Stmt s(db_, (std::string(kRecordColumns) + "ORDER BY record_id").c_str());
    TG_RETURN_IF_ERROR(s.Prepared());
    std::vector<domain::Record> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back(RecordOf(s));
    if (rc != SQLITE_DONE) return s.Error();
    return out;
  }

  Result<std::vector<domain::Record>> ReadRecordsById(
      const std::vector<std::string>& ids) override {
    // Called once per disclosed request: the statement is prepared once
    // per connection (preparing it was 2.5% of a `process` run), and reset
    // after each call so that no read stays open.
    std::lock_guard<std::mutex> lock(read_by_id_mu_);
    if (!read_by_id_) {
      auto s = std::make_unique<Stmt>(
          db_, (std::string(kRecordColumns) + "WHERE record_id = ?").c_str());
      TG_RETURN_IF_ERROR(s->Prepared());
      read_by_id_ = std::move(s);
    }
    Stmt& s = *read_by_id_;
    std::vector<domain::Record> out;
    Status failed;
    for (const auto& id : ids) {
      s.Reset();
      s.Bind(1, id);
      int rc = s.Step();
      if (rc == SQLITE_ROW) {
        out.push_back(RecordOf(s));
      } else if (rc != SQLITE_DONE) {
        failed = s.Error();
        break;
      }
    }
    s.Reset();
    if (!failed.ok()) return failed;
    return out;
  }

  Result<int64_t> CountRecords() override {
    return CountOf("SELECT COUNT(*) FROM records");
  }

  Result<std::vector<domain::Official>> ReadOfficials() override {
    Stmt s(db_,
           "SELECT official_id, name, agency, title, role, valid_from, "
           "valid_to, public_key, revoked_on FROM officials ORDER BY "
           "official_id");
    TG_RETURN_IF_ERROR(s.Prepared());
    std::vector<domain::Official> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      domain::Official o;
      o.official_id = s.Text(0);
      o.name = s.Text(1);
      o.agency = s.Text(2);
      o.title = s.Text(3);
      o.role =
          domain::ParseRole(s.Text(4)).value_or(domain::Role::kInvestigator);
      o.valid_from = s.Text(5);
      o.valid_to = s.Text(6);
      o.public_key = s.Text(7);
      o.revoked_on = s.Text(8);
      out.push_back(std::move(o));
    }
    if (rc != SQLITE_DONE) return s.Error();
    return out;
  }

  Result<std::optional<BatchRow>> FindBatch(
      const std::string& batch_id) override {
    Stmt s(db_,
           "SELECT batch_id, source_name, request_count, received_at, as_of "
           "FROM batches WHERE batch_id = ?");
    TG_RETURN_IF_ERROR(s.Prepared());
    s.Bind(1, batch_id);
    int rc = s.Step();
    if (rc == SQLITE_DONE) return std::optional<BatchRow>();
    if (rc != SQLITE_ROW) return s.Error();
    return std::optional<BatchRow>(
        BatchRow{s.Text(0), s.Text(1), s.Int(2), s.Text(3), s.Text(4)});
  }

  Result<std::vector<DecisionRow>> ReadDecisions(
      const std::string& batch_id) override {
    std::string sql = std::string("SELECT ") + NameList(AllColumns()) +
                      " FROM decisions WHERE batch_id = ? ORDER BY position";
    Stmt s(db_, sql.c_str());
    TG_RETURN_IF_ERROR(s.Prepared());
    s.Bind(1, batch_id);
    return ReadDecisionRows(s);
  }

  Result<std::vector<DecisionRow>> ReadPendingReviews() override {
    std::string sql = std::string("SELECT ") + NameList(AllColumns()) +
                      " FROM decisions WHERE decision = ? ORDER BY rowid";
    Stmt s(db_, sql.c_str());
    TG_RETURN_IF_ERROR(s.Prepared());
    s.Bind(1, kReview);
    return ReadDecisionRows(s);
  }

  Result<std::vector<DecisionRow>> ReadHistory(
      const std::string& since, const std::string& exclude) override {
    static const DecisionColumns cols =
        Columns({"batch_id", "position", "agency", "request_id", "official_id",
                 "case_number", "name_key", "dob_key", "decided_on", "decision",
                 "reasons", "reason_norm"});
    const std::string sql = "SELECT " + NameList(cols) +
                            " FROM decisions WHERE decided_on >= ? AND "
                            "batch_id <> ? ORDER BY decided_on, batch_id, "
                            "position";
    Stmt s(db_, sql.c_str());
    TG_RETURN_IF_ERROR(s.Prepared());
    s.Bind(1, since);
    s.Bind(2, exclude);
    std::vector<DecisionRow> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      TG_ASSIGN_OR_RETURN(DecisionRow d, ReadDecisionRow(s, cols));
      out.push_back(std::move(d));
    }
    if (rc != SQLITE_DONE) return s.Error();
    return out;
  }

  Result<std::string> LatestDecisionDate() override {
    Stmt s(db_, "SELECT COALESCE(MAX(decided_on), '') FROM decisions");
    TG_RETURN_IF_ERROR(s.Prepared());
    if (s.Step() != SQLITE_ROW) return s.Error();
    return s.Text(0);
  }

  Result<std::vector<Flag>> ReadFlags(const std::string& kind) override {
    Stmt s(db_,
           "SELECT kind, key, note, set_on FROM flags WHERE kind = ? ORDER BY "
           "key");
    TG_RETURN_IF_ERROR(s.Prepared());
    s.Bind(1, kind);
    std::vector<Flag> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      out.push_back(Flag{s.Text(0), s.Text(1), s.Text(2), s.Text(3)});
    }
    if (rc != SQLITE_DONE) return s.Error();
    return out;
  }

  Result<int64_t> AuditSize() override {
    return CountOf("SELECT COUNT(*) FROM audit_leaves");
  }

  Result<std::vector<CheckpointRow>> ReadCheckpoints() override {
    Stmt s(db_,
           "SELECT id, tree_size, root, note, key, created_at FROM checkpoints "
           "ORDER BY id");
    TG_RETURN_IF_ERROR(s.Prepared());
    return ReadCheckpointRows(s);
  }

  Result<std::vector<CheckpointRow>> ReadLatestCheckpoints(size_t n) override {
    Stmt s(db_,
           "SELECT id, tree_size, root, note, key, created_at FROM checkpoints "
           "ORDER BY id DESC LIMIT ?");
    TG_RETURN_IF_ERROR(s.Prepared());
    s.Bind(1, static_cast<int64_t>(n));
    TG_ASSIGN_OR_RETURN(auto out, ReadCheckpointRows(s));
    std::reverse(out.begin(), out.end());
    return out;
  }

  Result<std::string> ReadMeta(const std::string& key) override {
    Stmt s(db_, "SELECT value FROM meta WHERE key = ?");
    TG_RETURN_IF_ERROR(s.Prepared());
    s.Bind(1, key);
    int rc = s.Step();
    if (rc == SQLITE_ROW) return s.Text(0);
    if (rc == SQLITE_DONE) return Status::NotFound("meta: no " + key);
    return s.Error();
  }

  Result<std::string> LogId() override {
    Stmt s(db_, "SELECT value FROM meta WHERE key = 'log_id'");
    TG_RETURN_IF_ERROR(s.Prepared());
    int rc = s.Step();
    if (rc == SQLITE_ROW) return s.Text(0);
    if (rc == SQLITE_DONE) return Status::DataLoss("store has no log_id");
    return s.Error();
  }

  Result<AuditLeaf> ReadAuditLeaf(int64_t index) override {
    Stmt s(db_,
           "SELECT leaf_index, entry, leaf_hash, root_after FROM audit_leaves "
           "WHERE leaf_index = ?");
    TG_RETURN_IF_ERROR(s.Prepared());
    s.Bind(1, index);
    int rc = s.Step();
    if (rc == SQLITE_DONE) {
      return Status::NotFound("audit leaf " + std::to_string(index) +
                              " does not exist");
    }
    if (rc != SQLITE_ROW) return s.Error();
    return AuditLeaf{s.Int(0), s.Blob(1), ToHash(s.Blob(2)), ToHash(s.Blob(3))};
  }

  Status ScanAuditLeaves(
      const std::function<Status(const AuditLeaf&)>& fn) override {
    Stmt s(db_,
           "SELECT leaf_index, entry, leaf_hash, root_after FROM audit_leaves "
           "ORDER BY leaf_index");
    TG_RETURN_IF_ERROR(s.Prepared());
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      AuditLeaf leaf{s.Int(0), s.Blob(1), ToHash(s.Blob(2)), ToHash(s.Blob(3))};
      TG_RETURN_IF_ERROR(fn(leaf));
    }
    if (rc != SQLITE_DONE) return s.Error();
    return Status::Ok();
  }

  Status CopyTo(const std::string& path) override {
    int fd =
        ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
      if (errno == EEXIST) {
        return Status::AlreadyExists(path +
                                     ": exists; a copy is never "
                                     "written over a file");
      }
      return Status::Unavailable(path +
                                 ": cannot create: " + std::strerror(errno));
    }
    (void)::fchmod(fd, 0600);
    ::close(fd);
    sqlite3* dest = nullptr;
    Status s = Status::Ok();
    if (sqlite3_open_v2(path.c_str(), &dest,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK) {
      s = Status::Unavailable(path + ": " +
                              (dest ? sqlite3_errmsg(dest) : "out of memory"));
    } else {
      // One step: the whole copy is read in one read transaction, so it is
      // the store as of one commit whatever writes meanwhile.
      sqlite3_exec(dest, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
      sqlite3_backup* b = sqlite3_backup_init(dest, "main", db_, "main");
      if (b == nullptr) {
        s = Status::Unavailable(path + ": " + sqlite3_errmsg(dest));
      } else {
        int rc;
        while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY ||
               rc == SQLITE_LOCKED) {
          sqlite3_sleep(50);
        }
        sqlite3_backup_finish(b);
        if (rc != SQLITE_DONE) {
          s = Status::Unavailable(path +
                                  ": copy failed: " + sqlite3_errstr(rc));
        } else if (sqlite3_exec(dest, "PRAGMA journal_mode=DELETE", nullptr,
                                nullptr, nullptr) != SQLITE_OK) {
          // A copy is one file that readers open without a write-ahead log
          // or shared memory beside it (a store opened for writing goes
          // back to WAL).
          s = Status::Unavailable(path + ": " + sqlite3_errmsg(dest));
        }
      }
    }
    if (sqlite3_close(dest) != SQLITE_OK && s.ok()) {
      s = Status::Unavailable(path + ": cannot close the copy");
    }
    if (!s.ok()) {
      for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        (void)::unlink((path + suffix).c_str());
      }
    }
    return s;
  }

 private:
  Status Exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      sqlite3_free(err);
      return Status::Unavailable("sqlite: " + SqliteMessage(db_));
    }
    return Status::Ok();
  }

  // A write the disk refused (issue 11: tests/cli/faults.sh makes every
  // write and sync of a run fail in turn): what failed, and what to do.
  // Whatever step failed, a command run again starts from what the store
  // holds.
  static std::string DiskFailure(const std::string& what, const Status& s) {
    return what + ": " + std::string(s.message()) +
           "; check the disk (free space, errors), then run the same "
           "command again (safe: it starts from what the store holds)";
  }

  Result<int64_t> CountOf(const char* sql) {
    Stmt s(db_, sql);
    TG_RETURN_IF_ERROR(s.Prepared());
    if (s.Step() != SQLITE_ROW) return s.Error();
    return s.Int(0);
  }

  Result<std::vector<DecisionRow>> ReadDecisionRows(Stmt& s) {
    std::vector<DecisionRow> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      TG_ASSIGN_OR_RETURN(DecisionRow d, ReadDecisionRow(s, AllColumns()));
      out.push_back(std::move(d));
    }
    if (rc != SQLITE_DONE) return s.Error();
    return out;
  }

  Status CommitInTransaction(const WriteSet& ws) {
    // The log's size before this commit: leaf indexes run 0, 1, 2... (each
    // commit checks it), so the next index is the largest one plus one, a
    // lookup on the primary key instead of counting every leaf.
    TG_ASSIGN_OR_RETURN(
        const int64_t size,
        CountOf("SELECT COALESCE(MAX(leaf_index) + 1, 0) FROM audit_leaves"));
    if (!ws.leaves.empty()) {
      if (ws.leaves.front().index != size) {
        return Status::Aborted(
            "another command wrote to the store while this one ran (the "
            "audit log has " +
            std::to_string(size) + " entries, this command's start at " +
            std::to_string(ws.leaves.front().index) +
            "): nothing of this one was written, and running it again is "
            "safe");
      }
    }
    if (ws.replace_records) {
      TG_RETURN_IF_ERROR(Exec("DELETE FROM records"));
      std::vector<const domain::Record*> rows;
      rows.reserve(ws.replace_records->size());
      for (const auto& r : *ws.replace_records) rows.push_back(&r);
      TG_RETURN_IF_ERROR(WriteRecords(std::move(rows)));
    }
    if (ws.change_records) {
      Stmt del(db_, "DELETE FROM records WHERE record_id = ?");
      TG_RETURN_IF_ERROR(del.Prepared());
      for (const auto& id : ws.change_records->remove) {
        del.Bind(1, id);
        TG_RETURN_IF_ERROR(del.StepDone());
      }
      TG_RETURN_IF_ERROR(WriteRecords(ws.change_records->upsert));
    }
    if (!ws.officials.empty()) {
      Stmt s(db_,
             "INSERT OR REPLACE INTO officials(official_id, name, agency, "
             "title, role, valid_from, valid_to, public_key, revoked_on) "
             "VALUES (?,?,?,?,?,?,?,?,?)");
      TG_RETURN_IF_ERROR(s.Prepared());
      for (const auto& o : ws.officials) {
        s.Bind(1, o.official_id);
        s.Bind(2, o.name);
        s.Bind(3, o.agency);
        s.Bind(4, o.title);
        s.Bind(5, std::string(domain::RoleName(o.role)));
        s.Bind(6, o.valid_from);
        s.Bind(7, o.valid_to);
        s.Bind(8, o.public_key);
        s.Bind(9, o.revoked_on);
        TG_RETURN_IF_ERROR(s.StepDone());
      }
    }
    if (!ws.set_flags.empty()) {
      Stmt s(db_,
             "INSERT OR REPLACE INTO flags(kind, key, note, set_on) VALUES "
             "(?,?,?,?)");
      TG_RETURN_IF_ERROR(s.Prepared());
      for (const auto& f : ws.set_flags) {
        s.Bind(1, f.kind);
        s.Bind(2, f.key);
        s.Bind(3, f.note);
        s.Bind(4, f.set_on);
        TG_RETURN_IF_ERROR(s.StepDone());
      }
    }
    if (!ws.lift_flags.empty()) {
      Stmt s(db_, "DELETE FROM flags WHERE kind = ? AND key = ?");
      TG_RETURN_IF_ERROR(s.Prepared());
      for (const auto& f : ws.lift_flags) {
        s.Bind(1, f.kind);
        s.Bind(2, f.key);
        TG_RETURN_IF_ERROR(s.StepDone());
      }
    }
    if (ws.batch) {
      Stmt s(db_,
             "INSERT OR IGNORE INTO batches(batch_id, source_name, "
             "request_count, received_at, as_of) VALUES (?,?,?,?,?)");
      TG_RETURN_IF_ERROR(s.Prepared());
      s.Bind(1, ws.batch->batch_id);
      s.Bind(2, ws.batch->source_name);
      s.Bind(3, ws.batch->request_count);
      s.Bind(4, ws.batch->received_at);
      s.Bind(5, ws.batch->as_of);
      TG_RETURN_IF_ERROR(s.StepDone());
    }
    if (!ws.decisions.empty()) {
      // subject_key: NOT NULL without a default in stores made before
      // schema 3, no longer used.
      std::string sql = std::string("INSERT INTO decisions(") +
                        NameList(AllColumns()) + ", subject_key) VALUES (";
      for (size_t i = 0; i < AllColumns().size(); ++i) {
        sql += i == 0 ? "?" : ",?";
      }
      sql += ",'')";
      Stmt s(db_, sql.c_str());
      TG_RETURN_IF_ERROR(s.Prepared());
      for (const auto& d : ws.decisions) {
        BindDecisionColumns(s, d, AllColumns());
        TG_RETURN_IF_ERROR(s.StepDone());
      }
    }
    if (!ws.leaves.empty()) {
      Stmt s(db_,
             "INSERT INTO audit_leaves(leaf_index, entry, leaf_hash, "
             "root_after) VALUES (?,?,?,?)");
      TG_RETURN_IF_ERROR(s.Prepared());
      int64_t expect = ws.leaves.front().index;
      for (const auto& l : ws.leaves) {
        if (l.index != expect++) {
          return Status::Internal("audit leaves are not consecutive");
        }
        s.Bind(1, l.index);
        s.BindBlob(2, l.entry.data(), l.entry.size());
        s.BindBlob(3, l.leaf_hash.data(), l.leaf_hash.size());
        s.BindBlob(4, l.root_after.data(), l.root_after.size());
        TG_RETURN_IF_ERROR(s.StepDone());
      }
    }
    if (!ws.reviewed.empty()) {
      static const DecisionColumns set =
          Columns({"decision", "reasons", "record_id", "disclosure_json",
                   "leaf_index", "match_probability", "match_weight",
                   "decision_leaf", "taxpayer_digest", "release_profile"});
      static const DecisionColumns where = Columns({"batch_id", "position"});
      const std::string sql = "UPDATE decisions SET " + NameList(set, " = ?") +
                              " WHERE " + NameList(where, " = ?", " AND ") +
                              " AND decision = ?";
      Stmt s(db_, sql.c_str());
      TG_RETURN_IF_ERROR(s.Prepared());
      for (const auto& d : ws.reviewed) {
        BindDecisionColumns(s, d, set);
        BindDecisionColumns(s, d, where, static_cast<int>(set.size()) + 1);
        s.Bind(static_cast<int>(set.size() + where.size()) + 1, kReview);
        TG_RETURN_IF_ERROR(s.StepDone());
        if (sqlite3_changes(db_) != 1) {
          return Status::FailedPrecondition(
              "request at position " + std::to_string(d.position) +
              " of batch " + d.batch_id.substr(0, 12) +
              " is not waiting for review (decided already?)");
        }
      }
    }
    if (!ws.answered.empty()) {
      static const DecisionColumns set =
          Columns({"decision", "reasons", "decision_leaf", "leaf_index"});
      static const DecisionColumns where = Columns({"batch_id", "position"});
      const std::string sql = "UPDATE decisions SET " + NameList(set, " = ?") +
                              " WHERE " + NameList(where, " = ?", " AND ") +
                              " AND leaf_index = -1 AND decision <> ?";
      Stmt s(db_, sql.c_str());
      TG_RETURN_IF_ERROR(s.Prepared());
      for (const auto& d : ws.answered) {
        BindDecisionColumns(s, d, set);
        BindDecisionColumns(s, d, where, static_cast<int>(set.size()) + 1);
        s.Bind(static_cast<int>(set.size() + where.size()) + 1, kReview);
        TG_RETURN_IF_ERROR(s.StepDone());
        if (sqlite3_changes(db_) != 1) {
          return Status::FailedPrecondition(
              "request at position " + std::to_string(d.position) +
              " of batch " + d.batch_id.substr(0, 12) +
              " was answered already, or is still in review");
        }
      }
    }
    if (!ws.meta.empty()) {
      Stmt s(db_, "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)");
      TG_RETURN_IF_ERROR(s.Prepared());
      for (const auto& [k, v] : ws.meta) {
        s.Bind(1, k);
        s.Bind(2, v);
        TG_RETURN_IF_ERROR(s.StepDone());
      }
    }
    if (!ws.checkpoints.empty()) {
      // A checkpoint signs the tree as committed, in this transaction: one
      // made over an older tree (another command wrote since it was made)
      // is refused, so no checkpoint is ever stored after a larger one.
      const int64_t size_after = size + static_cast<int64_t>(ws.leaves.size());
      for (const auto& c : ws.checkpoints) {
        if (c.tree_size != size_after) {
          return Status::Aborted(
              "another command wrote to the store while this one ran (the "
              "checkpoint signs " +
              std::to_string(c.tree_size) + " entries, the log holds " +
              std::to_string(size_after) + "): running it again is safe");
        }
        if (size_after == 0) continue;
        Stmt r(db_, "SELECT root_after FROM audit_leaves WHERE leaf_index = ?");
        TG_RETURN_IF_ERROR(r.Prepared());
        r.Bind(1, size_after - 1);
        if (r.Step() != SQLITE_ROW || ToHash(r.Blob(0)) != c.root) {
          return Status::FailedPrecondition(
              "the checkpoint's root is not the stored log's root after "
              "entry " +
              std::to_string(size_after - 1));
        }
      }
      Stmt s(db_,
             "INSERT INTO checkpoints(tree_size, root, note, key, created_at) "
             "VALUES (?,?,?,?,?)");
      TG_RETURN_IF_ERROR(s.Prepared());
      for (const auto& c : ws.checkpoints) {
        s.Bind(1, c.tree_size);
        s.BindBlob(2, c.root.data(), c.root.size());
        s.Bind(3, c.note);
        s.Bind(4, c.key);
        s.Bind(5, c.created_at);
        TG_RETURN_IF_ERROR(s.StepDone());
      }
    }
    return Status::Ok();
  }

  sqlite3* db_;
  std::string path_;
  std::mutex read_by_id_mu_;
  std::unique_ptr<Stmt> read_by_id_;  // ReadRecordsById's, once prepared
};

}  // namespace

namespace {

// `path` as an SQLite URI file name (its '%', '?' and '#' escaped).
std::string UriOf(const std::string& path) {
  std::string out = "file:";
  for (char c : path) {
    if (c == '%' || c == '?' || c == '#') {
      static const char kHex[] = "0123456789ABCDEF";
      out += '%';
      out += kHex[(static_cast<unsigned char>(c) >> 4) & 15];
      out += kHex[static_cast<unsigned char>(c) & 15];
    } else {
      out += c;
    }
  }
  return out;
}

// Opens `name` (a path or URI) of the store at `path`; errors do not name
// the store (the callers do).
Result<std::unique_ptr<SqliteDatabase>> OpenWith(const std::string& path,
                                                 const std::string& name,
                                                 int flags, OpenMode mode) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(name.c_str(), &db, flags | SQLITE_OPEN_FULLMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Status::Unavailable("cannot open SQLite store: " + msg);
  }
  auto out = std::make_unique<SqliteDatabase>(db, path);
  Status s = out->Init(mode);
  if (!s.ok()) return out->OpenFailure(s);
  return out;
}

Result<std::unique_ptr<Database>> OpenReadOnly(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    return Status::NotFound(path + ": no store there");
  }
  const std::string uri = UriOf(path);
  auto ro =
      OpenWith(path, uri + "?mode=ro", SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
               OpenMode::kReadOnly);
  if (ro.ok()) return std::unique_ptr<Database>(std::move(ro).value());
  if (ro.status().code() == StatusCode::kFailedPrecondition ||
      ro.status().code() == StatusCode::kNotFound) {
    return Status(ro.status().code(),
                  path + ": " + std::string(ro.status().message()));
  }
  // The shared-memory file could be neither opened nor made (a read-only
  // folder, another owner's store): the file alone, as immutable, unless a
  // write-ahead log holds transactions the file does not.
  struct stat wal;
  if (::stat((path + "-wal").c_str(), &wal) == 0 && wal.st_size > 0) {
    return Status::Unavailable(
        path + ": cannot be read read-only (" +
        std::string(ro.status().message()) + ") and its write-ahead log " +
        path +
        "-wal holds transactions the file alone lacks: give this user write "
        "access to the folder, or read a copy made by `taxgate backup`");
  }
  auto frozen =
      OpenWith(path, uri + "?mode=ro&immutable=1",
               SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, OpenMode::kReadOnly);
  if (!frozen.ok()) {
    return Status(frozen.status().code(),
                  path + ": " + std::string(frozen.status().message()));
  }
  return std::unique_ptr<Database>(std::move(frozen).value());
}

}  // namespace

Result<std::unique_ptr<Database>> OpenSqliteDatabase(const std::string& path,
                                                     OpenMode mode) {
  if (mode == OpenMode::kReadOnly) return OpenReadOnly(path);
  // A new store is made owner-only whatever the umask (SQLite gives its WAL
  // and shared-memory files the mode of the database file).
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    (void)::fchmod(fd, 0600);
    ::close(fd);
  }
  auto db =
      OpenWith(path, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, mode);
  if (!db.ok()) {
    return Status(db.status().code(),
                  path + ": " + std::string(db.status().message()));
  }
  return std::unique_ptr<Database>(std::move(db).value());
}

}  // namespace taxgate::storage
