// The rule codes of LAW.md: one constant per statute rule, and the full list
// the policy file must cover. The codes are part of the public contract
// (decisions.csv, the audit log): never rename one.
//
// Pure constants, thread-safe.
#ifndef TAXGATE_POLICY_RULE_CODES_H_
#define TAXGATE_POLICY_RULE_CODES_H_

#include <string_view>
#include <vector>

namespace taxgate::policy {

inline constexpr char kRequesterNotAuthorized[] = "REQUESTER_NOT_AUTHORIZED";
inline constexpr char kSignatureInvalid[] = "SIGNATURE_INVALID";
inline constexpr char kNameMissing[] = "NAME_MISSING";
inline constexpr char kAddressMissing[] = "ADDRESS_MISSING";
inline constexpr char kAddressNotReal[] = "ADDRESS_NOT_REAL";
inline constexpr char kAddressUnverified[] = "ADDRESS_UNVERIFIED";
inline constexpr char kTaxPeriodMissing[] = "TAX_PERIOD_MISSING";
inline constexpr char kTaxPeriodInvalid[] = "TAX_PERIOD_INVALID";
inline constexpr char kStatuteMissing[] = "STATUTE_MISSING";
inline constexpr char kStatuteNotCriminal[] = "STATUTE_NOT_CRIMINAL";
inline constexpr char kStatuteTaxAdministration[] =
    "STATUTE_TAX_ADMINISTRATION";
inline constexpr char kStatuteUnknown[] = "STATUTE_UNKNOWN";
inline constexpr char kReasonMissing[] = "REASON_MISSING";
inline constexpr char kReasonNotSpecific[] = "REASON_NOT_SPECIFIC";
inline constexpr char kCaseMissing[] = "CASE_MISSING";
inline constexpr char kEngagementImplausible[] = "ENGAGEMENT_IMPLAUSIBLE";
inline constexpr char kMatterTooBroad[] = "MATTER_TOO_BROAD";
inline constexpr char kPurposeNotPermitted[] = "PURPOSE_NOT_PERMITTED";
inline constexpr char kPurposeUnclear[] = "PURPOSE_UNCLEAR";
inline constexpr char kReturnInformationRequested[] =
    "RETURN_INFORMATION_REQUESTED";
inline constexpr char kDuplicateRequest[] = "DUPLICATE_REQUEST";
inline constexpr char kLegalHold[] = "LEGAL_HOLD";
inline constexpr char kWithheldI6[] = "WITHHELD_I6";

// Every rule code of LAW.md's table, in the table's order. The policy file
// must give each one a citation and an outcome, and may name no other.
inline const std::vector<std::string_view>& AllRuleCodes() {
  static const std::vector<std::string_view> kAll = {
      kRequesterNotAuthorized,
      kSignatureInvalid,
      kNameMissing,
      kAddressMissing,
      kAddressNotReal,
      kAddressUnverified,
      kTaxPeriodMissing,
      kTaxPeriodInvalid,
      kStatuteMissing,
      kStatuteNotCriminal,
      kStatuteTaxAdministration,
      kStatuteUnknown,
      kReasonMissing,
      kReasonNotSpecific,
      kCaseMissing,
      kEngagementImplausible,
      kMatterTooBroad,
      kPurposeNotPermitted,
      kPurposeUnclear,
      kReturnInformationRequested,
      kDuplicateRequest,
      kLegalHold,
      kWithheldI6,
  };
  return kAll;
}

// True when `code` is one of AllRuleCodes().
inline bool IsRuleCode(std::string_view code) {
  for (std::string_view c : AllRuleCodes()) {
    if (c == code) return true;
  }
  return false;
}

}  // namespace taxgate::policy

#endif  // TAXGATE_POLICY_RULE_CODES_H_
