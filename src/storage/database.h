// Database: the one storage interface of taxgate (STYLE.md #8). Backends live
// beside it (sqlite/, postgres/) and pass one conformance suite
// (conformance_test.cc).
//
// What is stored: the record store (records), the registry of officials,
// every batch and the decision on each of its requests, and the audit log's
// leaves. Everything a request's processing writes goes through Commit() in
// one transaction, so a crash never leaves a decision without its audit
// entries or the other way round (DESIGN.md, "Nothing lost").
//
// Thread-compatible: one Database per thread; backends may serialise.
#ifndef TAXGATE_STORAGE_DATABASE_H_
#define TAXGATE_STORAGE_DATABASE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/crypto.h"
#include "common/status.h"
#include "domain/decision.h"
#include "domain/official.h"
#include "domain/record.h"

namespace taxgate::storage {

// One leaf of the audit log as stored: the entry bytes, its RFC 6962 leaf
// hash and the tree root right after it was appended.
struct AuditLeaf {
  int64_t index = 0;
  std::string entry;
  Hash256 leaf_hash{};
  Hash256 root_after{};
};

// A batch of requests, identified by the digest of its file's bytes.
struct BatchRow {
  std::string batch_id;
  std::string source_name;  // the file name as given (no folders)
  int64_t request_count = 0;
  std::string received_at;  // ISO 8601 UTC
  // The as-of date of its first run (YYYY-MM-DD): a re-run keeps it. ""
  // in stores made before schema 3.
  std::string as_of;
};

// The stored outcome of one request of a batch.
struct DecisionRow {
  std::string batch_id;
  int64_t position = 0;  // 0-based index in the batch
  std::string agency;
  std::string request_id;
  std::string official_id;
  std::string case_number;
  // The person as the policy compares them, as keyed digests
  // (policy::PersonNameKey, policy::DobKey under the store's HMAC key): ""
  // when the name is missing / the date of birth empty or invalid.
  std::string name_key;
  std::string dob_key;
  std::string decided_on;  // the as-of date, YYYY-MM-DD
  // disclosed, no_record, rejected or review (never eligible)
  domain::Outcome decision = domain::Outcome::kRejected;
  std::string reasons;  // ';'-separated codes
  std::string record_id;
  std::optional<double> match_probability;
  std::optional<double> match_weight;
  std::string match_decision;   // match, possible, no_match, or ""
  std::string disclosure_json;  // what is released (or was), or ""
  // The request's `response` audit leaf: what the agency was told; -1 while
  // its answer is held (LAW.md: the eligible requests of a batch are
  // answered together, once every one of them is settled).
  int64_t leaf_index = -1;
  // The leaf of its latest `decision` entry.
  int64_t decision_leaf = -1;
  // Keyed digest of the taxpayer whose identity goes out, and the release
  // profile it goes out under (disclosed only).
  std::string taxpayer_digest;
  std::string release_profile;
  // The normalized reason (policy/boilerplate.h: digits and the subject's
  // names removed), "" when the reason was missing: REASON_NOT_SPECIFIC's
  // near-copies across batches.
  std::string reason_norm;
  std::string policy_version;  // of the policy file the decision was made under
  // The ruleset the decision was made under (ruleset/ruleset.h: SHA-256 of
  // the policy file, statute table, reference tables and model file), and
  // the digest of the linkage model's parameters ("" when never matched).
  std::string ruleset_digest;
  std::string model_digest;
  std::string model_version;  // the model's version ("" when never matched)
  // For a request sent to review by matching: its candidates with their
  // per-field weights, as JSON (the reviewer's evidence); "" otherwise.
  std::string evidence_json;
};

// An operator flag: a legal hold on an agency or an (i)(6) withholding flag
// on a taxpayer (LAW.md: LEGAL_HOLD, WITHHELD_I6).
inline constexpr char kFlagLegalHold[] = "legal_hold";
inline constexpr char kFlagWithheldI6[] = "withheld_i6";
struct Flag {
  std::string kind;    // kFlagLegalHold or kFlagWithheldI6
  std::string key;     // the agency, or the taxpayer's 9-digit TIN
  std::string note;    // e.g. the court order
  std::string set_on;  // YYYY-MM-DD
};

// A signed checkpoint of the audit log as stored.
struct CheckpointRow {
  int64_t id = 0;  // order of signing (set by the store)
  int64_t tree_size = 0;
  Hash256 root{};
  std::string note;  // the signed note, as published
  std::string key;   // the verifier key that signed it
  std::string created_at;
};

// A refresh of the record store: only what changed is written.
struct RecordChanges {
  std::vector<const domain::Record*> upsert;  // inserted or replaced
  std::vector<std::string> remove;            // record ids deleted
};

// Everything one step writes, committed atomically by Commit().
struct WriteSet {
  std::optional<BatchRow> batch;            // inserted if not yet stored
  std::vector<DecisionRow> decisions;       // must not exist yet
  std::vector<domain::Official> officials;  // inserted or replaced
  // When set, the record store is replaced by these records.
  const std::vector<domain::Record>* replace_records = nullptr;
  // When set, these changes are applied to the record store.
  const RecordChanges* change_records = nullptr;
  std::vector<Flag> set_flags;   // inserted or replaced
  std::vector<Flag> lift_flags;  // removed (kind and key)
  // Appended to the audit log; leaves[0].index must equal AuditSize().
  std::vector<AuditLeaf> leaves;
  // Stored after the leaves (a checkpoint may commit to them).
  std::vector<CheckpointRow> checkpoints;
  // Decisions a reviewer settled: the row of (batch_id, position) is
  // replaced by this one, only if it is still "review" (else the whole
  // write set fails with FailedPrecondition: nothing is decided twice).
  std::vector<DecisionRow> reviewed;
  // Answers released to the agency: the row of (batch_id, position) gets
  // this decision, reasons, decision_leaf and leaf_index (its response
  // leaf), only if it was not answered yet (else FailedPrecondition:
  // nothing is answered or disclosed twice).
  std::vector<DecisionRow> answered;
  // Store-wide settings, inserted or replaced (key, value).
  std::vector<std::pair<std::string, std::string>> meta;
};

class Database {
 public:
  virtual ~Database() = default;

  // Writes `ws` in one transaction. Errors: FailedPrecondition when the audit
  // log has grown since the leaves were numbered (nothing is written);
  // AlreadyExists when a decision is stored already; Unavailable on I/O.
  virtual Status Commit(const WriteSet& ws) = 0;

  virtual Result<std::vector<domain::Record>> ReadRecords() = 0;
  // The rows of these record ids that the store has (any order; an id it
  // does not have is left out).
  virtual Result<std::vector<domain::Record>> ReadRecordsById(
      const std::vector<std::string>& ids) = 0;
  virtual Result<int64_t> CountRecords() = 0;
  virtual Result<std::vector<domain::Official>> ReadOfficials() = 0;

  // NotFound-free lookup: nullopt when the batch was never seen.
  virtual Result<std::optional<BatchRow>> FindBatch(
      const std::string& batch_id) = 0;
  // Decisions of one batch, by position.
  virtual Result<std::vector<DecisionRow>> ReadDecisions(
      const std::string& batch_id) = 0;
  // Decisions still waiting for a reviewer, oldest batch first.
  virtual Result<std::vector<DecisionRow>> ReadPendingReviews() = 0;
  // Decisions of other batches decided on or after `since` (YYYY-MM-DD;
  // "" for all of them), with the columns the policy's history needs
  // (batch, position, agency, request id, official, case, name and date of
  // birth digests, normalized reason, date, decision, reasons); the others
  // are left empty.
  virtual Result<std::vector<DecisionRow>> ReadHistory(
      const std::string& since, const std::string& exclude_batch_id) = 0;
  // The latest as-of date any decision was made with ("" for none).
  virtual Result<std::string> LatestDecisionDate() = 0;

  // Flags of one kind, by key.
  virtual Result<std::vector<Flag>> ReadFlags(const std::string& kind) = 0;

  virtual Result<int64_t> AuditSize() = 0;
  // Signed checkpoints in the order they were stored.
  virtual Result<std::vector<CheckpointRow>> ReadCheckpoints() = 0;
  // The latest `n` of them, oldest first.
  virtual Result<std::vector<CheckpointRow>> ReadLatestCheckpoints(
      size_t n) = 0;
  // A store-wide setting; NotFound when it was never set.
  virtual Result<std::string> ReadMeta(const std::string& key) = 0;
  // The log's random identity, made when the store was created.
  virtual Result<std::string> LogId() = 0;
  virtual Result<AuditLeaf> ReadAuditLeaf(int64_t index) = 0;
  // Calls `fn` on every leaf in index order; stops at the first error.
  virtual Status ScanAuditLeaves(
      const std::function<Status(const AuditLeaf&)>& fn) = 0;

  // A consistent copy of the whole store, as of one moment, into a new
  // store at `path` (a file for SQLite, made 0600): other commands may
  // write meanwhile (SQLite's online backup reads one snapshot). Errors:
  // AlreadyExists when `path` exists; Unavailable on I/O; FailedPrecondition
  // for a PostgreSQL store, which is copied with pg_dump instead
  // (docs/postgresql.md).
  virtual Status CopyTo(const std::string& path) = 0;
};

// How a store is opened. kReadOnly never writes, never creates, never
// migrates: it works on a read-only mount, on another owner's file and on
// a full disk, and fails (FailedPrecondition) on a store of an older schema.
enum class OpenMode { kReadWrite, kReadOnly };

// Opens the store named by `spec`: a file path for the embedded SQLite store
// (created if missing when read-write), or a postgresql:// (postgres://)
// URL for a PostgreSQL store (postgres/postgres_database.h: its tables are
// made in that database when read-write). A URL is FailedPrecondition in a
// taxgate built without PostgreSQL (TAXGATE_WITH_POSTGRES=OFF).
Result<std::unique_ptr<Database>> OpenDatabase(
    const std::string& spec, OpenMode mode = OpenMode::kReadWrite);

// True when `spec` names a PostgreSQL store (postgresql:// or postgres://).
bool IsPostgresSpec(const std::string& spec);

// `spec` as it may be shown in a message or a log: a path as it is; a URL
// without its password (the one in user:password@, and a password=
// parameter). Never prints a secret.
std::string StoreName(const std::string& spec);

}  // namespace taxgate::storage

#endif  // TAXGATE_STORAGE_DATABASE_H_
