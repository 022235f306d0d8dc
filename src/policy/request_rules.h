// The rules of LAW.md that look at one request alone (the batch rules,
// engagement, boilerplate and duplicates, are in evaluator.h). Each function
// answers "is this rule broken?" for one request; EvaluateBatch calls them
// all and lists every code. Pure functions, thread-safe.
#ifndef TAXGATE_POLICY_REQUEST_RULES_H_
#define TAXGATE_POLICY_REQUEST_RULES_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/date.h"
#include "domain/official.h"
#include "domain/request.h"
#include "policy/policy.h"

namespace taxgate::policy {

// The official lookup: returns nullptr if unknown. The pointer must stay
// valid for the duration of the call that uses it.
using OfficialLookup =
    std::function<const domain::Official*(const std::string& official_id)>;

// NAME_MISSING: the given name or the surname is empty, a placeholder ("NA",
// "UNKNOWN", "N/A", "XXX", "FNU", "LNU", "Desconocido"; placeholder.h), has
// no letter, or is a single letter; or the pair is a stand-in name ("John
// Doe", "Jane Doe", "Baby Doe", "Richard Roe", "Fulano de Tal").
bool NameMissing(const domain::PersonQuery& person);

// True when the official is in force on `as_of`: valid_from <= as_of <=
// valid_to (empty = no limit) and not revoked on or before `as_of`. A date
// that does not parse counts as not in force.
bool OfficialInForce(const domain::Official& o, const Date& as_of);

// REQUESTER_NOT_AUTHORIZED: signed_by or official_id empty or unknown; the
// signer's role cannot sign (head_of_agency, inspector_general and delegate
// can); signer and engaged official of different agencies; either one not in
// force on `as_of`.
bool RequesterNotAuthorized(const domain::Request& r,
                            const OfficialLookup& officials, const Date& as_of);

// The agency of a request: the agency of its engaged official, else of its
// signer; "" when neither is known.
std::string AgencyOf(const domain::Request& r, const OfficialLookup& officials);

// TAX_PERIOD_MISSING when no period is given (the field is empty or only
// ';'); TAX_PERIOD_INVALID when any period is not a whole, closed tax year:
// not four digits, before `earliest_year`, or not before as_of's year.
// Returns "" when the periods are lawful.
std::string_view CheckTaxPeriods(std::string_view tax_periods,
                                 const Date& as_of, int earliest_year);

// STATUTE_MISSING when empty; else, for each ';'-separated citation (every
// one must be lawful): STATUTE_UNKNOWN when the table does not know it,
// STATUTE_NOT_CRIMINAL for a civil provision, a regulation or an agency
// policy, STATUTE_TAX_ADMINISTRATION for Title 26. Sorted, no repeats.
std::vector<std::string> CheckStatute(std::string_view statute,
                                      const StatuteTable& table);

// CASE_MISSING: the case number is empty or a placeholder ("N/A", "TBD").
bool CaseMissing(std::string_view case_number);

// The purpose as compared: lower case, spaces and hyphens as '_', empty ->
// the policy's default ("Grand Jury" -> "grand_jury").
std::string NormalizePurpose(std::string_view purpose, const Policy& policy);
// PURPOSE_NOT_PERMITTED: NormalizePurpose is not a permitted purpose.
bool PurposeNotPermitted(std::string_view purpose, const Policy& policy);

// RETURN_INFORMATION_REQUESTED: a ';'-separated field (lower-cased) that is
// not an identity field (name, address, tin). Empty means "address".
bool ReturnInformationRequested(std::string_view fields_requested,
                                const Policy& policy);

}  // namespace taxgate::policy

#endif  // TAXGATE_POLICY_REQUEST_RULES_H_
