// The requests waiting for a person, kept in the store so that a reviewer
// who does not hold the batch file (the review console of `taxgate serve`)
// sees the request and settles it through the same path as `taxgate review
// decide --requests FILE`.
//
// A request sent to review is kept as a requests.csv of its own
// (intake::RequestCsv) in meta `review_request/<batch>/<position>`, sealed
// with an HMAC under the store's key over its batch, position and text: a
// row altered or moved by someone who can write the store but does not hold
// its key is refused, not shown or acted on.
//
// A proposed disclosure (the two-person rule, review.h) is kept in meta
// `review_proposal/<batch>/<position>`, sealed the same way.
#ifndef TAXGATE_PIPELINE_REVIEW_REQUESTS_H_
#define TAXGATE_PIPELINE_REVIEW_REQUESTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "common/status.h"
#include "domain/request.h"
#include "storage/database.h"

namespace taxgate::pipeline {

// The meta (key, value) that keeps `r`, sent to review at `position` of
// `batch_id`.
std::pair<std::string, std::string> SealedReviewRequest(
    const std::string& key, const std::string& batch_id, int64_t position,
    const domain::Request& r);

// The meta (key, value) that stops keeping it (once it is settled).
std::pair<std::string, std::string> ReviewRequestRemoval(
    const std::string& batch_id, int64_t position);

// The request kept for (batch, position). Errors: NotFound when none is
// kept (a batch processed before this was kept: use the batch file);
// DataLoss when its seal does not verify.
Result<domain::Request> StoredReviewRequest(storage::Database* db,
                                            const std::string& key,
                                            const std::string& batch_id,
                                            int64_t position);

// A disclosure one reviewer proposed and another must confirm.
struct Proposal {
  std::string by;         // the reviewer who proposed it
  std::string record_id;  // the candidate proposed
  std::string reason;     // their reason code
  std::string at;         // ISO 8601 UTC
  int64_t leaf = -1;      // its `review` audit entry
};

// The meta (key, value) of a proposal; a value of "" withdraws it.
std::pair<std::string, std::string> SealedProposal(
    const std::string& key, const std::string& batch_id, int64_t position,
    const std::optional<Proposal>& p);
// The open proposal of (batch, position), or nullopt. Errors: DataLoss when
// its seal does not verify.
Result<std::optional<Proposal>> StoredProposal(storage::Database* db,
                                               const std::string& key,
                                               const std::string& batch_id,
                                               int64_t position);

}  // namespace taxgate::pipeline

#endif  // TAXGATE_PIPELINE_REVIEW_REQUESTS_H_
