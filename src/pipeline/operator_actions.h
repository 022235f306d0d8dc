// Operator actions on the store, each audited as an `operator` entry in the
// same transaction as the change: loading the record store, importing,
// listing and revoking officials.
#ifndef TAXGATE_PIPELINE_OPERATOR_ACTIONS_H_
#define TAXGATE_PIPELINE_OPERATOR_ACTIONS_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "common/thread_pool.h"
#include "intake/readers.h"
#include "normalize/tables.h"
#include "pipeline/ledger.h"
#include "storage/database.h"

namespace taxgate::pipeline {

struct OperatorContext {
  storage::Database* db = nullptr;
  Ledger* ledger = nullptr;
  std::string key;            // HMAC key
  std::string operator_name;  // who runs the command ($USER)
  std::string time;           // ISO 8601 UTC
  // The store's match index file (record_store::IndexPath); "" keeps no
  // file (the index is built in memory when needed).
  std::string index_path;
};

struct LoadSummary {
  int64_t loaded = 0;
  std::vector<intake::RowRejection> rejected;
  std::vector<std::string> warnings;
  // What a load did to the store, by record id.
  int64_t added = 0, changed = 0, removed = 0, unchanged = 0;
  // Seconds: reading the file, writing the store (one transaction), and
  // building and writing the match index (0 when none was built).
  double read_seconds = 0, write_seconds = 0, index_seconds = 0;
  uint64_t index_bytes = 0;  // the index file's size
  bool index_built = false;
};

// What a load may do without being asked twice.
struct LoadOptions {
  // Refused when more than this share of the file's rows are rejected.
  double max_rejected_share = 0.01;
  // A refresh that would remove more than this share of the store's
  // records needs allow_removal (and the audit entry says it was given).
  double max_removed_share = 0.05;
  bool allow_removal = false;
  // The reference tables: when set (with ctx.index_path), the match index
  // is built from the loaded rows and written to ctx.index_path after the
  // commit, so the next `process` maps it instead of building it.
  std::shared_ptr<const normalize::Tables> tables;
  std::string tables_digest;   // Ruleset::tables_digest
  ThreadPool* pool = nullptr;  // digests and the index build
  // Told how far the load is (stages "reading records", "writing the
  // store", "building the index").
  ProgressFn progress;
};

// Replaces the record store with the rows of `path` (rows the reader
// rejects are reported and left out). A refresh writes only what changed
// (rows added or changed, rows removed), with the store's records digest
// (record_store.h) in the same transaction; then the match index is built
// and kept (options.tables). All or nothing, and never a surprise:
// a file with no valid row, a file whose last row is cut off, more rejected
// rows than options.max_rejected_share, or a refresh removing more than
// options.max_removed_share of the store without options.allow_removal is
// refused (FailedPrecondition) with the store unchanged. The whole file is
// one transaction: a damaged file changes nothing. Errors: those of the
// reader and store.
Result<LoadSummary> LoadRecordStore(const OperatorContext& ctx,
                                    const std::string& path,
                                    const LoadOptions& options = {});

// Inserts or replaces the officials of `path` in the registry. An import
// never undoes or postpones a revocation (LAW.md, "Officials"): an official
// revoked in the registry stays revoked, from the same date, whatever the
// file says; the summary's warnings name them.
Result<LoadSummary> ImportOfficials(const OperatorContext& ctx,
                                    const std::string& path);

// Revokes an official from `effective` (YYYY-MM-DD; "" = today, the day of
// ctx.time). A revocation takes effect from the moment it is recorded for
// every decision made after it, or from an earlier date the operator gives;
// a later date is refused, and an earlier revocation is never postponed.
// Errors: NotFound for an unknown id; InvalidArgument for a date that is
// not a date or is after today.
Status RevokeOfficial(const OperatorContext& ctx, const std::string& id,
                      const std::string& effective);

// Lifts a revocation: the only way back (import never does it). `note`
// (why, on whose authority) is required and goes into the audit entry.
// Errors: NotFound for an unknown id; FailedPrecondition when the official
// is not revoked; InvalidArgument for an empty note.
Status ReinstateOfficial(const OperatorContext& ctx, const std::string& id,
                         const std::string& note);

// Sets (or replaces) a flag: a legal hold on an agency (key = its agency
// code, text::AgencyCode: "dhs" and "DHS" are one agency), or an (i)(6)
// withholding flag on a taxpayer (given as the 9-digit TIN, stored as
// disclosure::WithheldTinKey). Audited as an `operator` entry; a TIN
// appears there only as a keyed digest.
// Errors: InvalidArgument for an unknown kind, an empty key or a TIN that is
// not 9 digits.
Status SetFlag(const OperatorContext& ctx, const storage::Flag& flag);
// Lifts a flag. Errors: NotFound when it is not set.
Status LiftFlag(const OperatorContext& ctx, const std::string& kind,
                const std::string& key);
// Logs an operator action with its facts (never taxpayer data) as one
// `operator` entry, committed (and signed) on its own.
Status LogOperatorAction(
    const OperatorContext& ctx, const std::string& action,
    const std::vector<std::pair<std::string, std::string>>& facts);

// (i)(6) flags are stored by disclosure::WithheldTinKey, never by TIN;
// stores written before kept the TIN: this replaces each such key by its
// digest, audited, in one transaction (OpenStore calls it). Returns how
// many were replaced.
Result<int64_t> ProtectWithheldFlags(const OperatorContext& ctx);

// Current UTC time as "YYYY-MM-DDTHH:MM:SSZ".
std::string NowIso8601();
// Digest of a file's bytes (hex SHA-256): batch ids and load receipts.
Result<std::string> FileDigest(const std::string& path);

}  // namespace taxgate::pipeline

#endif  // TAXGATE_PIPELINE_OPERATOR_ACTIONS_H_
