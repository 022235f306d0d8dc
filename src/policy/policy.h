// Policy: the rules taxgate enforces, as counsel wrote them in the policy
// file (config/policy.toml; LAW.md is the reading of the law behind it).
//
// The file is TOML. It carries a version, every rule of LAW.md's table
// (code, citation, outcome, plain-language statement), the parameters of
// the batch rules (engagement ceiling and window, matter breadth ceiling and
// window, boilerplate threshold, near-copy distance and window, the fewest
// words of a specific reason), the placeholder lists of every kind of field
// (placeholders.h), the permitted purposes and the words of refused uses,
// the identity fields, the earliest tax year, whether requests must be
// signed, the statute table's file name (read relative to the policy file),
// agencies under a legal hold (the shipped file sets none), the address
// check's specimen ZIP codes and foreign place names, and the release
// profiles with the default one, the review deadline and the release window
// of single requests. See config/policy.toml for the layout; it is
// commented for lawyers.
//
// ParsePolicy refuses a malformed file: a TOML syntax error, an unknown key,
// a value of the wrong type or range, an unknown or repeated rule code, a
// rule of LAW.md left out, an outcome other than rejected/review, a default
// release profile that is not defined, a statute table that cannot be read.
// Every message names the file, the line and the key
// ("policy.toml:42: key 'code': unknown rule code 'FOO'").
//
// The file, its statute table and the USPS vocabulary come as bytes and
// values (the ruleset's loader reads them, ruleset/ruleset.h): nothing here
// touches the file system.
//
// Thread-safety: a loaded Policy is an immutable value; share it freely.
#ifndef TAXGATE_POLICY_POLICY_H_
#define TAXGATE_POLICY_POLICY_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/input_files.h"
#include "common/status.h"
#include "domain/decision.h"
#include "normalize/usps.h"
#include "policy/address_check.h"
#include "policy/phrase_list.h"
#include "policy/placeholders.h"
#include "policy/rule_codes.h"
#include "policy/statute_table.h"

namespace taxgate::policy {

struct Rule {
  std::string code;         // e.g. "NAME_MISSING" (rule_codes.h)
  std::string citation;     // e.g. "26 U.S.C. 6103(i)(2)(B)(i)"
  domain::Outcome outcome;  // kRejected or kReview
  std::string statement;    // the rule in plain language
  int line = 0;             // line of its [[rules]] entry in the file
};

struct ReleaseProfile {
  std::string name;                  // "dc-circuit-2026", "conservative"
  std::vector<std::string> sources;  // "return", "info_return", "irs"
  std::string description;
};

struct Policy {
  std::string version;      // e.g. "2026.1"
  std::string source_path;  // the file it was loaded from ("" when built)
  // ENGAGEMENT_IMPLAUSIBLE: more than `engagement_ceiling` distinct case
  // numbers per engaged official over this batch and the last
  // `engagement_window_days` days.
  int engagement_ceiling = 100;
  int engagement_window_days = 365;
  // MATTER_TOO_BROAD: more than `matter_ceiling` distinct persons under one
  // case number of one agency within `matter_window_days` days.
  int matter_ceiling = 25;
  int matter_window_days = 365;
  // REASON_NOT_SPECIFIC: a reason with more than `boilerplate_threshold`
  // near-copies (boilerplate.h: within max(near_copy_edits, near_copy_share
  // x the longer) edits) among the requests of its batch, plus its agency's
  // requests within `boilerplate_window_days` days; or fewer than
  // `reason_min_words` words once names and digits are removed.
  int boilerplate_threshold = 25;
  int boilerplate_window_days = 7;
  int near_copy_edits = 3;
  double near_copy_share = 0.05;
  int reason_min_words = 4;
  // SIGNATURE_INVALID: a request without a signature is refused when true
  // (a signature that does not verify is refused either way).
  bool require_signatures = true;
  // What the agency is told: a matching review not settled within
  // `review_deadline_days` days of its batch is answered no_record; single
  // requests are answered in release windows of `release_window_hours`
  // (0: as soon as settled, which lets timing tell a review: tests only).
  int review_deadline_days = 7;
  int release_window_hours = 24;
  // Two-person rule: a disclosure after a matching review is proposed by
  // one reviewer and confirmed by another (pipeline/review.h).
  bool two_person_disclosure = true;
  // taxgate serve: requests each agency may send per minute (a token
  // bucket holding a minute's worth), and agencies with their own rate (0
  // refuses every request of that agency). Over it: HTTP 429, audited.
  int service_requests_per_minute = 600;
  std::map<std::string, int, std::less<>> service_agency_requests_per_minute;
  // The release profile used for disclosures (one of release_profiles).
  std::string release_profile = "dc-circuit-2026";
  // PURPOSE_NOT_PERMITTED: an empty purpose means `default_purpose`.
  std::string default_purpose = "criminal_investigation";
  std::vector<std::string> permitted_purposes = {
      "criminal_investigation", "judicial_proceeding", "grand_jury"};
  // PURPOSE_UNCLEAR: with no declared purpose, a reason with one of these
  // words or phrases (removal, deportation, visas, benefits, voter rolls).
  PhraseList refused_use_words;
  // Placeholder values of every kind of field (placeholders.h).
  PlaceholderLists placeholders;
  // RETURN_INFORMATION_REQUESTED: anything beyond these.
  std::vector<std::string> identity_fields = {"name", "address", "tin"};
  // Other names agencies give the identity fields ("mailing_address" ->
  // "address", "ssn" -> "tin"), words joined by '_', singular.
  std::map<std::string, std::string, std::less<>> field_aliases;
  // TAX_PERIOD_INVALID: periods before this year.
  int earliest_tax_year = 1900;
  // LEGAL_HOLD: agencies the policy file itself bars (operators set holds
  // in the store; see History::agencies_on_hold).
  std::vector<std::string> agencies_on_hold;
  // Every rule of LAW.md, by code. Empty in a default-constructed Policy:
  // OutcomeOf then falls back to LAW.md's outcomes.
  std::map<std::string, Rule, std::less<>> rules;
  std::map<std::string, ReleaseProfile, std::less<>> release_profiles;
  std::string statute_table_file = "statutes.csv";  // as written in the file
  std::string statute_table_path;                   // where it was read from
  StatuteTable statutes;
  AddressClassifier addresses;
};

// The statute table `policy_file` names (statutes.table, as written: the
// loader reads it relative to the policy file). Errors: those of
// ParsePolicy's reading of the TOML.
Result<std::string> StatuteTableName(const InputFile& policy_file);

// Parses and validates a policy file (TOML) with its statute table, and
// builds the address check on `usps`. Errors: InvalidArgument naming file,
// line and key for anything malformed (see above); an unknown rule code is
// an error.
Result<Policy> ParsePolicy(const InputFile& policy_file,
                           const InputFile& statute_table,
                           const normalize::UspsVocabulary& usps);

// Citation of a code, e.g. "26 U.S.C. 6103(i)(2)(B)(i)"; "" when the policy
// has no such rule.
std::string CitationOf(const Policy& policy, std::string_view code);
// The outcome when the rule `code` is broken: the policy file's, else
// LAW.md's (review for STATUTE_UNKNOWN, REASON_NOT_SPECIFIC,
// ADDRESS_UNVERIFIED, MATTER_TOO_BROAD and PURPOSE_UNCLEAR, rejected for
// every other code).
domain::Outcome OutcomeOf(const Policy& policy, std::string_view code);

}  // namespace taxgate::policy

#endif  // TAXGATE_POLICY_POLICY_H_
