#include "disclosure/agency_answer.h"

#include <algorithm>

#include "policy/rule_codes.h"

namespace taxgate::disclosure {

const char* AnswerName(Answer a) {
  switch (a) {
    case Answer::kDisclosed:
      return "disclosed";
    case Answer::kNoRecord:
      return "no_record";
    case Answer::kRejected:
      return "rejected";
    case Answer::kPending:
      return "pending";
  }
  return "no_record";
}

AgencyAnswer AnswerForAgency(domain::Outcome decision,
                             const std::vector<std::string>& codes) {
  using domain::Outcome;
  AgencyAnswer a;
  bool withheld =
      std::find(codes.begin(), codes.end(), policy::kWithheldI6) != codes.end();
  if (decision == Outcome::kDisclosed && !withheld) {
    a.answer = Answer::kDisclosed;
    return a;
  }
  if (withheld || decision == Outcome::kNoRecord) {
    a.answer = Answer::kNoRecord;
    return a;
  }
  for (const auto& c : codes) {
    if (policy::IsRuleCode(c)) a.reasons.push_back(c);
  }
  std::sort(a.reasons.begin(), a.reasons.end());
  a.reasons.erase(std::unique(a.reasons.begin(), a.reasons.end()),
                  a.reasons.end());
  if (decision == Outcome::kReview || decision == Outcome::kEligible) {
    // Eligible is never stored as a decision; were it answered, it would be
    // waiting like a review.
    a.answer = Answer::kPending;
  } else if (a.reasons.empty()) {
    // A rejection with no rule the agency may see (a reviewer refusing a
    // matching review).
    a.answer = Answer::kNoRecord;
  } else {
    a.answer = Answer::kRejected;
  }
  return a;
}

}  // namespace taxgate::disclosure
