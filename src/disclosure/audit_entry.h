// Canonical audit entry bytes: the "personality" in front of the generic
// Merkle log (STYLE.md #9, after Trillian). Each entry is one JSON object
// with sorted keys, no spaces, ASCII only (non-ASCII escaped as \uXXXX), so
// the same facts always give the same bytes. docs/audit_format.md specifies
// every entry type.
//
// Entries hold codes, ids the agency chose, and keyed digests
// (HMAC-SHA-256 under the store's secret key) of anything about a
// taxpayer: never a name, date of birth, TIN, address or record id in clear.
//
// Pure: time and key are arguments. Thread-safe.
#ifndef TAXGATE_DISCLOSURE_AUDIT_ENTRY_H_
#define TAXGATE_DISCLOSURE_AUDIT_ENTRY_H_

#include <optional>
#include <string>
#include <vector>

#include "disclosure/agency_answer.h"
#include "domain/record.h"
#include "domain/request.h"

namespace taxgate::disclosure {

inline constexpr int kEntryFormatVersion = 1;

// Who acted, and when (every entry carries both).
struct Actor {
  std::string kind;  // "agency", "operator", "reviewer", "system"
  std::string agency;
  std::string official_id;  // the engaged official, for agency requests
  std::string signed_by;    // the signer, for agency requests
  std::string name;         // operator or reviewer name
};

struct EntryContext {
  std::string batch_id;  // digest of the batch file, "" outside a batch
  int64_t position = -1;
  std::string time;  // ISO 8601 UTC
  std::string key;   // HMAC key for digests
};

// Keyed digest (hex) of `text` under `key`.
std::string KeyedDigest(const std::string& key, const std::string& text);
// Keyed digest of the request's whole content (all columns, in a fixed
// order), so the log proves what was asked without holding it.
std::string RequestDigest(const std::string& key, const domain::Request& r);

// A request as received: its ids, case, statute, periods, purpose and
// fields in clear (the agency's words, no taxpayer data), keyed digests of
// its whole content and of its reason, and the signer's signature.
std::string RequestEntry(const EntryContext& c, const Actor& a,
                         const domain::Request& r);
// The statute rules' decision, with the policy version and the digest of
// the ruleset it was made under (ruleset/ruleset.h).
std::string PolicyEntry(const EntryContext& c, const Actor& a,
                        const std::string& request_id,
                        const std::string& policy_version,
                        const std::string& ruleset_digest,
                        const std::string& as_of, const std::string& outcome,
                        const std::vector<std::string>& codes);
// What decided a match: the model's version and the digest of its
// parameters (linkage::ModelDigest), and the ruleset's digest.
struct MatchModel {
  std::string version;
  std::string digest;
  std::string ruleset_digest;
};
std::string MatchEntry(const EntryContext& c, const Actor& a,
                       const std::string& request_id,
                       const std::string& record_id,
                       std::optional<double> probability,
                       std::optional<double> weight,
                       const std::string& decision, const MatchModel& model);
// `disclosure_json` is what went out; the entry holds its digest and the
// names (not values) of the fields, each with source and tax year.
struct FieldProvenance {
  std::string field, source;
  int tax_year = 0;
};
// `taxpayer_digest` names the taxpayer whose identity went out
// (TaxpayerDigest), so the accounting can count distinct taxpayers without
// holding who they are.
std::string DisclosureEntry(const EntryContext& c, const Actor& a,
                            const std::string& request_id,
                            const std::string& disclosure_json,
                            const std::vector<FieldProvenance>& fields,
                            const std::string& profile,
                            const std::string& taxpayer_digest);
// The stable name of a taxpayer from the rows that make them up: "tin:" and
// the 9-digit TIN when a row has one, else "record:" and the smallest
// record id.
std::string TaxpayerKey(const std::vector<domain::Record>& rows);
// The key a taxpayer withheld under (i)(6) is stored by (the flags table
// never holds the TIN): KeyedDigest(key, "tin:" + tin), equal to the
// TaxpayerDigest of a taxpayer with that TIN.
std::string WithheldTinKey(const std::string& key, const std::string& tin);
// KeyedDigest(key, TaxpayerKey(rows)).
std::string TaxpayerDigest(const std::string& key,
                           const std::vector<domain::Record>& rows);
std::string DecisionEntry(const EntryContext& c, const Actor& a,
                          const std::string& request_id,
                          domain::Outcome decision,
                          const std::vector<std::string>& reasons);
// A reviewer settling a request that was sent to review: the action
// ("disclose", "no_record", "reject"), a reason code, the keyed digest of
// the reviewer's note (free text may name the person) and, for "disclose",
// the keyed digest of the record confirmed. The actor names the reviewer.
// With the two-person rule, a confirmed disclosure also names the reviewer
// who proposed it (`proposed_by`).
std::string ReviewEntry(const EntryContext& c, const Actor& a,
                        const std::string& request_id,
                        const std::string& action, const std::string& reason,
                        const std::string& note, const std::string& record_id,
                        const std::string& proposed_by = "");
// What the agency was told (disclosure/agency_answer.h): the receipt the
// requester holds points at this entry, so it holds only what the agency
// saw, never an internal code such as WITHHELD_I6.
std::string ResponseEntry(const EntryContext& c, const Actor& a,
                          const std::string& request_id,
                          const AgencyAnswer& answer);
// An operator's action (loading records, importing officials...): `facts`
// is a flat list of name/value pairs, never taxpayer data.
std::string OperatorEntry(
    const EntryContext& c, const Actor& a, const std::string& action,
    const std::vector<std::pair<std::string, std::string>>& facts);

}  // namespace taxgate::disclosure

#endif  // TAXGATE_DISCLOSURE_AUDIT_ENTRY_H_
