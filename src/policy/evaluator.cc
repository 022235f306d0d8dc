#include "policy/evaluator.h"

#include <algorithm>
#include <unordered_map>

#include "common/crypto.h"
#include "common/strings.h"
#include "policy/boilerplate.h"
#include "policy/placeholders.h"
#include "text/text.h"

namespace taxgate::policy {
namespace {

// What the batch rules need of one request, computed once.
struct Facts {
  std::string agency;    // agency code
  std::string official;  // OfficialPersonKey of the engaged official
  std::string matter;    // "" when the case is missing
  std::string name_key;  // digest, "" when the name is missing
  std::string dob_key;   // digest, "" when empty or invalid
  std::string reason;    // normalized, "" when missing
  bool counts = true;    // false for a request with an invalid signature
};

// Persons under one matter: name key -> distinct known dates of birth.
// Namesakes are told apart by their dates of birth; a person with no date
// counts once however many namesakes share the name.
struct Persons {
  std::map<std::string, std::set<std::string>> by_name;
  void Add(const std::string& name, const std::string& dob) {
    auto& dobs = by_name[name];
    if (!dob.empty()) dobs.insert(dob);
  }
  int64_t Count() const {
    int64_t n = 0;
    for (const auto& [name, dobs] : by_name) {
      n += std::max<int64_t>(1, static_cast<int64_t>(dobs.size()));
    }
    return n;
  }
};

// An earlier request as the duplicate rule compares it.
struct Subject {
  std::string name_key;
  std::string dob_key;
  std::string label;
};

std::string OfficialMatter(const std::string& official,
                           const std::string& matter) {
  return official + '\x1f' + matter;
}

// The sorted word digests of a name key.
std::vector<std::string_view> NameParts(std::string_view key) {
  std::vector<std::string_view> parts;
  while (!key.empty()) {
    size_t comma = key.find(',');
    parts.push_back(key.substr(0, comma));
    if (comma == std::string_view::npos) break;
    key.remove_prefix(comma + 1);
  }
  return parts;
}

bool DobAlike(const std::string& a, const std::string& b) {
  return a.empty() || b.empty() || a == b;
}

// The earlier subjects of one official and matter, found by name without
// comparing each with each (a batch may put a million requests under one
// matter): an earlier name whose words are a subset of the new one's is
// one of the subsets of the new words, looked up whole; an earlier name
// holding all the new words is in the postings of each of them, so the
// shortest posting list is enough to look through.
class SubjectIndex {
 public:
  void Add(Subject s) {
    const auto id = static_cast<uint32_t>(subjects_.size());
    by_key_[s.name_key].push_back(id);
    std::vector<uint32_t> words;
    for (std::string_view part : NameParts(s.name_key)) {
      auto [it, added] = word_ids_.try_emplace(
          std::string(part), static_cast<uint32_t>(word_ids_.size()));
      if (added) by_word_.emplace_back();
      by_word_[it->second].push_back(id);
      words.push_back(it->second);
    }
    std::sort(words.begin(), words.end());
    words_.push_back(std::move(words));
    subjects_.push_back(std::move(s));
  }

  // The earliest subject that is the same person (SameName, dates alike).
  const Subject* Find(const std::string& name, const std::string& dob) const {
    const std::vector<std::string_view> parts = NameParts(name);
    uint32_t best = UINT32_MAX;
    auto consider = [&](uint32_t id) {
      if (id < best && DobAlike(subjects_[id].dob_key, dob)) best = id;
    };
    constexpr size_t kMaxSubsetWords = 12;
    if (parts.size() <= kMaxSubsetWords) {
      // Earlier names within the new one: each subset of its words.
      const uint32_t subsets = 1u << parts.size();
      std::string key;
      for (uint32_t mask = 1; mask < subsets; ++mask) {
        key.clear();
        for (size_t k = 0; k < parts.size(); ++k) {
          if ((mask & (1u << k)) == 0) continue;
          if (!key.empty()) key += ',';
          key += parts[k];
        }
        auto it = by_key_.find(key);
        if (it == by_key_.end()) continue;
        for (uint32_t id : it->second) consider(id);
      }
    } else {
      for (uint32_t id = 0; id < subjects_.size(); ++id) {
        if (SameName(subjects_[id].name_key, name)) consider(id);
      }
    }
    // Earlier names holding the new one: in the shortest posting list of
    // its words, those whose word ids include all of them.
    std::vector<uint32_t> wanted;
    const std::vector<uint32_t>* shortest = nullptr;
    for (std::string_view part : parts) {
      auto it = word_ids_.find(std::string(part));
      if (it == word_ids_.end()) return Best(best);  // no name holds it
      wanted.push_back(it->second);
      const std::vector<uint32_t>& posting = by_word_[it->second];
      if (shortest == nullptr || posting.size() < shortest->size()) {
        shortest = &posting;
      }
    }
    std::sort(wanted.begin(), wanted.end());
    if (shortest != nullptr) {
      for (uint32_t id : *shortest) {
        if (id >= best) break;  // postings are in insertion order
        const std::vector<uint32_t>& have = words_[id];
        if (std::includes(have.begin(), have.end(), wanted.begin(),
                          wanted.end())) {
          consider(id);
        }
      }
    }
    return Best(best);
  }

 private:
  const Subject* Best(uint32_t best) const {
    return best == UINT32_MAX ? nullptr : &subjects_[best];
  }

  std::vector<Subject> subjects_;
  std::vector<std::vector<uint32_t>> words_;  // sorted word ids per subject
  std::unordered_map<std::string, std::vector<uint32_t>> by_key_;
  std::unordered_map<std::string, uint32_t> word_ids_;  // digest -> id
  std::vector<std::vector<uint32_t>> by_word_;          // id -> subjects
};

// The code points of a UTF-8 word.
size_t CodePointCount(std::string_view w) {
  size_t n = 0;
  for (char c : w) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace

std::vector<std::string> PersonNameWords(const domain::PersonQuery& p) {
  std::vector<std::string> words;
  for (const std::string* field :
       {&p.first_name, &p.middle_name, &p.last_name}) {
    const bool surname = field == &p.last_name;
    bool after_ideograph = false;
    for (auto& w : text::FoldedWords(*field)) {
      // Han and kana are split a character a word (text.h); in a name a
      // run of them is one word (王明 is not 王 and 明, nor within 王小明).
      const bool ideograph = text::HasIdeographs(w);
      if (ideograph && after_ideograph) {
        words.back() += w;
        continue;
      }
      after_ideograph = ideograph;
      // Initials of given and middle names are left out ("Ana M. Garcia");
      // a surname of one letter is a name (Korean "O").
      if (ideograph || surname || CodePointCount(w) > 1) {
        words.push_back(std::move(w));
      } else {
        after_ideograph = false;
      }
    }
  }
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

std::string PersonNameKey(const std::string& digest_key,
                          const domain::PersonQuery& p) {
  std::vector<std::string> parts;
  for (const auto& w : PersonNameWords(p)) {
    parts.push_back(SubjectDigest(digest_key, w));
  }
  std::sort(parts.begin(), parts.end());
  return Join(parts, ",");
}

bool SameName(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return false;
  std::vector<std::string_view> x = NameParts(a), y = NameParts(b);
  if (x.size() > y.size()) std::swap(x, y);
  return std::includes(y.begin(), y.end(), x.begin(), x.end());
}

std::string DobKey(std::string_view dob) {
  std::string clean = text::Clean(dob);
  auto d = ParseIsoDate(clean);
  return d ? d->ToString() : "";
}

std::string OfficialPersonKey(const domain::Official& o) {
  std::string name = Join(text::FoldedWords(o.name), " ");
  if (name.empty()) return "id:" + o.official_id;
  return text::AgencyCode(o.agency) + '\x1f' + name;
}

std::string SubjectDigest(const std::string& key, const std::string& raw) {
  if (raw.empty()) return "";
  if (key.empty()) return raw;
  return ToHex(HmacSha256(key, raw));
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

// The rules' view of the past as of one date (HistoryIndex).
struct HistoryIndex::Impl {
  Impl(const Policy& p, Date d)
      : policy(p),
        as_of(d),
        today(d.ToString()),
        engaged_since(Since(p.engagement_window_days)),
        matters_since(Since(p.matter_window_days)),
        reasons_since(Since(p.boilerplate_window_days)) {}
  std::string Since(int days) const {
    return Date::FromDays(as_of.ToDays() - days).ToString();
  }
  bool Within(const EarlierRequest& e, const std::string& from) const {
    return e.decided_on >= from && e.decided_on <= today;
  }

  const Policy& policy;
  Date as_of;
  std::string today, engaged_since, matters_since, reasons_since;
  std::string digest_key;
  std::set<std::string> holds;
  // Engagement: distinct matters per engaged official (one person).
  std::map<std::string, std::set<std::string>> matters;
  // Matter breadth: distinct persons under one matter of one agency
  // (agency '\x1f' matter).
  std::map<std::string, Persons> persons;
  // Boilerplate: each agency's recent reasons.
  std::map<std::string, NearCopyIndex> recent;
  // Duplicates: agency '\x1f' folded id -> label; subjects by official
  // (one person) and matter.
  std::map<std::string, std::string> earlier_ids;
  std::unordered_map<std::string, SubjectIndex> earlier_subjects;
};

namespace {

std::string OfficialPerson(const std::string& raw_id,
                           const OfficialLookup& officials) {
  std::string id(Trim(raw_id));
  if (id.empty()) return "";
  const domain::Official* o = officials ? officials(id) : nullptr;
  return o ? OfficialPersonKey(*o) : "id:" + id;
}

}  // namespace

HistoryIndex::HistoryIndex(const Policy& policy, const History& history,
                           const OfficialLookup& officials, Date as_of)
    : impl_(std::make_unique<Impl>(policy, as_of)) {
  impl_->digest_key = history.digest_key;
  for (const auto& a : history.agencies_on_hold) {
    impl_->holds.insert(text::AgencyCode(a));
  }
  // One official is one person, whatever registry id the request names.
  std::unordered_map<std::string, std::string> person_of;
  for (const auto& e : history.earlier) {
    auto it = person_of.find(e.official_id);
    if (it == person_of.end()) {
      it = person_of
               .emplace(e.official_id, OfficialPerson(e.official_id, officials))
               .first;
    }
    AddWithPerson(e, it->second);
  }
  for (auto& [agency, reasons] : impl_->recent) reasons.Compact();
}

HistoryIndex::~HistoryIndex() = default;
HistoryIndex::HistoryIndex(HistoryIndex&&) noexcept = default;
HistoryIndex& HistoryIndex::operator=(HistoryIndex&&) noexcept = default;

Date HistoryIndex::as_of() const { return impl_->as_of; }

void HistoryIndex::Add(const EarlierRequest& e,
                       const OfficialLookup& officials) {
  AddWithPerson(e, OfficialPerson(e.official_id, officials));
}

void HistoryIndex::AddWithPerson(const EarlierRequest& e,
                                 const std::string& person) {
  Impl& x = *impl_;
  if (!e.matter.empty() && x.Within(e, x.engaged_since) && !person.empty()) {
    x.matters[person].insert(e.matter);
  }
  if (!e.matter.empty() && !e.name_key.empty() &&
      x.Within(e, x.matters_since)) {
    x.persons[e.agency + '\x1f' + e.matter].Add(e.name_key, e.dob_key);
  }
  if (!e.reason.empty() && x.Within(e, x.reasons_since)) {
    x.recent
        .try_emplace(e.agency, x.policy.near_copy_edits,
                     x.policy.near_copy_share)
        .first->second.Add(e.reason, 1);
  }
  x.earlier_ids.emplace(e.agency + '\x1f' + RequestIdKey(e.request_id),
                        e.label);
  if (!e.matter.empty() && !e.name_key.empty()) {
    x.earlier_subjects[OfficialMatter(person, e.matter)].Add(
        {e.name_key, e.dob_key, e.label});
  }
}

std::vector<Evaluation> EvaluateBatch(const Policy& policy,
                                      const std::vector<domain::Request>& batch,
                                      const OfficialLookup& officials,
                                      const History& history, Date as_of,
                                      ThreadPool* pool) {
  HistoryIndex index(policy, history, officials, as_of);
  return EvaluateBatch(policy, batch, officials, index, pool);
}

std::vector<Evaluation> EvaluateBatch(const Policy& policy,
                                      const std::vector<domain::Request>& batch,
                                      const OfficialLookup& officials,
                                      const HistoryIndex& index,
                                      ThreadPool* pool) {
  const HistoryIndex::Impl& past = *index.impl_;
  const Date as_of = past.as_of;
  const size_t n = batch.size();
  std::vector<std::vector<std::string>> codes(n);
  std::vector<Facts> facts(n);
  std::vector<std::string> duplicate_of(n);
  std::unordered_map<std::string, std::vector<std::string>> statute_cache;

  std::set<std::string> holds;
  for (const auto& a : policy.agencies_on_hold) {
    holds.insert(text::AgencyCode(a));
  }
  holds.insert(past.holds.begin(), past.holds.end());
  // One official is one person, whatever registry id the request names.
  std::unordered_map<std::string, std::string> person_of;
  auto official_person = [&](const std::string& raw_id) -> std::string {
    std::string id(Trim(raw_id));
    if (id.empty()) return "";
    auto it = person_of.find(id);
    if (it != person_of.end()) return it->second;
    std::string key = OfficialPerson(id, officials);
    person_of.emplace(id, key);
    return key;
  };

  // The few distinct statutes and officials first, so that the rules of
  // one request alone, on the pool's threads, only read these maps.
  for (const domain::Request& r : batch) {
    if (statute_cache.find(r.statute) == statute_cache.end()) {
      statute_cache.emplace(r.statute, CheckStatute(r.statute, policy));
    }
    official_person(r.official_id);
  }
  auto known_person = [&](const std::string& raw_id) -> std::string {
    std::string id(Trim(raw_id));
    return id.empty() ? std::string() : person_of.at(id);
  };

  // Rules of one request alone (each request's own codes and facts: the
  // result does not depend on the slicing).
  ForSlices(pool, n, 64, [&](size_t, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      const domain::Request& r = batch[i];
      auto& c = codes[i];
      Facts& f = facts[i];
      f.agency = AgencyOf(r, officials);
      if (RequesterNotAuthorized(r, officials, as_of)) {
        c.push_back(kRequesterNotAuthorized);
      }
      if (SignatureInvalid(r, officials, policy)) {
        c.push_back(kSignatureInvalid);
        f.counts = false;
      }
      bool name_missing = NameMissing(r.person, policy);
      if (name_missing) c.push_back(kNameMissing);
      switch (policy.addresses.Classify(r.person).verdict) {
        case AddressVerdict::kMissing:
          c.push_back(kAddressMissing);
          break;
        case AddressVerdict::kNotReal:
          c.push_back(kAddressNotReal);
          break;
        case AddressVerdict::kUnverified:
          c.push_back(kAddressUnverified);
          break;
        case AddressVerdict::kReal:
          break;
      }
      std::string_view period = CheckTaxPeriods(r.tax_periods, as_of, policy);
      if (!period.empty()) c.emplace_back(period);
      const auto& statute_codes = statute_cache.at(r.statute);
      c.insert(c.end(), statute_codes.begin(), statute_codes.end());
      if (ReasonMissing(r, policy, &f.reason)) {
        c.push_back(kReasonMissing);
      } else if (WordCount(f.reason) <
                 static_cast<size_t>(policy.reason_min_words)) {
        c.push_back(kReasonNotSpecific);
      }
      bool case_missing = CaseMissing(r.case_number, policy);
      if (case_missing) {
        c.push_back(kCaseMissing);
      } else {
        f.matter = MatterKey(r.case_number);
      }
      if (PurposeNotPermitted(r.purpose, policy)) {
        c.push_back(kPurposeNotPermitted);
      } else if (PurposeUnclear(r, policy)) {
        c.push_back(kPurposeUnclear);
      }
      if (ReturnInformationRequested(r.fields_requested, policy)) {
        c.push_back(kReturnInformationRequested);
      }
      if (!f.agency.empty() && holds.count(f.agency) > 0) {
        c.push_back(kLegalHold);
      }
      f.official = known_person(r.official_id);
      if (!name_missing) {
        f.name_key = PersonNameKey(past.digest_key, r.person);
        f.dob_key = SubjectDigest(past.digest_key, DobKey(r.person.dob));
      }
    }
  });

  // Engagement: distinct matters per engaged official (one person), the
  // past's and this batch's.
  std::map<std::string, std::set<std::string>> matters;
  for (const Facts& f : facts) {
    if (f.counts && !f.official.empty() && !f.matter.empty()) {
      auto [it, added] = matters.try_emplace(f.official);
      if (added) {
        auto p = past.matters.find(f.official);
        if (p != past.matters.end()) it->second = p->second;
      }
      it->second.insert(f.matter);
    }
  }
  for (size_t i = 0; i < n; ++i) {
    const std::set<std::string>* m = nullptr;
    if (auto it = matters.find(facts[i].official); it != matters.end()) {
      m = &it->second;
    } else if (auto p = past.matters.find(facts[i].official);
               p != past.matters.end()) {
      m = &p->second;
    }
    if (m != nullptr &&
        static_cast<int64_t>(m->size()) > policy.engagement_ceiling) {
      codes[i].push_back(kEngagementImplausible);
    }
  }

  // Matter breadth: distinct persons under one matter of one agency.
  std::map<std::string, Persons> persons;  // agency '\x1f' matter
  for (const Facts& f : facts) {
    if (f.counts && !f.matter.empty() && !f.name_key.empty()) {
      const std::string key = f.agency + '\x1f' + f.matter;
      auto [it, added] = persons.try_emplace(key);
      if (added) {
        auto p = past.persons.find(key);
        if (p != past.persons.end()) it->second = p->second;
      }
      it->second.Add(f.name_key, f.dob_key);
    }
  }
  // Counted once per matter, not per request (a matter of n requests would
  // otherwise cost n^2).
  std::map<std::string, bool> broad;
  for (size_t i = 0; i < n; ++i) {
    if (facts[i].matter.empty()) continue;
    const std::string key = facts[i].agency + '\x1f' + facts[i].matter;
    auto [known, added] = broad.try_emplace(key, false);
    if (added) {
      const Persons* people = nullptr;
      if (auto it = persons.find(key); it != persons.end()) {
        people = &it->second;
      } else if (auto p = past.persons.find(key); p != past.persons.end()) {
        people = &p->second;
      }
      known->second =
          people != nullptr && people->Count() > policy.matter_ceiling;
    }
    if (known->second) codes[i].push_back(kMatterTooBroad);
  }

  // Boilerplate: near-copies in the batch, and in the agency's recent
  // requests.
  NearCopyIndex in_batch(policy.near_copy_edits, policy.near_copy_share);
  for (const Facts& f : facts) {
    if (f.counts && !f.reason.empty()) in_batch.Add(f.reason, 1);
  }
  in_batch.Compact();
  const auto& recent = past.recent;  // agency -> index
  const int64_t threshold = policy.boilerplate_threshold;
  // Each distinct (agency, reason) is counted once, on every core: the
  // indexes are read only, each thread has its own scratch.
  std::unordered_map<std::string, size_t> slot_of;
  std::vector<size_t> first_of;  // a request carrying each distinct pair
  std::vector<size_t> slot(n, 0);
  for (size_t i = 0; i < n; ++i) {
    if (facts[i].reason.empty()) continue;
    auto [it, added] = slot_of.try_emplace(
        facts[i].agency + '\x1f' + facts[i].reason, first_of.size());
    if (added) first_of.push_back(i);
    slot[i] = it->second;
  }
  std::vector<int64_t> counted(first_of.size(), 0);
  ForSlices(pool, first_of.size(), 64, [&](size_t, size_t begin, size_t end) {
    NearCopyIndex::Scratch scratch;
    for (size_t k = begin; k < end; ++k) {
      const Facts& f = facts[first_of[k]];
      int64_t count = in_batch.Count(f.reason, threshold, &scratch);
      auto r = recent.find(f.agency);
      if (count <= threshold && r != recent.end()) {
        count += r->second.Count(f.reason, threshold - count, &scratch);
      }
      counted[k] = count;
    }
  });
  for (size_t i = 0; i < n; ++i) {
    const Facts& f = facts[i];
    if (f.reason.empty()) continue;
    int64_t count = counted[slot[i]];
    // A request with an invalid signature is not in the index: it still
    // counts itself.
    if (!f.counts) ++count;
    if (count > threshold) codes[i].push_back(kReasonNotSpecific);
  }

  // Duplicates, in file order. A request is identified by its agency and
  // request id (LAW.md), in the batch as across batches; ids compare
  // folded.
  const auto& earlier_ids = past.earlier_ids;  // agency '\x1f' id
  // Subjects by official (one person) and matter.
  const auto& earlier_subjects = past.earlier_subjects;
  std::map<std::string, std::string> seen_ids;
  std::unordered_map<std::string, SubjectIndex> seen_subjects;
  for (size_t i = 0; i < n; ++i) {
    const domain::Request& r = batch[i];
    const Facts& f = facts[i];
    std::string id(Trim(r.request_id));
    // Ids compare after the text rules, case and look-alikes folded,
    // separators alike (RequestIdKey): a repeated id is not made new by a
    // full-width letter, another dash or an invisible character.
    std::string agency_id = f.agency + '\x1f' + RequestIdKey(id);
    std::string label = id.empty() ? "row " + std::to_string(i + 1) : id;
    std::string dup;
    if (!id.empty()) {
      if (auto s = seen_ids.find(agency_id); s != seen_ids.end()) {
        dup = s->second;
      } else if (auto h = earlier_ids.find(agency_id); h != earlier_ids.end()) {
        dup = h->second;
      }
    }
    std::string triple;
    if (!f.official.empty() && !f.matter.empty() && !f.name_key.empty()) {
      triple = OfficialMatter(f.official, f.matter);
    }
    if (dup.empty() && !triple.empty()) {
      auto s = seen_subjects.find(triple);
      const Subject* match = s != seen_subjects.end()
                                 ? s->second.Find(f.name_key, f.dob_key)
                                 : nullptr;
      if (match == nullptr) {
        auto h = earlier_subjects.find(triple);
        if (h != earlier_subjects.end())
          match = h->second.Find(f.name_key, f.dob_key);
      }
      if (match != nullptr) dup = match->label;
    }
    if (!dup.empty()) {
      codes[i].push_back(kDuplicateRequest);
      duplicate_of[i] = dup;
    }
    if (!f.counts) continue;  // a forgery makes nothing a duplicate
    if (!id.empty()) seen_ids.emplace(agency_id, label);
    if (!triple.empty()) {
      seen_subjects[triple].Add({f.name_key, f.dob_key, label});
    }
  }

  std::vector<Evaluation> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    Evaluation e = Combine(policy, std::move(codes[i]));
    e.duplicate_of = std::move(duplicate_of[i]);
    e.name_key = std::move(facts[i].name_key);
    e.dob_key = std::move(facts[i].dob_key);
    e.reason = std::move(facts[i].reason);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace taxgate::policy
