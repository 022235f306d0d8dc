#include "domain/decision.h"
#include "domain/official.h"
#include "domain/record.h"

namespace taxgate::domain {

const char* SourceName(Source s) {
  switch (s) {
    case Source::kReturn:
      return "return";
    case Source::kInfoReturn:
      return "info_return";
    case Source::kIrs:
      return "irs";
  }
  return "return";
}

std::optional<Source> ParseSource(std::string_view s) {
  if (s == "return") return Source::kReturn;
  if (s == "info_return") return Source::kInfoReturn;
  if (s == "irs") return Source::kIrs;
  return std::nullopt;
}

const char* RoleName(Role r) {
  switch (r) {
    case Role::kHeadOfAgency:
      return "head_of_agency";
    case Role::kInspectorGeneral:
      return "inspector_general";
    case Role::kDelegate:
      return "delegate";
    case Role::kInvestigator:
      return "investigator";
  }
  return "investigator";
}

std::optional<Role> ParseRole(std::string_view s) {
  if (s == "head_of_agency") return Role::kHeadOfAgency;
  if (s == "inspector_general") return Role::kInspectorGeneral;
  if (s == "delegate") return Role::kDelegate;
  if (s == "investigator") return Role::kInvestigator;
  return std::nullopt;
}

bool MaySign(Role r) {
  return r == Role::kHeadOfAgency || r == Role::kInspectorGeneral ||
         r == Role::kDelegate;
}

const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kEligible:
      return "eligible";
    case Outcome::kRejected:
      return "rejected";
    case Outcome::kReview:
      return "review";
    case Outcome::kDisclosed:
      return "disclosed";
    case Outcome::kNoRecord:
      return "no_record";
  }
  return "rejected";
}

std::optional<Outcome> ParseOutcome(std::string_view s) {
  for (Outcome o : {Outcome::kEligible, Outcome::kRejected, Outcome::kReview,
                    Outcome::kDisclosed, Outcome::kNoRecord}) {
    if (s == OutcomeName(o)) return o;
  }
  return std::nullopt;
}

}  // namespace taxgate::domain
