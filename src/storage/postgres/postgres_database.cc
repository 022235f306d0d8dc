#include "storage/postgres/postgres_database.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <type_traits>
#include <variant>

#include "common/crypto.h"
#include "common/strings.h"
#include "storage/decision_columns.h"
#include "storage/postgres/postgres_database_internal.h"
#include "storage/postgres/schema_sql.h"

namespace taxgate::storage {
namespace {

using internal::AllColumns;
using internal::Columns;
using internal::DecisionColumn;
using internal::DecisionColumns;
using internal::PostgresMigration;

// The lock a read-write open holds while it makes or migrates the schema
// (pg_advisory_xact_lock; "taxgate" in ASCII): two processes opening a new
// database at once take turns, and the second one finds the store made.
constexpr int64_t kSchemaLockKey = 0x7461786761746500;

// Rows per page of a long read (records, audit leaves) and per multi-row
// INSERT (PostgreSQL takes at most 65535 parameters in one statement).
constexpr int kPageRows = 5000;
constexpr size_t kInsertRows = 500;

const std::string kReview = domain::OutcomeName(domain::Outcome::kReview);

struct PgResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

// The parameters of one statement: text in text format, bytes in binary
// format (bytea), a missing value as NULL. Values are never put in the SQL.
class Params {
 public:
  void Text(std::string v) { Add(std::move(v), 0); }
  void Bytes(std::string v) { Add(std::move(v), 1); }
  void Bytes(const Hash256& h) {
    Bytes(std::string(reinterpret_cast<const char*>(h.data()), h.size()));
  }
  void Int(int64_t v) { Text(std::to_string(v)); }
  void Real(std::optional<double> v) {
    if (!v) {
      Add(std::nullopt, 0);
    } else if (std::isnan(*v)) {
      Text("NaN");
    } else if (std::isinf(*v)) {
      Text(*v > 0 ? "Infinity" : "-Infinity");
    } else {
      // 17 significant digits: the double read back is the one sent.
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.17g", *v);
      Text(buf);
    }
  }
  int size() const { return static_cast<int>(values_.size()); }

  // The arrays PQexecParams takes; valid until the next change.
  const char* const* values() {
    pointers_.clear();
    for (const auto& v : values_) {
      pointers_.push_back(v ? v->data() : nullptr);
    }
    return pointers_.data();
  }
  const int* lengths() const { return lengths_.data(); }
  const int* formats() const { return formats_.data(); }

 private:
  void Add(std::optional<std::string> v, int format) {
    lengths_.push_back(v ? static_cast<int>(v->size()) : 0);
    values_.push_back(std::move(v));
    formats_.push_back(format);
  }
  std::vector<std::optional<std::string>> values_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
  std::vector<const char*> pointers_;
};

// "$first, $first+1, ..., $first+n-1".
std::string Placeholders(int first, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    if (i > 0) out += ", ";
    out += '$';
    out += std::to_string(first + i);
  }
  return out;
}

// "a, b, c"; with `assign`, "a = $first, b = $first+1, ...".
std::string NameList(const DecisionColumns& cols, bool assign = false,
                     int first = 1) {
  std::string out;
  for (size_t i = 0; i < cols.size(); ++i) {
    if (i > 0) out += ", ";
    out += cols[i]->name;
    if (assign) out += " = $" + std::to_string(first + static_cast<int>(i));
  }
  return out;
}

void AddDecisionColumns(Params& p, const DecisionRow& d,
                        const DecisionColumns& cols) {
  for (const DecisionColumn* c : cols) {
    std::visit(
        [&](auto member) {
          using T = std::remove_cvref_t<decltype(d.*member)>;
          if constexpr (std::is_same_v<T, std::string>) {
            p.Text(d.*member);
          } else if constexpr (std::is_same_v<T, int64_t>) {
            p.Int(d.*member);
          } else if constexpr (std::is_same_v<T, domain::Outcome>) {
            p.Text(std::string(domain::OutcomeName(d.*member)));
          } else {
            p.Real(d.*member);
          }
        },
        c->member);
  }
}

// Reading a text-format result.
std::string Text(const PGresult* r, int row, int col) {
  return std::string(PQgetvalue(r, row, col), PQgetlength(r, row, col));
}
int64_t Int(const PGresult* r, int row, int col) {
  return std::strtoll(PQgetvalue(r, row, col), nullptr, 10);
}
std::optional<double> Real(const PGresult* r, int row, int col) {
  if (PQgetisnull(r, row, col)) return std::nullopt;
  return std::strtod(PQgetvalue(r, row, col), nullptr);
}
// A bytea column (text format: \x followed by hex digits).
std::string Bytes(const PGresult* r, int row, int col) {
  size_t n = 0;
  unsigned char* raw = PQunescapeBytea(
      reinterpret_cast<const unsigned char*>(PQgetvalue(r, row, col)), &n);
  if (raw == nullptr) return {};
  std::string out(reinterpret_cast<const char*>(raw), n);
  PQfreemem(raw);
  return out;
}
Hash256 HashOf(const std::string& s) {
  Hash256 h{};
  if (s.size() == h.size()) std::memcpy(h.data(), s.data(), h.size());
  return h;
}

Result<DecisionRow> ReadDecisionRow(const PGresult* r, int row,
                                    const DecisionColumns& cols) {
  DecisionRow d;
  Status bad = Status::Ok();
  for (int i = 0; i < static_cast<int>(cols.size()); ++i) {
    std::visit(
        [&](auto member) {
          using T = std::remove_cvref_t<decltype(d.*member)>;
          if constexpr (std::is_same_v<T, std::string>) {
            d.*member = Text(r, row, i);
          } else if constexpr (std::is_same_v<T, int64_t>) {
            d.*member = Int(r, row, i);
          } else if constexpr (std::is_same_v<T, domain::Outcome>) {
            std::string text = Text(r, row, i);
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
            d.*member = Real(r, row, i);
          }
        },
        cols[i]->member);
  }
  if (!bad.ok()) return bad;
  return d;
}

// The status of a failed statement, from PostgreSQL's SQLSTATE. As in the
// SQLite store, a stored row written again is AlreadyExists; a server out
// of reach (connection, resources, shutdown) Unavailable; a transaction the
// server chose to cancel (serialization, deadlock) Aborted, safe to retry.
StatusCode CodeOf(const std::string& state) {
  if (state == "23505") return StatusCode::kAlreadyExists;
  if (StartsWith(state, "23")) return StatusCode::kFailedPrecondition;
  if (state == "25006") return StatusCode::kFailedPrecondition;  // read only
  if (state == "40001" || state == "40P01") return StatusCode::kAborted;
  if (state == "42501") return StatusCode::kPermissionDenied;
  if (StartsWith(state, "42")) return StatusCode::kInternal;
  if (StartsWith(state, "22")) return StatusCode::kInvalidArgument;
  return StatusCode::kUnavailable;
}

// The first line of a libpq message, without "ERROR:  " and the newline.
std::string FirstLine(std::string msg) {
  if (size_t nl = msg.find('\n'); nl != std::string::npos) msg.resize(nl);
  for (const char* prefix : {"ERROR:  ", "FATAL:  "}) {
    if (StartsWith(msg, prefix)) msg = msg.substr(std::strlen(prefix));
  }
  return std::string(Trim(msg));
}

// Every line of a libpq message (a connection error names each address it
// tried), on one line.
std::string OneLine(const std::string& msg) {
  std::string out;
  for (const std::string& line : Split(msg, '\n')) {
    std::string_view t = Trim(line);
    if (t.empty()) continue;
    if (!out.empty()) out += "; ";
    out += t;
  }
  return out;
}

void IgnoreNotice(void*, const char*) {}

void PutBigEndian(std::string& out, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) {
    out += static_cast<char>((v >> (8 * i)) & 0xff);
  }
}

class PostgresDatabase : public Database {
 public:
  PostgresDatabase(PGconn* conn, std::string name, bool read_only)
      : conn_(conn), name_(std::move(name)), read_only_(read_only) {}
  ~PostgresDatabase() override { PQfinish(conn_); }

  // Settings of the session, made again after a reconnection.
  Status SetUpSession() {
    PQsetNoticeProcessor(conn_, &IgnoreNotice, nullptr);
    if (PQsetClientEncoding(conn_, "UTF8") != 0) {
      return Status::Unavailable(name_ + ": set client encoding UTF8: " +
                                 FirstLine(PQerrorMessage(conn_)));
    }
    if (read_only_) {
      TG_RETURN_IF_ERROR(
          Exec("set read-only", "SET default_transaction_read_only = on")
              .status());
    }
    return Status::Ok();
  }

  Status Init(int version, const std::vector<PostgresMigration>& migrations) {
    if (read_only_) return CheckSchemaReadOnly(version);
    TG_RETURN_IF_ERROR(Begin("BEGIN"));
    Status s = MakeOrMigrate(version, migrations);
    return End(s);
  }

  // Init failed: a server that cannot be reached is not a damaged store.
  Status OpenFailure(const Status& s) {
    switch (s.code()) {
      case StatusCode::kInternal:
      case StatusCode::kAlreadyExists:
        return Status::DataLoss(name_ +
                                ": not a usable taxgate store: " + s.message());
      default:
        return s;
    }
  }

  Status Commit(const WriteSet& ws) override {
    if (read_only_) {
      return Status::FailedPrecondition(
          name_ + ": the store was opened read-only: nothing is written");
    }
    if (in_transaction_) {
      return Status::Internal("Commit called inside a read of the store");
    }
    TG_RETURN_IF_ERROR(Begin("BEGIN"));
    Status s = CommitInTransaction(ws);
    if (s.ok()) {
      s = Exec("commit", "COMMIT").status();
      in_transaction_ = false;
      if (!s.ok() && PQstatus(conn_) != CONNECTION_OK) {
        // (The connection may be gone with the COMMIT's answer: whether it
        // was applied is unknown; a command run again starts from what the
        // store holds.)
        return Status(s.code(),
                      s.message() +
                          "; whether this commit was applied is unknown: run "
                          "the same command again (safe: it starts from what "
                          "the store holds)");
      }
      return s;
    }
    return End(s);
  }

  static domain::Record RecordOf(const PGresult* g, int i) {
    domain::Record rec;
    rec.record_id = Text(g, i, 0);
    rec.tin = Text(g, i, 1);
    rec.first_name = Text(g, i, 2);
    rec.middle_name = Text(g, i, 3);
    rec.last_name = Text(g, i, 4);
    rec.dob = Text(g, i, 5);
    rec.street = Text(g, i, 6);
    rec.unit = Text(g, i, 7);
    rec.city = Text(g, i, 8);
    rec.state = Text(g, i, 9);
    rec.zip = Text(g, i, 10);
    rec.tax_year = static_cast<int>(Int(g, i, 11));
    rec.source =
        domain::ParseSource(Text(g, i, 12)).value_or(domain::Source::kReturn);
    return rec;
  }

  Result<std::vector<domain::Record>> ReadRecordsById(
      const std::vector<std::string>& ids) override {
    std::vector<domain::Record> out;
    for (const auto& id : ids) {
      Params p;
      p.Text(id);
      TG_ASSIGN_OR_RETURN(
          PgResult r,
          Exec("read a record",
               "SELECT record_id, tin, first_name, middle_name, last_name, "
               "dob, street, unit, city, state, zip, tax_year, source FROM "
               "records WHERE record_id = $1",
               p));
      if (PQntuples(r.get()) == 1) out.push_back(RecordOf(r.get(), 0));
    }
    return out;
  }

  Result<std::vector<domain::Record>> ReadRecords() override {
    std::vector<domain::Record> out;
    TG_RETURN_IF_ERROR(InSnapshot([&]() -> Status {
      std::string after;
      for (bool first = true;; first = false) {
        Params p;
        std::string sql =
            "SELECT record_id, tin, first_name, middle_name, last_name, dob, "
            "street, unit, city, state, zip, tax_year, source FROM records ";
        if (!first) {
          sql += "WHERE record_id > $1 ";
          p.Text(after);
        }
        sql += "ORDER BY record_id LIMIT " + std::to_string(kPageRows);
        TG_ASSIGN_OR_RETURN(PgResult r, Exec("read records", sql, p));
        const int n = PQntuples(r.get());
        for (int i = 0; i < n; ++i) out.push_back(RecordOf(r.get(), i));
        if (n < kPageRows) return Status::Ok();
        after = out.back().record_id;
      }
    }));
    return out;
  }

  Result<int64_t> CountRecords() override {
    return ScalarInt("count records", "SELECT count(*) FROM records");
  }

  Result<std::vector<domain::Official>> ReadOfficials() override {
    TG_ASSIGN_OR_RETURN(
        PgResult r,
        Exec("read officials",
             "SELECT official_id, name, agency, title, role, valid_from, "
             "valid_to, public_key, revoked_on FROM officials ORDER BY "
             "official_id"));
    std::vector<domain::Official> out;
    const PGresult* g = r.get();
    for (int i = 0; i < PQntuples(g); ++i) {
      domain::Official o;
      o.official_id = Text(g, i, 0);
      o.name = Text(g, i, 1);
      o.agency = Text(g, i, 2);
      o.title = Text(g, i, 3);
      o.role = domain::ParseRole(Text(g, i, 4))
                   .value_or(domain::Role::kInvestigator);
      o.valid_from = Text(g, i, 5);
      o.valid_to = Text(g, i, 6);
      o.public_key = Text(g, i, 7);
      o.revoked_on = Text(g, i, 8);
      out.push_back(std::move(o));
    }
    return out;
  }

  Result<std::optional<BatchRow>> FindBatch(
      const std::string& batch_id) override {
    Params p;
    p.Text(batch_id);
    TG_ASSIGN_OR_RETURN(
        PgResult r,
        Exec("find batch",
             "SELECT batch_id, source_name, request_count, received_at, as_of "
             "FROM batches WHERE batch_id = $1",
             p));
    const PGresult* g = r.get();
    if (PQntuples(g) == 0) return std::optional<BatchRow>();
    return std::optional<BatchRow>(BatchRow{Text(g, 0, 0), Text(g, 0, 1),
                                            Int(g, 0, 2), Text(g, 0, 3),
                                            Text(g, 0, 4)});
  }

  Result<std::vector<DecisionRow>> ReadDecisions(
      const std::string& batch_id) override {
    Params p;
    p.Text(batch_id);
    return ReadDecisionRows(
        "read decisions",
        "SELECT " + NameList(AllColumns()) +
            " FROM decisions WHERE batch_id = $1 ORDER BY position",
        p, AllColumns());
  }

  Result<std::vector<DecisionRow>> ReadPendingReviews() override {
    Params p;
    p.Text(kReview);
    return ReadDecisionRows("read pending reviews",
                            "SELECT " + NameList(AllColumns()) +
                                " FROM decisions WHERE decision = $1 ORDER "
                                "BY seq",
                            p, AllColumns());
  }

  Result<std::vector<DecisionRow>> ReadHistory(
      const std::string& since, const std::string& exclude) override {
    static const DecisionColumns cols =
        Columns({"batch_id", "position", "agency", "request_id", "official_id",
                 "case_number", "name_key", "dob_key", "decided_on", "decision",
                 "reasons", "reason_norm"});
    Params p;
    p.Text(since);
    p.Text(exclude);
    return ReadDecisionRows("read history",
                            "SELECT " + NameList(cols) +
                                " FROM decisions WHERE decided_on >= $1 AND "
                                "batch_id <> $2 ORDER BY decided_on, "
                                "batch_id, position",
                            p, cols);
  }

  Result<std::string> LatestDecisionDate() override {
    TG_ASSIGN_OR_RETURN(
        PgResult r,
        Exec("latest decision date",
             "SELECT COALESCE(MAX(decided_on), '') FROM decisions"));
    return Text(r.get(), 0, 0);
  }

  Result<std::vector<Flag>> ReadFlags(const std::string& kind) override {
    Params p;
    p.Text(kind);
    TG_ASSIGN_OR_RETURN(PgResult r, Exec("read flags",
                                         "SELECT kind, key, note, set_on FROM "
                                         "flags WHERE kind = $1 ORDER BY key",
                                         p));
    std::vector<Flag> out;
    const PGresult* g = r.get();
    for (int i = 0; i < PQntuples(g); ++i) {
      out.push_back(
          Flag{Text(g, i, 0), Text(g, i, 1), Text(g, i, 2), Text(g, i, 3)});
    }
    return out;
  }

  Result<int64_t> AuditSize() override {
    return ScalarInt("audit size", "SELECT count(*) FROM audit_leaves");
  }

  Result<std::vector<CheckpointRow>> ReadCheckpoints() override {
    return ReadCheckpointRows("read checkpoints",
                              "SELECT id, tree_size, root, note, key, "
                              "created_at FROM checkpoints ORDER BY id",
                              {});
  }

  Result<std::vector<CheckpointRow>> ReadLatestCheckpoints(size_t n) override {
    Params p;
    p.Int(static_cast<int64_t>(n));
    TG_ASSIGN_OR_RETURN(
        auto out, ReadCheckpointRows("read latest checkpoints",
                                     "SELECT id, tree_size, root, note, key, "
                                     "created_at FROM checkpoints ORDER BY id "
                                     "DESC LIMIT $1",
                                     p));
    std::reverse(out.begin(), out.end());
    return out;
  }

  Result<std::string> ReadMeta(const std::string& key) override {
    Params p;
    p.Text(key);
    TG_ASSIGN_OR_RETURN(
        PgResult r,
        Exec("read meta", "SELECT value FROM meta WHERE key = $1", p));
    if (PQntuples(r.get()) == 0) return Status::NotFound("meta: no " + key);
    return Text(r.get(), 0, 0);
  }

  Result<std::string> LogId() override {
    auto id = ReadMeta("log_id");
    if (id.status().code() == StatusCode::kNotFound) {
      return Status::DataLoss(name_ + ": store has no log_id");
    }
    return id;
  }

  Result<AuditLeaf> ReadAuditLeaf(int64_t index) override {
    Params p;
    p.Int(index);
    TG_ASSIGN_OR_RETURN(PgResult r,
                        Exec("read audit leaf",
                             "SELECT leaf_index, entry, leaf_hash, root_after "
                             "FROM audit_leaves WHERE leaf_index = $1",
                             p));
    if (PQntuples(r.get()) == 0) {
      return Status::NotFound("audit leaf " + std::to_string(index) +
                              " does not exist");
    }
    return LeafAt(r.get(), 0);
  }

  // Page by page in one snapshot (REPEATABLE READ): the leaves as of one
  // moment, as SQLite's one statement reads them, without holding the
  // whole log in memory.
  Status ScanAuditLeaves(
      const std::function<Status(const AuditLeaf&)>& fn) override {
    return InSnapshot([&]() -> Status {
      for (int64_t next = std::numeric_limits<int64_t>::min();;) {
        Params p;
        p.Int(next);
        TG_ASSIGN_OR_RETURN(
            PgResult r,
            Exec("scan audit leaves",
                 "SELECT leaf_index, entry, leaf_hash, root_after FROM "
                 "audit_leaves WHERE leaf_index >= $1 ORDER BY leaf_index "
                 "LIMIT " +
                     std::to_string(kPageRows),
                 p));
        const int n = PQntuples(r.get());
        for (int i = 0; i < n; ++i) {
          AuditLeaf leaf = LeafAt(r.get(), i);
          next = leaf.index + 1;
          TG_RETURN_IF_ERROR(fn(leaf));
        }
        if (n < kPageRows) return Status::Ok();
      }
    });
  }

  Status CopyTo(const std::string&) override {
    return Status::FailedPrecondition(
        name_ +
        ": taxgate copies only SQLite stores; back up a PostgreSQL store with "
        "pg_dump (pg_dump --format=custom --file=FILE '<url>'; pg_restore "
        "into an empty database to restore) and copy its key folder "
        "(TAXGATE_KEYS_DIR) with it: docs/postgresql.md, \"Backups\"");
  }

 private:
  // Runs `sql` with `p`. Errors name the server, `what` failed and
  // PostgreSQL's message (its first line: details may quote row values,
  // which stay out of messages).
  Result<PgResult> Exec(const char* what, const std::string& sql,
                        Params p = {}) {
    TG_RETURN_IF_ERROR(EnsureConnected());
    const int n = p.size();
    PgResult r(PQexecParams(conn_, sql.c_str(), n, nullptr, p.values(),
                            p.lengths(), p.formats(), /*resultFormat=*/0));
    return Checked(what, std::move(r));
  }

  // A script of several statements, without parameters (the schema).
  Status ExecScript(const char* what, const char* sql) {
    TG_RETURN_IF_ERROR(EnsureConnected());
    return Checked(what, PgResult(PQexec(conn_, sql))).status();
  }

  Result<PgResult> Checked(const char* what, PgResult r) {
    const ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ||
        st == PGRES_COPY_IN) {
      return r;
    }
    return Failure(what, r.get());
  }

  Status Failure(const char* what, const PGresult* r) {
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    const char* primary =
        r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    std::string msg = primary ? std::string(primary)
                              : FirstLine(r ? PQresultErrorMessage(r)
                                            : PQerrorMessage(conn_));
    if (msg.empty()) msg = FirstLine(PQerrorMessage(conn_));
    if (state) msg += " (SQLSTATE " + std::string(state) + ")";
    return Status(CodeOf(state ? state : ""), name_ + ": " + what + ": " + msg);
  }

  // A connection lost between two operations is made again (never inside
  // a transaction: the rest of it would run outside it).
  Status EnsureConnected() {
    if (PQstatus(conn_) == CONNECTION_OK) return Status::Ok();
    if (in_transaction_) {
      return Status::Unavailable(name_ + ": the connection was lost: " +
                                 FirstLine(PQerrorMessage(conn_)));
    }
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) {
      return Status::Unavailable(
          name_ + ": cannot reconnect: " + OneLine(PQerrorMessage(conn_)));
    }
    return SetUpSession();
  }

  Status Begin(const char* sql) {
    TG_RETURN_IF_ERROR(Exec("begin", sql).status());
    in_transaction_ = true;
    return Status::Ok();
  }

  // Commits when `s` is OK, else rolls back; returns the first failure.
  Status End(Status s) {
    if (s.ok()) s = Exec("commit", "COMMIT").status();
    if (!s.ok() && PQtransactionStatus(conn_) != PQTRANS_IDLE) {
      (void)Exec("rollback", "ROLLBACK");
    }
    in_transaction_ = false;
    return s;
  }

  // Runs `fn` in one read-only REPEATABLE READ transaction (or in the one
  // already open).
  Status InSnapshot(const std::function<Status()>& fn) {
    if (in_transaction_) return fn();
    TG_RETURN_IF_ERROR(
        Begin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
    return End(fn());
  }

  Result<int64_t> ScalarInt(const char* what, const std::string& sql,
                            Params p = {}) {
    TG_ASSIGN_OR_RETURN(PgResult r, Exec(what, sql, std::move(p)));
    if (PQntuples(r.get()) != 1) {
      return Status::Internal(name_ + ": " + what + ": no row");
    }
    return Int(r.get(), 0, 0);
  }

  Result<std::vector<DecisionRow>> ReadDecisionRows(
      const char* what, const std::string& sql, Params p,
      const DecisionColumns& cols) {
    TG_ASSIGN_OR_RETURN(PgResult r, Exec(what, sql, std::move(p)));
    std::vector<DecisionRow> out;
    for (int i = 0; i < PQntuples(r.get()); ++i) {
      TG_ASSIGN_OR_RETURN(DecisionRow d, ReadDecisionRow(r.get(), i, cols));
      out.push_back(std::move(d));
    }
    return out;
  }

  Result<std::vector<CheckpointRow>> ReadCheckpointRows(const char* what,
                                                        const std::string& sql,
                                                        Params p) {
    TG_ASSIGN_OR_RETURN(PgResult r, Exec(what, sql, std::move(p)));
    std::vector<CheckpointRow> out;
    const PGresult* g = r.get();
    for (int i = 0; i < PQntuples(g); ++i) {
      out.push_back({Int(g, i, 0), Int(g, i, 1), HashOf(Bytes(g, i, 2)),
                     Text(g, i, 3), Text(g, i, 4), Text(g, i, 5)});
    }
    return out;
  }

  static AuditLeaf LeafAt(const PGresult* r, int row) {
    return AuditLeaf{Int(r, row, 0), Bytes(r, row, 1), HashOf(Bytes(r, row, 2)),
                     HashOf(Bytes(r, row, 3))};
  }

  // The store's schema version: 0 when the database holds no store.
  Result<int> StoredVersion() {
    TG_ASSIGN_OR_RETURN(
        PgResult r,
        Exec("look for the store", "SELECT to_regclass('meta') IS NOT NULL"));
    if (Text(r.get(), 0, 0) != "t") return 0;
    TG_ASSIGN_OR_RETURN(
        PgResult v,
        Exec("read the schema version",
             "SELECT value FROM meta WHERE key = 'schema_version'"));
    if (PQntuples(v.get()) == 0) return -1;
    auto n = ParseInt(Text(v.get(), 0, 0));
    if (!n || *n < 1) {
      return Status::DataLoss(name_ + ": the store's schema version is '" +
                              Text(v.get(), 0, 0) + "', not a number");
    }
    return static_cast<int>(*n);
  }

  Status NewerSchema(int stored, int version) {
    return Status::FailedPrecondition(
        name_ + ": the store is of schema " + std::to_string(stored) +
        ", newer than this taxgate's (" + std::to_string(version) +
        "): a later taxgate wrote it; use that taxgate (or a newer one), "
        "never an older one, on this store");
  }

  Status MakeOrMigrate(int version,
                       const std::vector<PostgresMigration>& migrations) {
    Params key;
    key.Int(kSchemaLockKey);
    TG_RETURN_IF_ERROR(
        Exec("lock the schema", "SELECT pg_advisory_xact_lock($1)", key)
            .status());
    TG_ASSIGN_OR_RETURN(int stored, StoredVersion());
    if (stored < 0) {
      return Status::DataLoss(
          name_ +
          ": the database holds a meta table without a taxgate schema "
          "version: not a taxgate store (use an empty database)");
    }
    if (stored > version) return NewerSchema(stored, version);
    if (stored == 0) {
      TG_RETURN_IF_ERROR(ExecScript("make the schema", kPostgresSchemaSql));
      const std::string random = RandomBytes(16);
      Params id;
      id.Text(ToHex(reinterpret_cast<const uint8_t*>(random.data()),
                    random.size()));
      TG_RETURN_IF_ERROR(
          Exec("make the log id",
               "INSERT INTO meta(key, value) VALUES ('log_id', $1)", id)
              .status());
      stored = 1;
    }
    for (const PostgresMigration& m : migrations) {
      if (m.to <= stored) continue;
      if (m.to != stored + 1) {
        return Status::Internal("no migration to schema " +
                                std::to_string(stored + 1));
      }
      const std::string what = "migrate to schema " + std::to_string(m.to);
      TG_RETURN_IF_ERROR(ExecScript(what.c_str(), m.sql));
      stored = m.to;
    }
    if (stored != version) {
      return Status::Internal("migrations end at schema " +
                              std::to_string(stored) + ", not " +
                              std::to_string(version));
    }
    Params v;
    v.Text(std::to_string(version));
    return Exec("write the schema version",
                "INSERT INTO meta(key, value) VALUES ('schema_version', $1) "
                "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                v)
        .status();
  }

  // A read-only open changes nothing: the store must be of this schema.
  Status CheckSchemaReadOnly(int version) {
    TG_ASSIGN_OR_RETURN(int stored, StoredVersion());
    if (stored == 0) {
      return Status::NotFound(
          name_ +
          ": holds no taxgate store (a command that only reads never makes "
          "one; check --db, or load the store first)");
    }
    if (stored < 0) {
      return Status::NotFound(
          name_ + ": holds no finished store (no schema version; check --db)");
    }
    if (stored > version) return NewerSchema(stored, version);
    if (stored < version) {
      return Status::FailedPrecondition(
          name_ + ": the store is of schema " + std::to_string(stored) +
          ", this taxgate reads " + std::to_string(version) +
          " read-only: open it once with a command that writes (it is "
          "migrated in place) or use the taxgate that made it");
    }
    return Status::Ok();
  }

  Status CommitInTransaction(const WriteSet& ws) {
    // Commits take turns on the store: the size read next is the one the
    // leaves are appended to, whatever other processes do.
    TG_ASSIGN_OR_RETURN(
        PgResult lock, Exec("lock the audit log",
                            "SELECT id FROM log_head WHERE id = 1 FOR UPDATE"));
    if (PQntuples(lock.get()) != 1) {
      return Status::DataLoss(name_ +
                              ": the store's log_head row is missing (the "
                              "store was altered)");
    }
    TG_ASSIGN_OR_RETURN(
        const int64_t size,
        ScalarInt("read the audit size",
                  "SELECT COALESCE(MAX(leaf_index) + 1, 0) FROM audit_leaves"));
    if (!ws.leaves.empty() && ws.leaves.front().index != size) {
      return Status::Aborted(
          "another command wrote to the store while this one ran (the "
          "audit log has " +
          std::to_string(size) + " entries, this command's start at " +
          std::to_string(ws.leaves.front().index) +
          "): nothing of this one was written, and running it again is safe");
    }
    if (ws.replace_records) {
      TG_RETURN_IF_ERROR(ReplaceRecords(*ws.replace_records));
    }
    if (ws.change_records) {
      for (const auto& id : ws.change_records->remove) {
        Params p;
        p.Text(id);
        TG_RETURN_IF_ERROR(Exec("remove a record",
                                "DELETE FROM records WHERE record_id = $1", p)
                               .status());
      }
      for (const domain::Record* r : ws.change_records->upsert) {
        Params p;
        for (const std::string* s :
             {&r->record_id, &r->tin, &r->first_name, &r->middle_name,
              &r->last_name, &r->dob, &r->street, &r->unit, &r->city, &r->state,
              &r->zip}) {
          p.Text(*s);
        }
        p.Int(r->tax_year);
        p.Text(domain::SourceName(r->source));
        TG_RETURN_IF_ERROR(
            Exec("write a record",
                 "INSERT INTO records(record_id, tin, first_name, middle_name, "
                 "last_name, dob, street, unit, city, state, zip, tax_year, "
                 "source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
                 "$11, $12, $13) ON CONFLICT (record_id) DO UPDATE SET tin = "
                 "EXCLUDED.tin, first_name = EXCLUDED.first_name, middle_name "
                 "= EXCLUDED.middle_name, last_name = EXCLUDED.last_name, dob "
                 "= EXCLUDED.dob, street = EXCLUDED.street, unit = "
                 "EXCLUDED.unit, city = EXCLUDED.city, state = EXCLUDED.state, "
                 "zip = EXCLUDED.zip, tax_year = EXCLUDED.tax_year, source = "
                 "EXCLUDED.source",
                 p)
                .status());
      }
    }
    for (const auto& o : ws.officials) {
      Params p;
      p.Text(o.official_id);
      p.Text(o.name);
      p.Text(o.agency);
      p.Text(o.title);
      p.Text(std::string(domain::RoleName(o.role)));
      p.Text(o.valid_from);
      p.Text(o.valid_to);
      p.Text(o.public_key);
      p.Text(o.revoked_on);
      TG_RETURN_IF_ERROR(
          Exec("write an official",
               "INSERT INTO officials(official_id, name, agency, title, role, "
               "valid_from, valid_to, public_key, revoked_on) VALUES ($1, $2, "
               "$3, $4, $5, $6, $7, $8, $9) ON CONFLICT (official_id) DO "
               "UPDATE SET name = EXCLUDED.name, agency = EXCLUDED.agency, "
               "title = EXCLUDED.title, role = EXCLUDED.role, valid_from = "
               "EXCLUDED.valid_from, valid_to = EXCLUDED.valid_to, public_key "
               "= EXCLUDED.public_key, revoked_on = EXCLUDED.revoked_on",
               p)
              .status());
    }
    for (const auto& f : ws.set_flags) {
      Params p;
      p.Text(f.kind);
      p.Text(f.key);
      p.Text(f.note);
      p.Text(f.set_on);
      TG_RETURN_IF_ERROR(
          Exec("set a flag",
               "INSERT INTO flags(kind, key, note, set_on) VALUES ($1, $2, $3, "
               "$4) ON CONFLICT (kind, key) DO UPDATE SET note = "
               "EXCLUDED.note, set_on = EXCLUDED.set_on",
               p)
              .status());
    }
    for (const auto& f : ws.lift_flags) {
      Params p;
      p.Text(f.kind);
      p.Text(f.key);
      TG_RETURN_IF_ERROR(Exec("lift a flag",
                              "DELETE FROM flags WHERE kind = $1 AND key = $2",
                              p)
                             .status());
    }
    if (ws.batch) {
      Params p;
      p.Text(ws.batch->batch_id);
      p.Text(ws.batch->source_name);
      p.Int(ws.batch->request_count);
      p.Text(ws.batch->received_at);
      p.Text(ws.batch->as_of);
      TG_RETURN_IF_ERROR(
          Exec("write the batch",
               "INSERT INTO batches(batch_id, source_name, request_count, "
               "received_at, as_of) VALUES ($1, $2, $3, $4, $5) ON CONFLICT "
               "(batch_id) DO NOTHING",
               p)
              .status());
    }
    // Decisions and leaves in multi-row INSERTs, each value a parameter.
    const int ncols = static_cast<int>(AllColumns().size());
    for (size_t from = 0; from < ws.decisions.size(); from += kInsertRows) {
      const size_t to = std::min(ws.decisions.size(), from + kInsertRows);
      std::string sql =
          "INSERT INTO decisions(" + NameList(AllColumns()) + ") VALUES ";
      Params p;
      for (size_t i = from; i < to; ++i) {
        sql += (i == from ? "(" : ", (") +
               Placeholders(1 + static_cast<int>(i - from) * ncols, ncols) +
               ")";
        AddDecisionColumns(p, ws.decisions[i], AllColumns());
      }
      TG_RETURN_IF_ERROR(Exec("write decisions", sql, std::move(p)).status());
    }
    int64_t expect = ws.leaves.empty() ? 0 : ws.leaves.front().index;
    for (const auto& l : ws.leaves) {
      if (l.index != expect++) {
        return Status::Internal("audit leaves are not consecutive");
      }
    }
    for (size_t from = 0; from < ws.leaves.size(); from += kInsertRows) {
      const size_t to = std::min(ws.leaves.size(), from + kInsertRows);
      std::string sql =
          "INSERT INTO audit_leaves(leaf_index, entry, leaf_hash, root_after) "
          "VALUES ";
      Params p;
      for (size_t i = from; i < to; ++i) {
        sql += (i == from ? "(" : ", (") +
               Placeholders(1 + static_cast<int>(i - from) * 4, 4) + ")";
        const AuditLeaf& l = ws.leaves[i];
        p.Int(l.index);
        p.Bytes(l.entry);
        p.Bytes(l.leaf_hash);
        p.Bytes(l.root_after);
      }
      TG_RETURN_IF_ERROR(
          Exec("append audit leaves", sql, std::move(p)).status());
    }
    if (!ws.reviewed.empty()) {
      static const DecisionColumns set =
          Columns({"decision", "reasons", "record_id", "disclosure_json",
                   "leaf_index", "match_probability", "match_weight",
                   "decision_leaf", "taxpayer_digest", "release_profile"});
      const int n = static_cast<int>(set.size());
      const std::string sql =
          "UPDATE decisions SET " + NameList(set, /*assign=*/true) +
          " WHERE batch_id = $" + std::to_string(n + 1) + " AND position = $" +
          std::to_string(n + 2) + " AND decision = $" + std::to_string(n + 3);
      for (const auto& d : ws.reviewed) {
        Params p;
        AddDecisionColumns(p, d, set);
        p.Text(d.batch_id);
        p.Int(d.position);
        p.Text(kReview);
        TG_ASSIGN_OR_RETURN(PgResult r,
                            Exec("settle a review", sql, std::move(p)));
        if (std::string(PQcmdTuples(r.get())) != "1") {
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
      const int n = static_cast<int>(set.size());
      const std::string sql =
          "UPDATE decisions SET " + NameList(set, /*assign=*/true) +
          " WHERE batch_id = $" + std::to_string(n + 1) + " AND position = $" +
          std::to_string(n + 2) + " AND leaf_index = -1 AND decision <> $" +
          std::to_string(n + 3);
      for (const auto& d : ws.answered) {
        Params p;
        AddDecisionColumns(p, d, set);
        p.Text(d.batch_id);
        p.Int(d.position);
        p.Text(kReview);
        TG_ASSIGN_OR_RETURN(PgResult r,
                            Exec("write an answer", sql, std::move(p)));
        if (std::string(PQcmdTuples(r.get())) != "1") {
          return Status::FailedPrecondition(
              "request at position " + std::to_string(d.position) +
              " of batch " + d.batch_id.substr(0, 12) +
              " was answered already, or is still in review");
        }
      }
    }
    for (const auto& [k, v] : ws.meta) {
      Params p;
      p.Text(k);
      p.Text(v);
      TG_RETURN_IF_ERROR(
          Exec("write a setting",
               "INSERT INTO meta(key, value) VALUES ($1, $2) ON CONFLICT (key) "
               "DO UPDATE SET value = EXCLUDED.value",
               p)
              .status());
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
        Params p;
        p.Int(size_after - 1);
        p.Bytes(c.root);
        TG_ASSIGN_OR_RETURN(
            PgResult r, Exec("check a checkpoint's root",
                             "SELECT root_after = $2 FROM audit_leaves WHERE "
                             "leaf_index = $1",
                             p));
        if (PQntuples(r.get()) != 1 || Text(r.get(), 0, 0) != "t") {
          return Status::FailedPrecondition(
              "the checkpoint's root is not the stored log's root after "
              "entry " +
              std::to_string(size_after - 1));
        }
      }
      for (const auto& c : ws.checkpoints) {
        Params p;
        p.Int(c.tree_size);
        p.Bytes(c.root);
        p.Text(c.note);
        p.Text(c.key);
        p.Text(c.created_at);
        TG_RETURN_IF_ERROR(
            Exec("store a checkpoint",
                 "INSERT INTO checkpoints(tree_size, root, note, key, "
                 "created_at) VALUES ($1, $2, $3, $4, $5)",
                 p)
                .status());
      }
    }
    return Status::Ok();
  }

  // The record store replaced whole: emptied (TRUNCATE: readers of the
  // records wait for this transaction) and filled by one COPY in binary
  // format, each field its bytes with their length.
  Status ReplaceRecords(const std::vector<domain::Record>& records) {
    TG_RETURN_IF_ERROR(Exec("empty the records", "TRUNCATE records").status());
    TG_RETURN_IF_ERROR(
        Exec("copy records",
             "COPY records(record_id, tin, first_name, middle_name, "
             "last_name, dob, street, unit, city, state, zip, tax_year, "
             "source) FROM STDIN (FORMAT binary)")
            .status());
    std::string buf("PGCOPY\n\377\r\n\0", 11);
    PutBigEndian(buf, 0, 4);  // flags
    PutBigEndian(buf, 0, 4);  // header extension
    auto text = [&](const std::string& s) {
      PutBigEndian(buf, s.size(), 4);
      buf += s;
    };
    Status sent = Status::Ok();
    auto flush = [&] {
      if (sent.ok() && !buf.empty() &&
          PQputCopyData(conn_, buf.data(), static_cast<int>(buf.size())) != 1) {
        sent = Status::Unavailable(
            name_ + ": copy records: " + FirstLine(PQerrorMessage(conn_)));
      }
      buf.clear();
    };
    for (const auto& r : records) {
      PutBigEndian(buf, 13, 2);
      for (const std::string* s :
           {&r.record_id, &r.tin, &r.first_name, &r.middle_name, &r.last_name,
            &r.dob, &r.street, &r.unit, &r.city, &r.state, &r.zip}) {
        text(*s);
      }
      PutBigEndian(buf, 8, 4);
      PutBigEndian(buf, static_cast<uint64_t>(static_cast<int64_t>(r.tax_year)),
                   8);
      text(std::string(domain::SourceName(r.source)));
      if (buf.size() >= (1 << 20)) flush();
    }
    PutBigEndian(buf, 0xffff, 2);  // the trailer: -1
    flush();
    if (PQputCopyEnd(conn_, sent.ok() ? nullptr : "taxgate: send failed") !=
            1 &&
        sent.ok()) {
      sent = Status::Unavailable(
          name_ + ": copy records: " + FirstLine(PQerrorMessage(conn_)));
    }
    // The COPY's own result, then the end of the command.
    Status s = Status::Ok();
    while (PGresult* raw = PQgetResult(conn_)) {
      PgResult r(raw);
      if (s.ok()) s = Checked("copy records", std::move(r)).status();
    }
    return sent.ok() ? s : sent;
  }

  PGconn* conn_;
  std::string name_;  // the URL without its password
  bool read_only_;
  bool in_transaction_ = false;
};

}  // namespace

namespace internal {

int PostgresSchemaVersion() { return 1; }

// Schema 1 is postgres/schema.sql. A later schema adds its step here (the
// SQL that brings version N - 1 to N) and changes schema.sql to make version
// N directly; a store of an older version is migrated in the transaction
// that opens it.
const std::vector<PostgresMigration>& PostgresMigrations() {
  static const std::vector<PostgresMigration> kMigrations = {};
  return kMigrations;
}

Result<std::unique_ptr<Database>> OpenPostgresDatabaseWithSchema(
    const std::string& url, OpenMode mode, int version,
    const std::vector<PostgresMigration>& migrations) {
  const std::string name = StoreName(url);
  // (libpq's own message for a URL it cannot read may quote the part that
  // is wrong, a password too: it is not shown.)
  char* parse_error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(url.c_str(), &parse_error);
  if (parsed == nullptr) {
    if (parse_error) PQfreemem(parse_error);
    return Status::InvalidArgument(
        name +
        ": not a PostgreSQL URL libpq can read (want "
        "postgresql://[user@]host[:port]/database[?param=value&...], with "
        "special characters %-escaped)");
  }
  PQconninfoFree(parsed);
  // Defaults before the URL, which overrides them.
  const char* keys[] = {"connect_timeout", "fallback_application_name",
                        "dbname", nullptr};
  const char* values[] = {"10", "taxgate", url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (conn == nullptr) {
    return Status::Unavailable(name + ": cannot connect: out of memory");
  }
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    return Status::Unavailable(name + ": cannot connect: " + OneLine(msg));
  }
  auto db = std::make_unique<PostgresDatabase>(conn, name,
                                               mode == OpenMode::kReadOnly);
  Status s = db->SetUpSession();
  if (s.ok()) s = db->Init(version, migrations);
  if (!s.ok()) return db->OpenFailure(s);
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace internal

Result<std::unique_ptr<Database>> OpenPostgresDatabase(const std::string& url,
                                                       OpenMode mode) {
  return internal::OpenPostgresDatabaseWithSchema(
      url, mode, internal::PostgresSchemaVersion(),
      internal::PostgresMigrations());
}

}  // namespace taxgate::storage
