#include "policy/evaluator.h"

#include <algorithm>
#include <unordered_map>

#include "common/strings.h"
#include "policy/address_check.h"
#include "policy/boilerplate.h"

namespace taxgate::policy {

std::string NormalizeCaseNumber(std::string_view s) {
  std::string out;
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c >= 'a' && c <= 'z') {
      out += static_cast<char>(c - 'a' + 'A');
    } else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80) {
      out += ch;
    }
  }
  return out;
}

std::string SubjectKey(const domain::Request& r) {
  std::string key = NormalizeCaseNumber(r.official_id);
  key += '\x1f';
  key += NormalizeCaseNumber(r.case_number);
  key += '\x1f';
  key += NormalizeCaseNumber(r.person.first_name);
  key += '\x1f';
  key += NormalizeCaseNumber(r.person.last_name);
  key += '\x1f';
  key += std::string(Trim(r.person.dob));
  return key;
}

Evaluation Combine(const Policy& policy, std::vector<std::string> codes) {
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  Evaluation e;
  e.outcome = domain::Outcome::kEligible;
  for (const auto& c : codes) {
    domain::Outcome o = OutcomeOf(policy, c);
    if (o == domain::Outcome::kRejected) {
      e.outcome = domain::Outcome::kRejected;
    } else if (o == domain::Outcome::kReview &&
               e.outcome == domain::Outcome::kEligible) {
      e.outcome = domain::Outcome::kReview;
    }
  }
  e.codes = std::move(codes);
  return e;
}

void AddWithheldI6(const Policy& policy, Evaluation* evaluation) {
  std::vector<std::string> codes = evaluation->codes;
  codes.push_back(kWithheldI6);
  std::string dup = evaluation->duplicate_of;
  *evaluation = Combine(policy, std::move(codes));
  evaluation->duplicate_of = std::move(dup);
}

std::vector<Evaluation> EvaluateBatch(const Policy& policy,
                                      const std::vector<domain::Request>& batch,
                                      const OfficialLookup& officials,
                                      const History& history, Date as_of) {
  const size_t n = batch.size();
  std::vector<std::vector<std::string>> codes(n);
  std::vector<std::string> agency(n);
  std::vector<std::string> reason(n);  // normalized; "" when missing
  std::vector<bool> name_missing(n);
  std::vector<std::string> duplicate_of(n);
  std::unordered_map<std::string, std::vector<std::string>> statute_cache;

  std::set<std::string> holds(policy.agencies_on_hold.begin(),
                              policy.agencies_on_hold.end());
  holds.insert(history.agencies_on_hold.begin(),
               history.agencies_on_hold.end());

  // Rules of one request alone.
  for (size_t i = 0; i < n; ++i) {
    const domain::Request& r = batch[i];
    auto& c = codes[i];
    agency[i] = AgencyOf(r, officials);
    if (RequesterNotAuthorized(r, officials, as_of)) {
      c.push_back(kRequesterNotAuthorized);
    }
    name_missing[i] = NameMissing(r.person);
    if (name_missing[i]) c.push_back(kNameMissing);
    switch (policy.addresses.Classify(r.person).verdict) {
      case AddressVerdict::kMissing:
        c.push_back(kAddressMissing);
        break;
      case AddressVerdict::kNotReal:
        c.push_back(kAddressNotReal);
        break;
      case AddressVerdict::kReal:
        break;
    }
    std::string_view period =
        CheckTaxPeriods(r.tax_periods, as_of, policy.earliest_tax_year);
    if (!period.empty()) c.emplace_back(period);
    auto cached = statute_cache.find(r.statute);
    if (cached == statute_cache.end()) {
      cached = statute_cache
                   .emplace(r.statute, CheckStatute(r.statute, policy.statutes))
                   .first;
    }
    c.insert(c.end(), cached->second.begin(), cached->second.end());
    if (ReasonIsMissing(r.reason, r.person)) {
      c.push_back(kReasonMissing);
    } else {
      reason[i] = NormalizeReason(r.reason, r.person);
    }
    if (CaseMissing(r.case_number)) c.push_back(kCaseMissing);
    if (PurposeNotPermitted(r.purpose, policy)) {
      c.push_back(kPurposeNotPermitted);
    }
    if (ReturnInformationRequested(r.fields_requested, policy)) {
      c.push_back(kReturnInformationRequested);
    }
    if (!agency[i].empty() && holds.count(agency[i]) > 0) {
      c.push_back(kLegalHold);
    }
  }

  // Engagement: distinct matters per engaged official.
  std::map<std::string, std::set<std::string>> cases;
  for (const auto& [official, earlier] : history.cases_by_official) {
    auto& set = cases[NormalizeCaseNumber(official)];
    for (const auto& cn : earlier) {
      std::string norm = NormalizeCaseNumber(cn);
      if (!norm.empty()) set.insert(norm);
    }
  }
  for (const auto& r : batch) {
    std::string official = NormalizeCaseNumber(r.official_id);
    std::string cn = NormalizeCaseNumber(r.case_number);
    if (official.empty() || cn.empty() || CaseMissing(r.case_number)) continue;
    cases[official].insert(cn);
  }
  for (size_t i = 0; i < n; ++i) {
    std::string official = NormalizeCaseNumber(batch[i].official_id);
    if (official.empty()) continue;
    auto it = cases.find(official);
    if (it != cases.end() &&
        static_cast<int64_t>(it->second.size()) > policy.engagement_ceiling) {
      codes[i].push_back(kEngagementImplausible);
    }
  }

  // Boilerplate: the same normalized reason on too many requests.
  std::unordered_map<std::string, int> reason_count;
  for (size_t i = 0; i < n; ++i) {
    if (!reason[i].empty()) ++reason_count[reason[i]];
  }
  for (size_t i = 0; i < n; ++i) {
    if (reason[i].empty()) continue;
    int64_t count = reason_count[reason[i]];
    auto a = history.recent_reasons.find(agency[i]);
    if (a != history.recent_reasons.end()) {
      auto b = a->second.find(reason[i]);
      if (b != a->second.end()) count += b->second;
    }
    if (count > policy.boilerplate_threshold) {
      codes[i].push_back(kReasonNotSpecific);
    }
  }

  // Duplicates, in file order. A request is identified by its agency and
  // request id (LAW.md), in the batch as across batches.
  std::set<std::string> seen_ids;                              // agency+id
  std::unordered_map<std::string, std::string> seen_subjects;  // key -> id
  for (size_t i = 0; i < n; ++i) {
    const domain::Request& r = batch[i];
    std::string id(Trim(r.request_id));
    std::string agency_id = agency[i] + '\x1f' + id;
    std::string dup;
    if (!id.empty()) {
      if (seen_ids.count(agency_id) > 0) {
        dup = id;
      } else {
        auto h = history.earlier_request_ids.find(agency_id);
        if (h != history.earlier_request_ids.end()) dup = h->second;
      }
    }
    std::string subject;
    if (!name_missing[i]) subject = SubjectKey(r);
    if (dup.empty() && !subject.empty()) {
      auto s = seen_subjects.find(subject);
      if (s != seen_subjects.end()) {
        dup = s->second;
      } else {
        auto h = history.earlier_subjects.find(subject);
        if (h != history.earlier_subjects.end()) dup = h->second;
      }
    }
    if (!dup.empty()) {
      codes[i].push_back(kDuplicateRequest);
      duplicate_of[i] = dup;
    }
    if (!id.empty()) seen_ids.insert(agency_id);
    if (!subject.empty()) {
      seen_subjects.emplace(subject,
                            id.empty() ? "row " + std::to_string(i + 1) : id);
    }
  }

  std::vector<Evaluation> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    Evaluation e = Combine(policy, std::move(codes[i]));
    e.duplicate_of = std::move(duplicate_of[i]);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace taxgate::policy
