// What goes out for a lawful request once its taxpayer is identified, by a
// confident match (processor.h) or by a reviewer (review.h): the one place
// that applies the (i)(6) flags and the release profile.
#ifndef TAXGATE_PIPELINE_RELEASE_H_
#define TAXGATE_PIPELINE_RELEASE_H_

#include <set>
#include <string>
#include <vector>

#include "disclosure/audit_entry.h"
#include "domain/record.h"
#include "domain/request.h"
#include "policy/policy.h"

namespace taxgate::pipeline {

struct Release {
  // disclosed, no_record, or the (i)(6) outcome
  domain::Outcome decision = domain::Outcome::kNoRecord;
  std::vector<std::string> codes;  // WITHHELD_I6 or NO_RECORD_IN_PERIODS
  std::string disclosure_json;     // what goes out; "" unless disclosed
  std::string taxpayer_digest;     // whose identity; "" unless disclosed
  std::string profile;             // the release profile; "" unless disclosed
};

inline constexpr char kNoRecordInPeriods[] = "NO_RECORD_IN_PERIODS";

// For request `r` and the rows of its identified taxpayer: when one row's
// TIN's disclosure::WithheldTinKey is in `withheld` (the keys of the
// store's (i)(6) flags), nothing (WITHHELD_I6, with the policy's outcome
// for it: rejected as shipped); else the identity fields the policy's
// release profile allows for the periods asked (disclosed; the disclosure
// entry is written when the answer is released, answers.h), or no_record
// when none may be released (NO_RECORD_IN_PERIODS). `key` is the store's
// HMAC key (for the taxpayer's digest).
Release ReleaseFor(const domain::Request& r,
                   const std::vector<domain::Record>& taxpayer,
                   const std::set<std::string>& withheld,
                   const policy::Policy& pol, const std::string& key);

}  // namespace taxgate::pipeline

#endif  // TAXGATE_PIPELINE_RELEASE_H_
