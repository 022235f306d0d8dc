#include "pipeline/ledger.h"

#include <cassert>

#include "audit/checkpoint.h"
#include "pipeline/operator_actions.h"

namespace taxgate::pipeline {

Result<Ledger> Ledger::Open(storage::Database* db) {
  Ledger ledger(db);
  TG_RETURN_IF_ERROR(db->ScanAuditLeaves([&](const storage::AuditLeaf& l) {
    ledger.committed_.Append(l.leaf_hash);
    return Status::Ok();
  }));
  ledger.staged_ = ledger.committed_;
  return ledger;
}

int64_t Ledger::Stage(std::string entry) {
  const Hash256 leaf_hash = audit::LeafHash(entry);
  return Stage(std::move(entry), leaf_hash);
}

int64_t Ledger::Stage(std::string entry, const Hash256& leaf_hash) {
  assert(leaf_hash == audit::LeafHash(entry));
  storage::AuditLeaf leaf;
  leaf.index = static_cast<int64_t>(staged_.size());
  leaf.leaf_hash = leaf_hash;
  staged_.Append(leaf.leaf_hash);
  leaf.root_after = staged_.Root();
  leaf.entry = std::move(entry);
  pending_.push_back(std::move(leaf));
  return pending_.back().index;
}

void Ledger::SetCheckpointSigner(audit::NoteSigner signer, std::string origin) {
  signer_ = std::move(signer);
  origin_ = std::move(origin);
}

storage::CheckpointRow Ledger::SignedCheckpoint(const audit::CompactRange& tree,
                                                const std::string& time) const {
  audit::Checkpoint c{origin_, tree.size(), tree.Root(), {}};
  // The text is well formed by construction, so signing cannot fail.
  std::string note = audit::SignNote(c.Text(), *signer_).value();
  return storage::CheckpointRow{0,
                                static_cast<int64_t>(tree.size()),
                                tree.Root(),
                                std::move(note),
                                signer_->verifier.ToString(),
                                time};
}

Status Ledger::Reload() {
  ++reloads_;
  audit::CompactRange tree;
  TG_RETURN_IF_ERROR(db_->ScanAuditLeaves([&](const storage::AuditLeaf& l) {
    tree.Append(l.leaf_hash);
    return Status::Ok();
  }));
  committed_ = tree;
  staged_ = tree;
  pending_.clear();
  return Status::Ok();
}

Result<storage::CheckpointRow> Ledger::Checkpoint() {
  // Another command may commit between reading the log and storing the
  // checkpoint: the store refuses a checkpoint of an older tree, and the
  // log is read again.
  for (int attempt = 0;; ++attempt) {
    if (attempt > 0) TG_RETURN_IF_ERROR(Reload());
    TG_ASSIGN_OR_RETURN(auto rows, db_->ReadLatestCheckpoints(1));
    if (!rows.empty()) {
      const storage::CheckpointRow& latest = rows.back();
      if (latest.tree_size == size() && latest.root == root() &&
          latest.key == signer_->verifier.ToString()) {
        return latest;
      }
    }
    // Every commit of taxgate signs the tree it leaves behind: entries no
    // checkpoint covers were added behind its back. Signing them would
    // bless them; they are reported instead.
    const int64_t signed_size = rows.empty() ? 0 : rows.back().tree_size;
    if (signed_size < size()) {
      return Status::FailedPrecondition(
          "audit checkpoint: entries " + std::to_string(signed_size) + " to " +
          std::to_string(size() - 1) +
          " are covered by no earlier checkpoint, which taxgate never leaves "
          "behind: a sign of tampering, not signed; run taxgate audit verify "
          "and report it (docs/operations.md)");
    }
    storage::WriteSet ws;
    ws.checkpoints.push_back(SignedCheckpoint(committed_, NowIso8601()));
    Status s = db_->Commit(ws);
    if (s.code() == StatusCode::kAborted && attempt < 20) continue;
    TG_RETURN_IF_ERROR(s);
    TG_ASSIGN_OR_RETURN(rows, db_->ReadLatestCheckpoints(1));
    if (rows.empty()) return Status::Internal("checkpoint was not stored");
    return rows.back();
  }
}

Status Ledger::Commit(storage::WriteSet ws) {
  if (signer_ && !pending_.empty()) {
    ws.checkpoints.push_back(SignedCheckpoint(staged_, NowIso8601()));
  }
  ws.leaves = std::move(pending_);
  pending_.clear();
  Status s = db_->Commit(ws);
  if (s.ok()) {
    committed_ = staged_;
  } else {
    staged_ = committed_;
  }
  return s;
}

Status Ledger::CommitRetrying(
    const std::function<Result<storage::WriteSet>()>& build) {
  for (int attempt = 0;; ++attempt) {
    TG_ASSIGN_OR_RETURN(storage::WriteSet ws, build());
    Status s = Commit(std::move(ws));
    if (s.code() != StatusCode::kAborted || attempt >= 20) return s;
    TG_RETURN_IF_ERROR(Reload());
  }
}

}  // namespace taxgate::pipeline
