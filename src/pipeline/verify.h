// Verifies the whole audit log of a store: every leaf's hash is recomputed
// from its entry bytes, every stored root-after from the leaves before it,
// and leaf indexes must run 0, 1, 2... without a gap; then every stored
// checkpoint: its signature by one of `verifiers`, its origin (the log's),
// its tree size and root against the recomputed tree, sizes never going
// down. Names the first bad entry or checkpoint. A log whose entries are not
// all covered by a good checkpoint (none stored, or an unsigned tail: leaves
// appended or checkpoints deleted behind taxgate's back) fails too.
// Checkpoints published outside the store are checked against the log the
// same way: only they catch a log cut together with its stored checkpoints.
#ifndef TAXGATE_PIPELINE_VERIFY_H_
#define TAXGATE_PIPELINE_VERIFY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "audit/note.h"
#include "common/crypto.h"
#include "storage/database.h"

namespace taxgate::pipeline {

struct VerifyReport {
  bool ok = false;
  int64_t leaves = 0;       // leaves checked
  int64_t first_bad = -1;   // index of the first bad entry, -1 when ok
  std::string problem;      // what is wrong with it
  Hash256 root{};           // root of the verified tree
  int64_t checkpoints = 0;  // checkpoints checked
  int64_t first_bad_checkpoint = -1;  // its id, -1 when all are good
  std::string checkpoint_problem;
  // Entries the checkpoints sign: the good log must be signed to its end.
  // When it is not (no checkpoint at all, or entries after the latest
  // one), `ok` is false and this says which entries nobody signed.
  int64_t signed_size = 0;
  std::string unsigned_tail;
  // Checkpoints published outside the store (an auditor's or a witness's
  // copy): each must be signed by one of `verifiers`, be of this log, and
  // commit to a prefix of it. `published_lost` is the largest size a
  // published checkpoint signed that the log no longer reaches (0 when
  // every one is reached): entries were lost (a cut, or an older backup
  // restored). `published_problem` names any other mismatch: a bad
  // signature, another log, or a prefix rewritten.
  int64_t published_checked = 0;
  int64_t published_lost = 0;
  std::string published_problem;
};

// A checkpoint as published: the signed note and where it came from (a
// file name, for messages).
struct PublishedCheckpoint {
  std::string source;
  std::string note;
};

// Errors: only those of reading the store; a bad log is a report, not an
// error.
Result<VerifyReport> VerifyAuditLog(
    storage::Database* db, const std::vector<audit::NoteVerifier>& verifiers,
    const std::vector<PublishedCheckpoint>& published = {});

}  // namespace taxgate::pipeline

#endif  // TAXGATE_PIPELINE_VERIFY_H_
