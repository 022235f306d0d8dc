#include "pipeline/review_requests.h"

#include <nlohmann/json.hpp>

#include "intake/readers.h"
#include "pipeline/sealed_meta.h"

namespace taxgate::pipeline {
namespace {

constexpr char kRequestPrefix[] = "review_request/";
constexpr char kProposalPrefix[] = "review_proposal/";

std::string Place(const std::string& batch_id, int64_t position) {
  return batch_id + "/" + std::to_string(position);
}

}  // namespace

std::pair<std::string, std::string> SealedReviewRequest(
    const std::string& key, const std::string& batch_id, int64_t position,
    const domain::Request& r) {
  return SealMeta(key, kRequestPrefix + Place(batch_id, position),
                  intake::RequestCsv(r));
}

std::pair<std::string, std::string> ReviewRequestRemoval(
    const std::string& batch_id, int64_t position) {
  return {kRequestPrefix + Place(batch_id, position), ""};
}

Result<domain::Request> StoredReviewRequest(storage::Database* db,
                                            const std::string& key,
                                            const std::string& batch_id,
                                            int64_t position) {
  const std::string meta_key = kRequestPrefix + Place(batch_id, position);
  TG_ASSIGN_OR_RETURN(std::optional<std::string> csv,
                      ReadSealedMeta(db, key, meta_key));
  if (!csv) {
    return Status::NotFound(
        "review: the store keeps no copy of request " +
        std::to_string(position) + " of batch " + batch_id.substr(0, 12) +
        " (processed before requests in review were kept): settle it with "
        "taxgate review decide --requests FILE");
  }
  TG_ASSIGN_OR_RETURN(auto read,
                      intake::ReadRequestsFromString(meta_key, *csv));
  if (read.rows.size() != 1) {
    return Status::DataLoss(meta_key + ": does not hold one request");
  }
  domain::Request r = std::move(read.rows[0]);
  r.index = position;
  return r;
}

std::pair<std::string, std::string> SealedProposal(
    const std::string& key, const std::string& batch_id, int64_t position,
    const std::optional<Proposal>& p) {
  std::string meta_key = kProposalPrefix + Place(batch_id, position);
  if (!p) return {std::move(meta_key), ""};
  nlohmann::json j{{"by", p->by},
                   {"record_id", p->record_id},
                   {"reason", p->reason},
                   {"at", p->at},
                   {"leaf", p->leaf}};
  return SealMeta(key, meta_key, j.dump());
}

Result<std::optional<Proposal>> StoredProposal(storage::Database* db,
                                               const std::string& key,
                                               const std::string& batch_id,
                                               int64_t position) {
  const std::string meta_key = kProposalPrefix + Place(batch_id, position);
  TG_ASSIGN_OR_RETURN(std::optional<std::string> text,
                      ReadSealedMeta(db, key, meta_key));
  if (!text) return std::optional<Proposal>();
  nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
  if (!j.is_object() || !j.value("by", nlohmann::json()).is_string() ||
      !j.value("record_id", nlohmann::json()).is_string()) {
    return Status::DataLoss(meta_key + ": not a proposal");
  }
  Proposal p;
  p.by = j["by"].get<std::string>();
  p.record_id = j["record_id"].get<std::string>();
  p.reason = j.value("reason", "");
  p.at = j.value("at", "");
  p.leaf = j.value("leaf", int64_t{-1});
  return std::optional<Proposal>(std::move(p));
}

}  // namespace taxgate::pipeline
