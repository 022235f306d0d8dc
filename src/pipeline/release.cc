#include "pipeline/release.h"

#include <algorithm>

#include "disclosure/audit_entry.h"
#include "disclosure/field_selector.h"
#include "pipeline/processor.h"
#include "policy/request_rules.h"
#include "policy/rule_codes.h"

namespace taxgate::pipeline {

Release ReleaseFor(const domain::Request& r,
                   const std::vector<domain::Record>& taxpayer,
                   const std::set<std::string>& withheld,
                   const policy::Policy& pol, const std::string& key) {
  Release out;
  // (i)(6): checked after matching only; the agency's answer says nothing
  // more than that nothing is disclosed (agency_answer.h).
  bool is_withheld =
      !withheld.empty() &&
      std::any_of(
          taxpayer.begin(), taxpayer.end(), [&](const domain::Record& x) {
            return !x.tin.empty() &&
                   withheld.count(disclosure::WithheldTinKey(key, x.tin)) > 0;
          });
  if (is_withheld) {
    out.decision = OutcomeOf(pol, policy::kWithheldI6);
    out.codes.push_back(policy::kWithheldI6);
    return out;
  }
  std::vector<int> years;
  policy::ReadTaxPeriods(r.tax_periods, pol.placeholders, &years);
  // The profile in force lets out the sources the policy file names for it
  // (the loader has checked that it is defined).
  auto profile = pol.release_profiles.find(pol.release_profile);
  const std::vector<domain::Source> allowed =
      profile == pol.release_profiles.end()
          ? std::vector<domain::Source>{}
          : disclosure::ProfileSources(profile->second.sources);
  auto sel = disclosure::SelectFields(
      taxpayer, years, policy::RequestedFields(r.fields_requested, pol),
      allowed);
  if (!sel.released) {
    out.decision = domain::Outcome::kNoRecord;
    out.codes.push_back(kNoRecordInPeriods);
    return out;
  }
  out.decision = domain::Outcome::kDisclosed;
  out.disclosure_json = DisclosureJson(r, sel);
  out.taxpayer_digest = disclosure::TaxpayerDigest(key, taxpayer);
  out.profile = pol.release_profile;
  return out;
}

}  // namespace taxgate::pipeline
