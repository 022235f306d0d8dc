#include "pipeline/ledger.h"

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
  storage::AuditLeaf leaf;
  leaf.index = static_cast<int64_t>(staged_.size());
  leaf.leaf_hash = audit::LeafHash(entry);
  staged_.Append(leaf.leaf_hash);
  leaf.root_after = staged_.Root();
  leaf.entry = std::move(entry);
  pending_.push_back(std::move(leaf));
  return pending_.back().index;
}

Status Ledger::Commit(storage::WriteSet ws) {
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

}  // namespace taxgate::pipeline
