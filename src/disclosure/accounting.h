// The accounting the law requires, read from the audit log itself, so that
// it reconciles with the log by construction:
//
//  - 26 U.S.C. 6103(p)(3)(A) and the Privacy Act, 5 U.S.C. 552a(c): for
//    every disclosure its date, the agency and the official who received
//    it (and who signed the request), the statute and purpose, the fields
//    released (names, never values, each with source and tax year), the
//    request id and case number, and the audit entry that proves it;
//  - 6103(p)(3)(B) and (C): per year, counts by agency and statute of
//    requests, disclosures and distinct taxpayers, and of the purposes
//    declared.
//
// Built from the entries of audit_entry.h: a disclosure is joined to its
// request by batch and position. Dates are the entries' UTC dates.
// Pure; thread-compatible.
#ifndef TAXGATE_DISCLOSURE_ACCOUNTING_H_
#define TAXGATE_DISCLOSURE_ACCOUNTING_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "disclosure/audit_entry.h"

namespace taxgate::disclosure {

struct AccountingRow {
  std::string date;  // YYYY-MM-DD of the disclosure entry
  std::string time;  // ISO 8601 UTC
  std::string agency, official_id, signed_by;
  std::string statute;  // as cited in the request
  std::string purpose;  // as declared ("" = none declared)
  std::string request_id, case_number;
  std::string batch;  // digest of the batch file
  std::string profile;
  std::vector<FieldProvenance> fields;  // names, sources, tax years
  int64_t disclosure_leaf = -1;         // the audit entry that proves it
};

// Counts of one agency (and statute) in a year.
struct JctCounts {
  int64_t requests = 0;
  int64_t disclosures = 0;
  int64_t taxpayers = 0;  // distinct taxpayers whose identity went out
};

struct JctReport {
  int year = 0;
  JctCounts total;
  std::map<std::string, JctCounts> by_agency;
  // agency -> statute (title and section, "8 U.S.C. 1253") -> counts
  std::map<std::string, std::map<std::string, JctCounts>> by_agency_statute;
  std::map<std::string, int64_t> purposes;   // of the requests
  std::map<std::string, int64_t> decisions;  // of the requests
};

class Accounting {
 public:
  // Reads one entry (in log order). Entries that are not JSON objects are
  // an error naming the leaf; entries of other types are skipped.
  Status Add(int64_t leaf_index, std::string_view entry);

  // Disclosures dated from..to (YYYY-MM-DD, both included), in log order.
  std::vector<AccountingRow> Disclosures(std::string_view from,
                                         std::string_view to) const;
  JctReport Jct(int year) const;

 private:
  struct RequestInfo {
    std::string agency, official_id, signed_by, statute, purpose;
    std::string request_id, case_number, date;
  };
  struct Disclosed {
    AccountingRow row;
    std::string taxpayer_digest;
    std::string key;  // batch '\x1f' position of its request
  };
  std::map<std::string, RequestInfo> requests_;  // batch '\x1f' position
  std::vector<Disclosed> disclosures_;
  // The latest decision of each request (a reviewed request has two).
  std::map<std::string, std::string> decisions_;  // key -> decision
};

// "8 U.S.C. 1253" for "8 U.S.C. § 1253(a)(1)" or "8 USC 1253": the title
// and section, for counting; the text trimmed when it does not parse.
std::string StatuteForCounts(std::string_view cited);

// CSV of the rows (header first): date, agency, official_id, signed_by,
// statute, purpose, fields, request_id, case_number, disclosure_leaf; fields
// as "name:source:tax_year" separated by ';'.
std::string AccountingCsv(const std::vector<AccountingRow>& rows);

}  // namespace taxgate::disclosure

#endif  // TAXGATE_DISCLOSURE_ACCOUNTING_H_
