#include "pipeline/checkpoints.h"

namespace taxgate::pipeline {

Result<std::string> LogOrigin(storage::Database* db) {
  TG_ASSIGN_OR_RETURN(std::string id, db->LogId());
  return "taxgate/" + id;
}

Result<std::optional<storage::CheckpointRow>> LatestCheckpoint(
    storage::Database* db) {
  TG_ASSIGN_OR_RETURN(auto rows, db->ReadLatestCheckpoints(1));
  if (rows.empty()) return std::optional<storage::CheckpointRow>();
  return std::optional<storage::CheckpointRow>(rows.back());
}

}  // namespace taxgate::pipeline
