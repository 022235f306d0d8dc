// The agency's answer: what the requester is told about one request, as
// opposed to the internal decision (decisions.csv, the audit log's
// `decision` entries) that operators and auditors see.
//
// LAW.md: "A no_record answer says nothing else", and WITHHELD_I6 is never
// revealed: "the internal decision carries the code, the agency's answer
// says only that nothing is disclosed". So:
//   - disclosed                     -> disclosed, no codes;
//   - anything carrying WITHHELD_I6 -> no_record, no codes (the same answer
//                                      as a person not in the store);
//   - no_record                     -> no_record, no codes (NO_MATCH and
//                                      NO_RECORD_IN_PERIODS stay internal);
//   - review                        -> pending: a person will decide; the
//                                      statute rule codes the agency can
//                                      act on (STATUTE_UNKNOWN,
//                                      REASON_NOT_SPECIFIC) are shown,
//                                      matching codes (AMBIGUOUS,
//                                      LOW_CONFIDENCE) never: they would
//                                      tell that taxpayers look like the
//                                      person;
//   - rejected                      -> rejected with its statute rule codes;
//                                      a rejection with none (a reviewer
//                                      refusing a matching review) reads
//                                      no_record, which is all the agency
//                                      may learn of it.
// The codes shown are an allowlist (policy::IsRuleCode), so a code added
// later stays internal until someone decides otherwise.
//
// Pure, thread-safe.
#ifndef TAXGATE_DISCLOSURE_AGENCY_ANSWER_H_
#define TAXGATE_DISCLOSURE_AGENCY_ANSWER_H_

#include <string>
#include <vector>

#include "domain/decision.h"

namespace taxgate::disclosure {

enum class Answer { kDisclosed, kNoRecord, kRejected, kPending };
// "disclosed", "no_record", "rejected", "pending" (response.csv, the
// `response` audit entries).
const char* AnswerName(Answer a);

struct AgencyAnswer {
  Answer answer = Answer::kNoRecord;
  std::vector<std::string> reasons;  // rule codes the agency may see, sorted
};

// `decision` is the internal decision (disclosed, no_record, rejected,
// review) and `codes` its reasons.
AgencyAnswer AnswerForAgency(domain::Outcome decision,
                             const std::vector<std::string>& codes);

}  // namespace taxgate::disclosure

#endif  // TAXGATE_DISCLOSURE_AGENCY_ANSWER_H_
