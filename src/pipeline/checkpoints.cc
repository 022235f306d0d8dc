#include "pipeline/checkpoints.h"

#include "audit/merkle.h"

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

namespace {

std::vector<std::string> HexList(const std::vector<Hash256>& hashes) {
  std::vector<std::string> out;
  for (const auto& h : hashes) out.push_back(ToHex(h));
  return out;
}

Hash256 RootOfFirst(const std::vector<Hash256>& hashes, uint64_t n) {
  return audit::RootOf(
      std::vector<Hash256>(hashes.begin(), hashes.begin() + n));
}

}  // namespace

nlohmann::json InclusionProofJson(const std::vector<Hash256>& hashes,
                                  uint64_t leaf, uint64_t size) {
  return {{"leaf_index", leaf},
          {"tree_size", size},
          {"leaf_hash_hex", ToHex(hashes[leaf])},
          {"path_hex", HexList(audit::InclusionProof(hashes, leaf, size))},
          {"root_hash_hex", ToHex(RootOfFirst(hashes, size))}};
}

nlohmann::json ConsistencyProofJson(const std::vector<Hash256>& hashes,
                                    uint64_t from, uint64_t to) {
  return {{"from_size", from},
          {"to_size", to},
          {"path_hex", HexList(audit::ConsistencyProof(hashes, from, to))},
          {"from_root_hex", ToHex(RootOfFirst(hashes, from))},
          {"to_root_hex", ToHex(RootOfFirst(hashes, to))}};
}

}  // namespace taxgate::pipeline
