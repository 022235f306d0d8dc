// What the agency is told, and when (LAW.md, "What the agency is told").
//
// A rejected request is answered when it is decided, and so is one waiting
// for a law review (`pending` with its review codes: they say nothing about
// any taxpayer). An eligible request is matched, and its decision
// (disclosed, no_record, or review when matching was not sure) is recorded
// at once, but its answer is held: no answer, by its content or its timing,
// may reveal that some taxpayer resembles the person. So the eligible
// requests of a batch are answered together, once every one of them is
// settled (matched, found absent, or decided by a reviewer); until then
// each reads `pending` with no codes.
//
// AnswerBatch settles what time settles and releases what may be released:
//  1. every matching review still open when the policy's review deadline
//     has passed (review_deadline_days after the batch was received) is
//     closed as no_record (REVIEW_EXPIRED; a `review` entry by the system
//     and a `decision` entry), so a batch is always answered within a
//     bounded time;
//  2. if no matching review is open, every request not yet answered is
//     answered. Each is checked once more first: a legal hold set since on
//     its agency, or its officials no longer in force, makes it rejected
//     (with a new `decision` entry), whatever its match, so that the
//     answers of one agency stay alike and say nothing of who matched; an
//     (i)(6) flag set since on a disclosed taxpayer makes it no_record to
//     the agency. Then its `disclosure` entry (if it still discloses) and
//     its `response` entry are written.
// Each step commits in chunks, each chunk in one transaction with its audit
// entries; a request is answered only if it was not answered yet (the store
// refuses a second answer), so a crash at any point and a re-run answer
// every request exactly once.
#ifndef TAXGATE_PIPELINE_ANSWERS_H_
#define TAXGATE_PIPELINE_ANSWERS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/date.h"
#include "common/status.h"
#include "domain/request.h"
#include "pipeline/operator_actions.h"
#include "policy/policy.h"

namespace taxgate::pipeline {

struct AnswerSummary {
  int64_t expired = 0;       // matching reviews closed by the deadline
  int64_t answered = 0;      // answers released now
  int64_t open_reviews = 0;  // matching reviews still open (answers held)
  int64_t held = 0;          // requests whose answers are held
  std::string deadline;      // YYYY-MM-DD the open reviews expire on
};

// When an answer is released with a disclosure, its `disclosure` entry is
// the leaf right before its `response` entry.
inline constexpr int64_t kDisclosureLeafBeforeResponse = 1;

// The code of a matching review closed by the deadline.
inline constexpr char kReviewExpired[] = "REVIEW_EXPIRED";

// Settles and answers batch `batch_id`, whose requests (in file order) are
// `requests`, on `today` (the date checks and the deadline are read on).
// Errors: those of the store.
Result<AnswerSummary> AnswerBatch(const OperatorContext& ctx,
                                  const std::string& batch_id,
                                  const std::vector<domain::Request>& requests,
                                  const policy::Policy& pol, const Date& today);

// True for the codes of a matching review (AMBIGUOUS, LOW_CONFIDENCE).
bool IsMatchingCode(const std::string& code);

}  // namespace taxgate::pipeline

#endif  // TAXGATE_PIPELINE_ANSWERS_H_
