// Ledger: appends audit entries to the store's Merkle log together with the
// rows they describe, in one transaction (Database::Commit).
//
// Holds the log's compact range so each staged entry gets its index, its
// leaf hash and the root after it. Commit() writes the staged leaves with a
// WriteSet; when the commit fails nothing is kept and the staged leaves are
// dropped. With a checkpoint signer set, every commit that adds leaves also
// stores, in the same transaction, a signed checkpoint of the tree it
// leaves behind (checkpoints.h): every committed state of the log is
// signed, and a crash cannot separate leaves from their checkpoint.
// Thread-compatible: one Ledger per store per process.
#ifndef TAXGATE_PIPELINE_LEDGER_H_
#define TAXGATE_PIPELINE_LEDGER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "audit/merkle.h"
#include "audit/note.h"
#include "storage/database.h"

namespace taxgate::pipeline {

class Ledger {
 public:
  // Reads the log's leaf hashes to rebuild its state.
  // Errors: those of the store.
  static Result<Ledger> Open(storage::Database* db);

  // Numbers and hashes `entry`; returns its index. Not stored until Commit.
  int64_t Stage(std::string entry);
  // Stage with the entry's leaf hash made beforehand (on another thread).
  // REQUIRES: leaf_hash == audit::LeafHash(entry) (checked in debug builds).
  int64_t Stage(std::string entry, const Hash256& leaf_hash);
  // Writes `ws` with every staged leaf. On error the staged leaves are
  // dropped and the ledger is back at the last committed state.
  Status Commit(storage::WriteSet ws);

  int64_t size() const { return static_cast<int64_t>(committed_.size()); }
  Hash256 root() const { return committed_.Root(); }

  // Signs checkpoints of this log (named `origin`) with `signer` from now on.
  void SetCheckpointSigner(audit::NoteSigner signer, std::string origin);
  // The latest stored checkpoint if it commits to the log as stored now
  // and is signed by this signer, else a new one signed and stored now, in
  // one transaction with a check that the log did not grow meanwhile (read
  // again and retried when it did). REQUIRES: a signer was set. Errors:
  // FailedPrecondition when entries after the latest checkpoint exist (an
  // unsigned tail, which taxgate never leaves: it is not signed); those of
  // the store.
  Result<storage::CheckpointRow> Checkpoint();
  // Reads the log's state from the store again (drops staged entries).
  Status Reload();
  // How many times the log was read again (another writer committed, or a
  // caller asked): what was read of the store before may be out of date.
  int64_t reloads() const { return reloads_; }
  // Stages and commits what `build` makes. When another command committed
  // since this ledger read the log (Aborted from the store), reads the log
  // again and calls `build` again, a few times: `build` stages its entries
  // afresh on every call. Errors: those of `build` and of Commit.
  Status CommitRetrying(
      const std::function<Result<storage::WriteSet>()>& build);

 private:
  explicit Ledger(storage::Database* db) : db_(db) {}
  storage::CheckpointRow SignedCheckpoint(const audit::CompactRange& tree,
                                          const std::string& time) const;
  storage::Database* db_;
  std::optional<audit::NoteSigner> signer_;
  std::string origin_;
  audit::CompactRange committed_;
  audit::CompactRange staged_;
  std::vector<storage::AuditLeaf> pending_;
  int64_t reloads_ = 0;
};

}  // namespace taxgate::pipeline

#endif  // TAXGATE_PIPELINE_LEDGER_H_
