// Ledger: appends audit entries to the store's Merkle log together with the
// rows they describe, in one transaction (Database::Commit).
//
// Holds the log's compact range so each staged entry gets its index, its
// leaf hash and the root after it. Commit() writes the staged leaves with a
// WriteSet; when the commit fails nothing is kept and the staged leaves are
// dropped. Thread-compatible: one Ledger per store per process.
#ifndef TAXGATE_PIPELINE_LEDGER_H_
#define TAXGATE_PIPELINE_LEDGER_H_

#include <string>
#include <vector>

#include "audit/merkle.h"
#include "storage/database.h"

namespace taxgate::pipeline {

class Ledger {
 public:
  // Reads the log's leaf hashes to rebuild its state.
  // Errors: those of the store.
  static Result<Ledger> Open(storage::Database* db);

  // Numbers and hashes `entry`; returns its index. Not stored until Commit.
  int64_t Stage(std::string entry);
  // Writes `ws` with every staged leaf. On error the staged leaves are
  // dropped and the ledger is back at the last committed state.
  Status Commit(storage::WriteSet ws);

  int64_t size() const { return static_cast<int64_t>(committed_.size()); }
  Hash256 root() const { return committed_.Root(); }

 private:
  explicit Ledger(storage::Database* db) : db_(db) {}
  storage::Database* db_;
  audit::CompactRange committed_;
  audit::CompactRange staged_;
  std::vector<storage::AuditLeaf> pending_;
};

}  // namespace taxgate::pipeline

#endif  // TAXGATE_PIPELINE_LEDGER_H_
