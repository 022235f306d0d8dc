// Human review: the requests taxgate would not decide alone, and a
// reviewer's decision on each (DESIGN.md: "a doubtful or ambiguous match
// goes to a human reviewer with the evidence laid out field by field").
//
// A request is in review for a rule of law whose outcome is review
// (STATUTE_UNKNOWN, REASON_NOT_SPECIFIC: the agency must fix the request,
// or counsel the policy file), or because matching was not sure
// (AMBIGUOUS, LOW_CONFIDENCE: the evidence is every candidate with its
// per-field weights). A reviewer may:
//   disclose   confirm one of the candidates shown (matching reviews only,
//              and only when no rule of law is still open); the request is
//              checked again first (a legal hold set since, or an official
//              no longer in force, rejects it), and the release follows the
//              policy's profile, the requested periods and the (i)(6) flags
//              exactly as an automatic match would (release.h), under the
//              same policy file the request was decided under;
//   no_record  the person cannot be confirmed (matching reviews);
//   reject     the request is refused (any review).
// Two-person rule (policy release.two_person_disclosure): a disclosure is
// first proposed (a `review` entry with action "propose_disclose", the
// proposal kept sealed in the store, the request still in review) and
// takes effect only when another reviewer confirms the same candidate
// (action disclose again, by someone else: its `review` entry names both).
// The proposer cannot confirm their own proposal (PermissionDenied); no_record
// or reject by anyone withdraws it.
// Each decision is one transaction: a `review` audit entry naming the
// reviewer and the reason, the final `decision` entry and the decision row,
// replaced only if it is still "review": nothing is decided twice. A law
// review is answered at once (its `response` entry in the same
// transaction); a matching review settles an eligible request, whose
// answer (and disclosure entry) is released with the rest of its batch
// once no matching review of the batch is open (answers.h: the caller runs
// AnswerBatch after deciding).
#ifndef TAXGATE_PIPELINE_REVIEW_H_
#define TAXGATE_PIPELINE_REVIEW_H_

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/thread_pool.h"
#include "pipeline/ledger.h"
#include "pipeline/operator_actions.h"
#include "pipeline/review_requests.h"
#include "ruleset/ruleset.h"
#include "storage/database.h"

namespace taxgate::pipeline {

struct ReviewDecision {
  std::string requests_path;  // the batch file (its digest names the batch)
  // Without a batch file: the batch's id, and `position` (required); the
  // request is the copy the store keeps (review_requests.h).
  std::string batch_id = {};
  std::string request_id;
  int64_t position = -1;  // when the id occurs twice in the batch
  std::string action;     // "disclose", "no_record" or "reject"
  std::string record_id;  // disclose: the candidate confirmed ("" = best)
  std::string reason;     // a reason code: lower case letters and '_'
  std::string note;       // free text; logged as a keyed digest only
  // False: this reviewer may propose a disclosure but not confirm another's
  // (the console's reviewers; only supervisors confirm there).
  bool may_confirm = true;
};

// Errors: NotFound for a request not in the batch or not in review;
// InvalidArgument for an action the review does not allow (naming why), a
// record that was not among the candidates, or a request id the batch
// holds twice without a position; FailedPrecondition when another reviewer
// settled it first, or, for a disclosure, when the ruleset differs from the
// one it was decided under (no_record and reject release nothing and are
// taken under any); those of the store.
Result<storage::DecisionRow> DecideReview(const OperatorContext& ctx,
                                          const ruleset::Ruleset& rules,
                                          const ReviewDecision& decision,
                                          ThreadPool* pool = nullptr);

// The action of a `review` entry that proposes a disclosure.
inline constexpr char kProposeDisclose[] = "propose_disclose";

// True when `d` (the row DecideReview returned) is a proposal waiting for a
// second reviewer, not a decision.
inline bool IsProposal(const storage::DecisionRow& d) {
  return d.decision == domain::Outcome::kReview;
}

// Final reason codes a review adds to the decision's codes.
inline constexpr char kReviewRejected[] = "REVIEW_REJECTED";
inline constexpr char kReviewNotConfirmed[] = "REVIEW_NOT_CONFIRMED";
inline constexpr char kReviewConfirmed[] = "REVIEW_CONFIRMED";

}  // namespace taxgate::pipeline

#endif  // TAXGATE_PIPELINE_REVIEW_H_
