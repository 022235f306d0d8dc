// The evaluator: every statute rule of LAW.md applied to a batch of
// requests, listing every rule each request breaks (not the first), and the
// combined outcome: any broken rule whose outcome is "rejected" -> kRejected;
// else any "review" rule -> kReview; else kEligible (goes on to matching).
//
// Pure: no database, no clock, no globals. The date of evaluation (as_of),
// the registry of officials and what the store knows from earlier batches
// (History) are passed in, so a decision can be reproduced later.
// WITHHELD_I6 is not checked here: it is the one rule checked after
// matching (AddWithheldI6).
//
// Batch rules:
//  - ENGAGEMENT_IMPLAUSIBLE: distinct case numbers (NormalizeCaseNumber) per
//    engaged official_id (never the signer) over this batch plus
//    History::cases_by_official; more than the ceiling -> every request of
//    that official in the batch.
//  - REASON_NOT_SPECIFIC: the same normalized reason (boilerplate.h) on more
//    than the threshold of requests of the batch, plus the same agency's
//    earlier requests in History::recent_reasons -> all of them to review.
//    A missing reason is REASON_MISSING only and never counts.
//  - DUPLICATE_REQUEST: a request id the same agency used earlier in the
//    batch (second and later occurrences; a request is identified by its
//    agency and id) or in an earlier batch (History::earlier_request_ids); the
//    same official, case and person (SubjectKey) as an earlier request of the
//    batch or of an earlier batch (History::earlier_subjects). Requests whose
//    name is missing are not compared by person. duplicate_of names the earlier
//    request.
//  - LEGAL_HOLD: the request's agency (AgencyOf) is in the policy file's
//    legal_holds or in History::agencies_on_hold.
//
// Thread-safety: pure functions; the lookup must be safe to call from the
// calling thread.
#ifndef TAXGATE_POLICY_EVALUATOR_H_
#define TAXGATE_POLICY_EVALUATOR_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/date.h"
#include "domain/decision.h"
#include "domain/request.h"
#include "policy/policy.h"
#include "policy/request_rules.h"

namespace taxgate::policy {

struct Evaluation {
  domain::Outcome outcome = domain::Outcome::kEligible;  // or kRejected/kReview
  std::vector<std::string> codes;  // every rule broken, sorted, no repeats
  std::string duplicate_of;        // for DUPLICATE_REQUEST: the earlier request
};

// What the store knows from before this batch (filled by the pipeline from
// storage). Keys of agencies are the officials' agency strings.
struct History {
  // official_id -> distinct case numbers of that official's requests within
  // the engagement window, from earlier batches (raw or normalized: they are
  // compared after NormalizeCaseNumber).
  std::map<std::string, std::set<std::string>> cases_by_official;
  // Request ids decided in earlier batches, per agency: key agency + '\x1f'
  // + request_id -> a label of the earlier decision (used as duplicate_of).
  std::map<std::string, std::string> earlier_request_ids;
  // SubjectKey(...) of earlier requests -> earlier request id (or label).
  std::map<std::string, std::string> earlier_subjects;
  // Agencies an operator has put under a legal hold (a court order bars
  // disclosures to them) -> LEGAL_HOLD.
  std::set<std::string> agencies_on_hold;
  // agency -> NormalizeReason(...) -> number of that agency's requests with
  // that reason within the boilerplate window, from earlier batches (for
  // requests that arrive one at a time). Optional: empty = batch only.
  std::map<std::string, std::map<std::string, int>> recent_reasons;
};

// Evaluates a whole batch (in file order; the answer has one Evaluation per
// request, same order). REQUIRES: `policy` from LoadPolicy (its statute and
// USPS tables loaded).
std::vector<Evaluation> EvaluateBatch(const Policy& policy,
                                      const std::vector<domain::Request>& batch,
                                      const OfficialLookup& officials,
                                      const History& history, Date as_of);

// The key for "same official, matter and person" duplicates:
//   official_id '\x1f' case number '\x1f' given name '\x1f' surname '\x1f' dob
// with official_id, case number and names through NormalizeCaseNumber (upper
// case, letters and digits only: "Garcia-Lopez" == "GARCIA LOPEZ",
// "cr-1001" == "CR 1001") and dob trimmed. The middle name is left out (it
// is the part agencies most often omit).
std::string SubjectKey(const domain::Request& r);

// Upper case ASCII, only letters and digits kept (non-ASCII bytes kept).
std::string NormalizeCaseNumber(std::string_view case_number);

// Sorts and de-duplicates `codes` and sets the outcome from the policy's
// rule outcomes.
Evaluation Combine(const Policy& policy, std::vector<std::string> codes);

// For the pipeline after matching: adds WITHHELD_I6 (the taxpayer is flagged
// under (i)(6)) and recombines the outcome.
void AddWithheldI6(const Policy& policy, Evaluation* evaluation);

}  // namespace taxgate::policy

#endif  // TAXGATE_POLICY_EVALUATOR_H_
