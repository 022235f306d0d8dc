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

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"

namespace taxgate::pipeline {

// "taxgate/<log id>" (storage::Database::LogId).
Result<std::string> LogOrigin(storage::Database* db);

// The latest stored checkpoint, or nullopt when none was signed yet.
Result<std::optional<storage::CheckpointRow>> LatestCheckpoint(
    storage::Database* db);

// The proofs as FORMATS.md prints them (`audit proof --json`, `audit
// consistency --json`, and the service's /v1/audit routes), over the log's
// leaf hashes. REQUIRES: leaf < size <= hashes.size(); 0 < from <= to <=
// hashes.size() (callers check and word their own errors).
nlohmann::json InclusionProofJson(const std::vector<Hash256>& hashes,
                                  uint64_t leaf, uint64_t size);
nlohmann::json ConsistencyProofJson(const std::vector<Hash256>& hashes,
                                    uint64_t from, uint64_t to);

}  // namespace taxgate::pipeline

#endif  // TAXGATE_PIPELINE_CHECKPOINTS_H_
