// The audit log's signed checkpoints: the log's origin (its name) and the
// stored checkpoints.
//
// A checkpoint (audit/checkpoint.h) is signed as a C2SP note (audit/note.h)
// with the store's checkpoint key (keys.h) by the Ledger at every commit,
// and stored with the tree size and root it commits to; verify.h checks
// them. Outside witnesses keep published checkpoints and check later ones
// against them with `audit consistency`.
#ifndef TAXGATE_PIPELINE_CHECKPOINTS_H_
#define TAXGATE_PIPELINE_CHECKPOINTS_H_

#include <optional>
#include <string>

#include "storage/database.h"

namespace taxgate::pipeline {

// "taxgate/<log id>" (storage::Database::LogId).
Result<std::string> LogOrigin(storage::Database* db);

// The latest stored checkpoint, or nullopt when none was signed yet.
Result<std::optional<storage::CheckpointRow>> LatestCheckpoint(
    storage::Database* db);

}  // namespace taxgate::pipeline

#endif  // TAXGATE_PIPELINE_CHECKPOINTS_H_
