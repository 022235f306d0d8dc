// The audit log's outside witnesses (C2SP tlog-witness; docs/witnesses.md):
// sending the latest signed checkpoint to each witness with a consistency
// proof from the tree it last cosigned, keeping the cosignatures they give,
// and checking them.
//
// A witness holds the latest checkpoint it cosigned and cosigns a new one
// only if it extends that one, so a log cut or forked behind taxgate's back
// (its stored checkpoints with it) is refused by every witness that saw the
// original, and `audit verify --witnesses F --min K` fails.
//
// Cosignatures are kept in the store's meta table (one commit per call):
//   cosignature/<witness>/<tree size>  the witness's cosignature line(s)
//   witness/<witness>/size             the largest size it cosigned for us
// where <witness> is the name in the witnesses file (witness/protocol.h).
//
// Network I/O: each call may wait up to the transport's timeout per
// witness. Use `db` from one thread at a time, as every caller of Database.
#ifndef TAXGATE_PIPELINE_WITNESSES_H_
#define TAXGATE_PIPELINE_WITNESSES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "audit/note.h"
#include "pipeline/verify.h"
#include "storage/database.h"
#include "witness/client.h"
#include "witness/protocol.h"

namespace taxgate::pipeline {

// Reads a witnesses file (witness/protocol.h). Errors: NotFound for a
// missing file; InvalidArgument "<file>:<line>: ..." for a bad line.
Result<std::vector<witness::WitnessEndpoint>> LoadWitnesses(
    const std::string& path);

std::string CosignatureMetaKey(const std::string& witness, int64_t tree_size);
std::string WitnessSizeMetaKey(const std::string& witness);

struct WitnessOutcome {
  std::string witness;
  bool cosigned = false;      // a valid cosignature of the checkpoint is stored
  bool requested = false;     // false when it was stored before this call
  int64_t witness_size = -1;  // the size the witness says it holds, if told
  std::string problem;        // why not cosigned, in words
};

struct CosignReport {
  int64_t tree_size = 0;  // the checkpoint sent (0: no checkpoint yet)
  std::vector<WitnessOutcome> outcomes;
  int Cosigned() const;
  // One message per witness that did not cosign, naming it and why.
  std::vector<std::string> Warnings() const;
};

// Sends the latest stored checkpoint of `db` to every witness that has not
// cosigned it yet (every witness with `always_send`), with a consistency proof
// from the size it last cosigned (learnt from the store, or from a 409 answer,
// which is retried once), and stores each valid cosignature received (lines by
// other keys are dropped) in one commit. Best effort: a witness down, refusing
// or answering nonsense is an outcome with a `problem`, never an error, and
// nothing else is changed. Does not sign a checkpoint: callers commit through
// the Ledger, which signs the tree each commit leaves behind.
//
// For `taxgate serve` (the lead's face): call it after a commit, or every
// few commits / seconds (it reads every leaf hash once when a proof is
// needed: O(log size) to send, O(size) to read), from a thread that may
// use `db`, outside the Ledger's lock; print Warnings(). Errors: only the
// store's (reading the checkpoint or leaves, or committing the meta rows).
Result<CosignReport> CollectCosignatures(
    storage::Database* db,
    const std::vector<witness::WitnessEndpoint>& witnesses,
    const witness::Transport& transport = witness::HttpTransport(),
    bool always_send = false);

// The checkpoint's note followed by the cosignature lines stored for it
// from `witnesses` (for publication: any C2SP client checks it with the
// log's and the witnesses' keys). Errors: the store's.
Result<std::string> CosignedNote(
    storage::Database* db, const storage::CheckpointRow& checkpoint,
    const std::vector<witness::WitnessEndpoint>& witnesses);

// What `audit verify --witnesses F --min K` checks beyond the log itself.
struct WitnessCheck {
  int64_t tree_size = 0;                 // the latest stored checkpoint's
  int required = 0;                      // K
  std::vector<std::string> cosigned_by;  // witnesses with a valid cosignature
  std::vector<std::string> missing;      // "<witness>: why", one per other
  // Each reachable witness's latest checkpoint of this log, for
  // VerifyAuditLog's published checkpoints (the log must extend them).
  std::vector<PublishedCheckpoint> witness_views;
  std::vector<std::string> unreachable;  // "<witness>: why"
  bool ok() const { return static_cast<int>(cosigned_by.size()) >= required; }
};

// Asks each witness for its latest checkpoint of this log (GET
// <url>/<origin hash>/checkpoint; kept when it carries the witness's valid
// cosignature), then counts the witnesses whose valid cosignature of the
// latest stored checkpoint is stored or served, against `min`. Keys are
// counted once: two names with one key are one witness. Errors: the
// store's; FailedPrecondition when no checkpoint is stored.
Result<WitnessCheck> CheckWitnesses(
    storage::Database* db,
    const std::vector<witness::WitnessEndpoint>& witnesses, int min,
    const witness::Transport& transport = witness::HttpTransport());

}  // namespace taxgate::pipeline

#endif  // TAXGATE_PIPELINE_WITNESSES_H_
