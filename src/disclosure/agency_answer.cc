#include "disclosure/agency_answer.h"

#include <algorithm>

#include "policy/rule_codes.h"

namespace taxgate::disclosure {

AgencyAnswer AnswerForAgency(std::string_view decision,
                             const std::vector<std::string>& codes) {
  AgencyAnswer a;
  bool withheld =
      std::find(codes.begin(), codes.end(), policy::kWithheldI6) != codes.end();
  if (decision == "disclosed" && !withheld) {
    a.answer = "disclosed";
    return a;
  }
  if (withheld || decision == "no_record") {
    a.answer = "no_record";
    return a;
  }
  for (const auto& c : codes) {
    if (policy::IsRuleCode(c)) a.reasons.push_back(c);
  }
  std::sort(a.reasons.begin(), a.reasons.end());
  a.reasons.erase(std::unique(a.reasons.begin(), a.reasons.end()),
                  a.reasons.end());
  if (decision == "review") {
    a.answer = "pending";
  } else if (decision == "rejected" && a.reasons.empty()) {
    a.answer = "no_record";
  } else {
    a.answer = std::string(decision);
  }
  return a;
}

}  // namespace taxgate::disclosure
