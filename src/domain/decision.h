// Decision: what taxgate answered to one request (FORMATS.md,
// decisions.csv), and the policy evaluation it rests on. Plain value types.
#ifndef TAXGATE_DOMAIN_DECISION_H_
#define TAXGATE_DOMAIN_DECISION_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace taxgate::domain {

enum class Outcome {
  kEligible,   // policy only: lawful, may go on to matching
  kRejected,   // a rule with outcome "rejected" is broken
  kReview,     // a rule with outcome "review" is broken, or a doubtful match
  kDisclosed,  // identity released
  kNoRecord,   // lawful, but nothing to release
};

// "eligible", "rejected", "review", "disclosed", "no_record".
const char* OutcomeName(Outcome o);
std::optional<Outcome> ParseOutcome(std::string_view s);

struct Decision {
  std::string request_id;
  Outcome outcome = Outcome::kRejected;
  std::vector<std::string> reasons;  // rule codes, sorted
  std::string record_id;             // matched record, when any
  std::optional<double> match_probability;
};

}  // namespace taxgate::domain

#endif  // TAXGATE_DOMAIN_DECISION_H_
