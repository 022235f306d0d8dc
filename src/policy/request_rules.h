// The rules of LAW.md that look at one request alone (the batch rules,
// engagement, matter breadth, boilerplate and duplicates, are in
// evaluator.h). Each function answers "is this rule broken?" for one
// request; EvaluateBatch calls them all and lists every code. Every field
// is read through the text layer (text/text.h) and the policy's lists.
// Pure functions, thread-safe.
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

// The official lookup: returns nullptr if unknown. Registry ids compare
// exactly (the lookup is given the id trimmed of spaces, nothing else). The
// pointer must stay valid for the duration of the call that uses it.
using OfficialLookup =
    std::function<const domain::Official*(const std::string& official_id)>;

// NAME_MISSING: the request does not name the person with a real given name
// and surname: either is empty after the text rules or has no letter; is a
// placeholder of the policy's lists (any, names: "UNKNOWN", "FNU", "F N U",
// "NO NAME", "SIN NOMBRE", "JOHN DOE", "BABY BOY", "TEST"), alone or as the
// whole name ("NA", whole_names, only as the whole name); the given name is
// only initials ("J.", "Á.", "J. R."); the surname is an address ("123 Main
// St"). A single-letter surname with a full given name ("O"), "Na" as a
// given name with a real surname, and names in any script are names.
bool NameMissing(const domain::PersonQuery& person, const Policy& policy);

// True when the official is in force on `as_of`: valid_from <= as_of <=
// valid_to (empty = no limit) and not revoked on or before `as_of`. A date
// that does not parse counts as not in force.
bool OfficialInForce(const domain::Official& o, const Date& as_of);

// The agency code of an official or request (text::AgencyCode: compared
// case-insensitively, everywhere).
std::string AgencyCodeOf(const domain::Official& o);

// REQUESTER_NOT_AUTHORIZED: signed_by or official_id empty or unknown; the
// signer's role cannot sign (head_of_agency, inspector_general and delegate
// can); signer and engaged official of different agencies (codes compared
// case-insensitively); either one not in force on `as_of`.
bool RequesterNotAuthorized(const domain::Request& r,
                            const OfficialLookup& officials, const Date& as_of);

// SIGNATURE_INVALID: the request's signature does not verify with the
// registry's key for its signer (request_signature.h), or it has none and
// the policy requires signatures.
bool SignatureInvalid(const domain::Request& r, const OfficialLookup& officials,
                      const Policy& policy);

// The agency code of a request: that of its engaged official, else of its
// signer; "" when neither is known.
std::string AgencyOf(const domain::Request& r, const OfficialLookup& officials);

// Tax periods as LAW.md reads them: years separated by ';' or ',', a range
// "2020-2023" standing for each year in it.
enum class PeriodsReading { kOk, kMissing, kInvalid };
// Reads `tax_periods` into `years` (every year named, in order, no
// repeats): kMissing when nothing is given (empty after the text rules, or
// a placeholder such as "N/A"), kInvalid when any part is not a year or a
// range of years ("FY2024", "all", "2023-2020").
PeriodsReading ReadTaxPeriods(std::string_view tax_periods,
                              const PlaceholderLists& lists,
                              std::vector<int>* years);
// TAX_PERIOD_MISSING, or TAX_PERIOD_INVALID when ReadTaxPeriods fails or a
// year is before `earliest_year` or not before as_of's year; "" when the
// periods are lawful.
std::string_view CheckTaxPeriods(std::string_view tax_periods,
                                 const Date& as_of, const Policy& policy);

// STATUTE_MISSING when empty or a placeholder; else, for every citation of
// the field (statute_table.h, each one judged): STATUTE_UNKNOWN when the
// table does not know it (or a mixed section is cited without its
// subsection), STATUTE_NOT_CRIMINAL for a civil provision, a regulation, an
// agency policy or state law, STATUTE_TAX_ADMINISTRATION for Title 26.
// Sorted, no repeats.
std::vector<std::string> CheckStatute(std::string_view statute,
                                      const Policy& policy);

// CASE_MISSING: the case number is empty or a placeholder ("N/A", "TBD",
// "No case number", "Pending").
// An annotation in brackets does not unmake a case number:
// "CR-2026-0042 (pending)" names a matter (one of its own: MatterKey).
bool CaseMissing(std::string_view case_number, const Policy& policy);

// The case number without the annotations in brackets that hold no number
// ("CR-2026-0042 (pending)" -> "CR-2026-0042 "; "CR-2026 (0043)" keeps its
// number), when what is left has letters and a digit; else the whole field
// as written ("TBD (2026)", "(pending)", "(pending) 2026").
std::string CaseCore(std::string_view case_number);

// The matter as compared (LAW.md, "Matters"): the text rules, case and
// look-alikes folded (an annotation in brackets kept: "OP-1 (A)" and "OP-1
// (B)" are two matters), every run of characters that are not letters or
// digits one hyphen, every run of digits read as a number ("CASE–3",
// "case 3", "CASE-03" -> "case-3"; "M-1-23" and "M-12-3" stay apart); a
// letter o among the digits of a word reads as the digit 0.
std::string MatterKey(std::string_view case_number);

// A request id as compared for DUPLICATE_REQUEST: the text rules, case and
// look-alikes folded, every run of characters that are not letters or
// digits one hyphen ("REQ–001", "req 001" and "REQ⁓001" are one id; digits
// are kept as written: "REQ-01" and "REQ-1" are two).
std::string RequestIdKey(std::string_view request_id);

// The purpose as compared: the text rules, case folded, '_' and '-' as
// spaces, a trailing period dropped, every word singular; empty -> the
// policy's default ("Grand Juries." -> "grand jury").
std::string NormalizePurpose(std::string_view purpose, const Policy& policy);
// PURPOSE_NOT_PERMITTED: NormalizePurpose is not a permitted purpose.
bool PurposeNotPermitted(std::string_view purpose, const Policy& policy);
// PURPOSE_UNCLEAR: no purpose is declared and the reason speaks of a
// refused use (the policy's refused_use_words: removal, deportation, visas,
// benefits, voter rolls).
bool PurposeUnclear(const domain::Request& r, const Policy& policy);

// The fields asked for: split on ';', ',', '/', '&', "and"; lower case;
// empty -> {"address"}.
std::vector<std::string> RequestedFields(std::string_view fields_requested);
// The same, each field under its identity name when the policy lists it as
// an alias ("mailing address" -> "address", "SSN" -> "tin").
std::vector<std::string> RequestedFields(std::string_view fields_requested,
                                         const Policy& policy);
// RETURN_INFORMATION_REQUESTED: a requested field that is not an identity
// field (name, address, tin).
bool ReturnInformationRequested(std::string_view fields_requested,
                                const Policy& policy);

// REASON_MISSING: empty after the text rules, a placeholder ("N/A",
// "Reason: N/A", "TBD"), a pointer elsewhere ("See attached", "Ver
// adjunto"), also to a person or office ("Contact SA Smith for details":
// the names left out, what remains is a pointer), or nothing left once
// digits and the subject's names are removed. `normalized`, when given,
// receives NormalizeReason's text of a reason that is not missing.
bool ReasonMissing(const domain::Request& r, const Policy& policy,
                   std::string* normalized = nullptr);

}  // namespace taxgate::policy

#endif  // TAXGATE_POLICY_REQUEST_RULES_H_
