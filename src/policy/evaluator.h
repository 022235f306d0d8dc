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
// Requests whose signature is invalid (SIGNATURE_INVALID) were not made by
// the official they name: they are decided (rejected) but counted nowhere,
// so a forged request can neither use up an official's matters nor make a
// real request look like a duplicate.
//
// Batch rules (windows end on as_of; earlier requests are History::earlier):
//  - ENGAGEMENT_IMPLAUSIBLE: distinct matters (MatterKey) per engaged
//    official, one official being one person (OfficialPersonKey: registry
//    entries with the same folded name and agency count together; the
//    signer never counts), over this batch and the engagement window; more
//    than the ceiling -> every request of that official in the batch.
//  - MATTER_TOO_BROAD: distinct persons (PersonNameKey, and dates of birth
//    where they tell namesakes apart) under one matter of one agency, over
//    this batch and the matter window; more than the ceiling -> every
//    request of that matter in the batch, to review.
//  - REASON_NOT_SPECIFIC: a reason with more than the threshold of
//    near-copies (boilerplate.h) among this batch's requests (itself
//    included) plus its agency's requests in the boilerplate window; or a
//    reason of fewer than the policy's minimum words. A missing reason is
//    REASON_MISSING only and never counts.
//  - DUPLICATE_REQUEST: a request id the same agency used earlier in the
//    batch or in an earlier batch (any date); the same official (person),
//    matter and person (SameName; dates of birth equal, or either one
//    empty or invalid) as an earlier request of the batch or of an earlier
//    batch (any date). duplicate_of names the earlier request.
//  - LEGAL_HOLD: the request's agency code is under a hold (the policy
//    file's or the store's, History::agencies_on_hold), compared
//    case-insensitively.
//
// Thread-safety: pure functions; the lookup must be safe to call from the
// calling thread. EvaluateBatch counts near-copies on the pool it is given
// (its jobs read the batch and history only).
#ifndef TAXGATE_POLICY_EVALUATOR_H_
#define TAXGATE_POLICY_EVALUATOR_H_

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common/date.h"
#include "common/thread_pool.h"
#include "domain/decision.h"
#include "domain/request.h"
#include "policy/policy.h"
#include "policy/request_rules.h"

namespace taxgate::policy {

struct Evaluation {
  domain::Outcome outcome = domain::Outcome::kEligible;  // or kRejected/kReview
  std::vector<std::string> codes;  // every rule broken, sorted, no repeats
  std::string duplicate_of;        // for DUPLICATE_REQUEST: the earlier request
  // What a store keeps of the request for later batches (EarlierRequest):
  // PersonNameKey and the SubjectDigest of DobKey under History::digest_key
  // ("" when the name is missing / the date empty or invalid), and the
  // normalized reason ("" when missing).
  std::string name_key;
  std::string dob_key;
  std::string reason;
};

// One request decided in an earlier batch, as the store keeps it (keyed
// digests instead of the person's name and date of birth).
struct EarlierRequest {
  std::string agency;       // agency code (text::AgencyCode)
  std::string request_id;   // trimmed
  std::string official_id;  // the engaged official's registry id
  std::string matter;       // MatterKey of its case number, "" when missing
  std::string name_key;     // PersonNameKey, "" when missing
  std::string dob_key;      // SubjectDigest(DobKey), "" when empty/invalid
  std::string reason;       // NormalizeReason, "" when missing
  std::string decided_on;   // YYYY-MM-DD (its as-of date)
  std::string label;        // how duplicate_of names it
};

// What the store knows from before this batch (filled by the pipeline from
// storage).
struct History {
  std::vector<EarlierRequest> earlier;
  // Agencies an operator has put under a legal hold (a court order bars
  // disclosures to them) -> LEGAL_HOLD. Compared as agency codes.
  std::set<std::string> agencies_on_hold;
  // The key of SubjectDigest: earlier requests hold digests under it, and
  // this batch's persons are digested with it to be compared. Empty: keys
  // are compared in clear (tests, dry runs without a store).
  std::string digest_key;
};

// The past as the rules that look at it see it on one date (engagement and
// matter windows, recent reasons, earlier ids and subjects), built once
// from a History and then extended request by request: a long-running
// service keeps one per day instead of rebuilding it for every batch.
// Movable, not copyable; not thread-safe while Add runs.
class HistoryIndex {
 public:
  HistoryIndex(const Policy& policy, const History& history,
               const OfficialLookup& officials, Date as_of);
  ~HistoryIndex();
  HistoryIndex(HistoryIndex&&) noexcept;
  HistoryIndex& operator=(HistoryIndex&&) noexcept;

  // Adds a request decided since (on the index's date).
  void Add(const EarlierRequest& e, const OfficialLookup& officials);
  Date as_of() const;

  struct Impl;

 private:
  friend std::vector<Evaluation> EvaluateBatch(
      const Policy&, const std::vector<domain::Request>&, const OfficialLookup&,
      const HistoryIndex&, ThreadPool*);
  void AddWithPerson(const EarlierRequest& e, const std::string& person);
  std::unique_ptr<Impl> impl_;
};

// EvaluateBatch against an index of the past (its date is the as-of date).
// REQUIRES: `policy` is the one the index was built with.
std::vector<Evaluation> EvaluateBatch(const Policy& policy,
                                      const std::vector<domain::Request>& batch,
                                      const OfficialLookup& officials,
                                      const HistoryIndex& index,
                                      ThreadPool* pool = nullptr);

// Evaluates a whole batch (in file order; the answer has one Evaluation per
// request, same order). REQUIRES: `policy` from ParsePolicy (its statute
// and USPS tables loaded). Near-copies of reasons are counted on `pool`
// (null: this thread); the answer does not depend on it.
std::vector<Evaluation> EvaluateBatch(const Policy& policy,
                                      const std::vector<domain::Request>& batch,
                                      const OfficialLookup& officials,
                                      const History& history, Date as_of,
                                      ThreadPool* pool = nullptr);

// The person as compared for duplicates and matter breadth: the words of
// the given, middle and last names together (text::Fold; initials left
// out), as a set, so "JOSÉ ÁNGEL PEÑA" is "José Ángel Peña", "Garcia-Lopez"
// is "GARCIA LOPEZ", and "Ana María | Garcia" is "Ana | María | Garcia"
// however the words are split across the fields.
std::vector<std::string> PersonNameWords(const domain::PersonQuery& p);
// Those words as a name key: the SubjectDigest of each word under
// `digest_key`, sorted, joined by ','.
std::string PersonNameKey(const std::string& digest_key,
                          const domain::PersonQuery& p);
// Two name keys are one person's when the words of one are all among the
// other's: a name written with fewer of its words ("Ana Garcia", "Ana María
// Garcia López") is not a new person, while two different middle names
// ("José Luis", "José Antonio") are two.
bool SameName(std::string_view a, std::string_view b);
// A date of birth as compared: "YYYY-MM-DD" when it is a valid calendar
// date after the text rules, else "" (which equals any date).
std::string DobKey(std::string_view dob);
// One official as one person: agency code and folded name ("id:" and the
// registry id when the name is empty).
std::string OfficialPersonKey(const domain::Official& o);
// HMAC-SHA-256 (hex) of `raw` under `key`; `raw` itself when `key` is
// empty; "" when `raw` is empty.
std::string SubjectDigest(const std::string& key, const std::string& raw);

// Sorts and de-duplicates `codes` and sets the outcome from the policy's
// rule outcomes.
Evaluation Combine(const Policy& policy, std::vector<std::string> codes);

// For the pipeline after matching: adds WITHHELD_I6 (the taxpayer is flagged
// under (i)(6)) and recombines the outcome.
void AddWithheldI6(const Policy& policy, Evaluation* evaluation);

}  // namespace taxgate::policy

#endif  // TAXGATE_POLICY_EVALUATOR_H_
