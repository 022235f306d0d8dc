#include "synth/request_generator.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <optional>
#include <string_view>
#include <unordered_set>

#include "common/strings.h"
#include "domain/request_signature.h"
#include "synth/text_util.h"
#include "synth/us_cities.h"
#include "synth/weighted_sampler.h"

namespace taxgate::synth {
namespace {

constexpr uint64_t kLayoutStream = 10;
constexpr uint64_t kRequestStream = 11;
constexpr uint64_t kHardStream = 12;  // the hard batch's own draws

enum class Fault {
  kNone,
  kMissingPeriods,
  kOpenPeriod,
  kCivilStatute,
  kTaxStatute,
  kUnknownStatute,
  kMissingStatute,
  kMissingReason,
  kMissingCase,
  kBoilerplate,
  kUnknownOfficial,
  kUnknownSigner,
  kCrossAgencySigner,
  kInvestigatorSigns,
  kExpiredOfficial,
  kForbiddenPurpose,
  kReturnInformation,
  kDuplicateId,
  kBadSignature,
};

struct FaultWeight {
  Fault fault;
  double weight;
};

// Per request not attached to INV-BULK; the lawful share is about 74%.
constexpr FaultWeight kFaults[] = {
    {Fault::kNone, 78.0},
    {Fault::kMissingPeriods, 1.5},
    {Fault::kOpenPeriod, 2.0},
    {Fault::kCivilStatute, 3.5},
    {Fault::kTaxStatute, 1.0},
    {Fault::kUnknownStatute, 1.5},
    {Fault::kMissingStatute, 1.0},
    {Fault::kMissingReason, 1.0},
    {Fault::kMissingCase, 1.0},
    {Fault::kBoilerplate, 5.0},
    {Fault::kUnknownOfficial, 1.2},
    {Fault::kUnknownSigner, 0.5},
    {Fault::kCrossAgencySigner, 1.2},
    {Fault::kInvestigatorSigns, 0.5},
    {Fault::kExpiredOfficial, 0.5},
    {Fault::kForbiddenPurpose, 2.5},
    {Fault::kReturnInformation, 2.5},
    {Fault::kDuplicateId, 0.8},
    {Fault::kBadSignature, 0.8},
};

struct Statute {
  int title;
  std::string_view section;  // with subsections, as cited
  double weight;
  std::string_view offense;  // for reasons
};

constexpr Statute kCriminalStatutes[] = {
    {8, "1253(a)(1)", 60,
     "with willful failure to depart under a final order of removal"},
    {8, "1326", 14, "with illegal reentry after removal"},
    {18, "1546", 8, "with use of a fraudulent visa"},
    {8, "1325(a)(1)", 5, "with improper entry"},
    {8, "1324(a)(1)(A)(iii)", 4,
     "with harboring aliens for private financial gain"},
    {18, "1028A", 4, "with aggravated identity theft"},
    {18, "911", 3, "with falsely claiming United States citizenship"},
    {18, "1001", 2, "with false statements on an immigration benefit form"},
};

constexpr std::string_view kCivilCitations[] = {
    "8 U.S.C. 1227",        "8 U.S.C. 1227(a)(1)(B)",
    "8 U.S.C. 1229a",       "8 C.F.R. 241.4",
    "8 U.S.C. 1231(a)",     "8 U.S.C. 1357",
    "8 U.S.C. 1229a(b)(5)", "ICE Policy Directive 11064.3",
};
constexpr std::string_view kTaxCitations[] = {
    "26 U.S.C. 7201",
    "26 U.S.C. 7206(1)",
    "26 U.S.C. 7203",
    "26 U.S.C. 6103",
};
constexpr std::string_view kUnknownCitations[] = {
    "8 U.S.C. 1999",
    "22 U.S.C. 2714",
    "8 U.S.C. 1253",  // (a) criminal, (c) civil: the subsection decides
    "Immigration Enforcement Act sec. 12",
};

constexpr std::string_view kDistricts[] = {
    "Southern District of Texas",
    "Western District of Texas",
    "Northern District of Texas",
    "Eastern District of Texas",
    "Central District of California",
    "Southern District of California",
    "Eastern District of California",
    "Northern District of California",
    "District of Arizona",
    "District of New Mexico",
    "Southern District of Florida",
    "Middle District of Florida",
    "Northern District of Illinois",
    "Southern District of New York",
    "Eastern District of New York",
    "District of New Jersey",
    "District of Colorado",
    "District of Nevada",
    "Northern District of Georgia",
    "District of Massachusetts",
    "Eastern District of Virginia",
    "District of Maryland",
    "District of Puerto Rico",
    "Western District of Washington",
    "District of Oregon",
    "District of Utah",
    "Eastern District of Pennsylvania",
    "Western District of North Carolina",
    "Middle District of Tennessee",
    "District of Minnesota",
    "Eastern District of Michigan",
    "Northern District of Ohio",
    "Western District of Missouri",
    "District of Kansas",
    "District of Nebraska",
    "Eastern District of Louisiana",
    "Western District of Oklahoma",
    "District of Connecticut",
    "District of Columbia",
    "Southern District of Ohio",
};

constexpr std::string_view kMonths[] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

constexpr std::string_view kBoilerplate[] = {
    "Subject is under investigation for violation of immigration law.",
    "Alien subject to a final order of removal; address needed for "
    "enforcement.",
};

constexpr std::string_view kForbiddenPurposes[] = {
    "civil_removal",
    "voter_registration",
    "public_benefits",
    "public_safety",
};

constexpr std::string_view kReturnInfoFields[] = {
    "address;income",
    "address;employer",
    "income;employer",
    "address;wages;employer",
};

// Replaces every "{key}" in `tmpl`.
std::string Fill(
    std::string_view tmpl,
    std::initializer_list<std::pair<std::string_view, std::string_view>>
        values) {
  std::string out(tmpl);
  for (const auto& [key, value] : values) {
    std::string k = "{";
    k.append(key);
    k.push_back('}');
    size_t p;
    while ((p = out.find(k)) != std::string::npos)
      out.replace(p, k.size(), value);
  }
  return out;
}

// A reason specific to the matter: facts that differ from request to
// request even after digits and the subject's names are removed.
std::string SpecificReason(Rng& rng, const Statute& statute,
                           const std::string& case_number,
                           const std::string& city, const std::string& agent) {
  static constexpr std::string_view kEvents[] = {
      "is named in an arrest warrant issued by the U.S. District Court for "
      "the {district}",
      "is a defendant in an indictment returned by a grand jury in the "
      "{district}",
      "is the target of a criminal complaint filed in the {district}",
      "failed to appear for sentencing in the {district} and is charged",
      "is charged by information in the {district}",
      "is the subject of a sealed complaint in the {district}",
      "was identified by fingerprint comparison in {month} and is charged in "
      "the {district}",
  };
  static constexpr std::string_view kNeeds[] = {
      "a current address is needed to execute the arrest warrant",
      "the address is needed to serve a summons before the {month} hearing",
      "agents need the address to locate the subject for arrest in {city}",
      "the address will be used to serve a grand jury subpoena in {city}",
      "the address is needed to corroborate a witness report that the "
      "subject lives in {city}",
      "a residence address is needed for a search warrant application",
      "the address is needed to confirm the subject's residence since "
      "{month}",
  };
  std::string_view district = rng.Pick(kDistricts);
  std::string_view month = rng.Pick(kMonths);
  std::string event =
      Fill(rng.Pick(kEvents), {{"district", district}, {"month", month}});
  std::string need = Fill(rng.Pick(kNeeds), {{"city", city}, {"month", month}});
  return "Subject " + event + " " + std::string(statute.offense) + " (matter " +
         case_number + "); " + need + ", per Special Agent " + agent + ".";
}

std::string Cite(Rng& rng, const Statute& s) {
  std::string title = std::to_string(s.title);
  double u = rng.Double();
  if (u < 0.8) return title + " U.S.C. " + std::string(s.section);
  if (u < 0.92) return title + " U.S.C. \xC2\xA7 " + std::string(s.section);
  return title + " USC " + std::string(s.section);
}

std::string LawfulPeriods(Rng& rng, int latest) {
  auto y = [&](int back) { return std::to_string(latest - back); };
  double u = rng.Double();
  if (u < 0.40) return y(1) + ";" + y(0);
  if (u < 0.55) return y(0);
  if (u < 0.75) return y(2) + ";" + y(1);
  if (u < 0.90) return y(2) + ";" + y(1) + ";" + y(0);
  if (u < 0.95) return y(3) + ";" + y(2) + ";" + y(1) + ";" + y(0);
  return y(1);
}

std::string OpenPeriods(Rng& rng, int latest) {
  double u = rng.Double();
  if (u < 0.4) return std::to_string(latest) + ";" + std::to_string(latest + 1);
  if (u < 0.75) return std::to_string(latest + 1);
  if (u < 0.95) return std::to_string(latest + 2);
  return "1899";
}

// True when a reason mentions removal, visas or benefits (the policy's
// refused-use words that synthetic reasons use).
bool SpeaksOfRefusedUse(const std::string& reason) {
  for (const char* w : {"removal", "visa", "benefit", "deport"}) {
    if (reason.find(w) != std::string::npos) return true;
  }
  return false;
}

std::string LawfulPurpose(Rng& rng) {
  double u = rng.Double();
  if (u < 0.5) return "criminal_investigation";
  if (u < 0.85) return "";
  if (u < 0.95) return "judicial_proceeding";
  return "grand_jury";
}

std::string LawfulFields(Rng& rng) {
  double u = rng.Double();
  if (u < 0.5) return "";
  if (u < 0.85) return "address";
  if (u < 0.95) return "name;address";
  return "address;tin";
}

std::string LastWord(const std::string& s) {
  size_t p = s.rfind(' ');
  return p == std::string::npos ? s : s.substr(p + 1);
}

// Positions [0, n) of which exactly k are marked, chosen at random.
std::vector<char> Mask(Rng& rng, int64_t n, int64_t k) {
  std::vector<char> mask(static_cast<size_t>(n), 0);
  for (int64_t i = 0; i < k && i < n; ++i) mask[static_cast<size_t>(i)] = 1;
  for (int64_t i = n - 1; i > 0; --i) {
    std::swap(mask[static_cast<size_t>(i)],
              mask[rng.Uniform(static_cast<uint64_t>(i) + 1)]);
  }
  return mask;
}

}  // namespace

int64_t BulkRequestCount(int64_t requests) {
  double n = static_cast<double>(requests);
  double count = std::max(0.08 * n, std::min(110.0, 0.25 * n));
  return std::min<int64_t>(requests, static_cast<int64_t>(std::llround(count)));
}

RequestGenerator::RequestGenerator(const PopulationGenerator& population,
                                   const NameGenerator& names,
                                   const OfficialRoster& roster,
                                   const RecordIds& ids,
                                   RequestBatchOptions options)
    : population_(population),
      names_(names),
      roster_(roster),
      ids_(ids),
      options_(options) {}

domain::PersonQuery RequestGenerator::AgencyView(Rng& rng,
                                                 const Person& p) const {
  domain::PersonQuery q;
  NameStyle s;
  s.letter_case = rng.Chance(0.65) ? LetterCase::kTitle : LetterCase::kUpper;
  s.lower_particles = rng.Chance(0.5);
  s.accents = p.name.hispanic && rng.Chance(0.15);
  const bool hard = options_.hard;
  double u = rng.Double();
  s.surname = u < (hard ? 0.25 : 0.50)   ? SurnameForm::kBothSpaced
              : u < (hard ? 0.45 : 0.75) ? SurnameForm::kFirstOnly
              : u < (hard ? 0.55 : 0.88) ? SurnameForm::kBothHyphen
              : u < (hard ? 0.80 : 0.96) ? SurnameForm::kSwapped
                                         : SurnameForm::kSecondOnly;
  u = rng.Double();
  s.particle = u < 0.8    ? ParticleForm::kSpaced
               : u < 0.95 ? ParticleForm::kJoined
                          : ParticleForm::kDropped;
  u = rng.Double();
  s.given = u < (hard ? 0.30 : 0.6)    ? GivenForm::kCompoundInFirst
            : u < (hard ? 0.50 : 0.85) ? GivenForm::kCompoundSplit
            : u < (hard ? 0.70 : 1.0)  ? GivenForm::kFirstOnly
                                       : GivenForm::kSecondOnly;
  u = rng.Double();
  s.middle = u < 0.35  ? MiddleForm::kFull
             : u < 0.5 ? MiddleForm::kInitial
                       : MiddleForm::kNone;
  FiledName n = RenderName(p.name, s);
  if (rng.Chance(hard ? 0.35 : 0.07)) {
    std::string nick = names_.Nickname(rng, p.name);
    if (!nick.empty()) {
      n.first = s.letter_case == LetterCase::kTitle ? TitleCase(nick) : nick;
    }
  }
  if (rng.Chance(0.10)) {
    int edits = rng.Chance(0.25) ? 2 : 1;
    if (rng.Chance(0.5)) {
      n.first = Typo(rng, n.first, edits);
    } else {
      n.last = Typo(rng, n.last, edits);
    }
  }
  if (rng.Chance(0.015)) std::swap(n.first, n.last);
  q.first_name = std::move(n.first);
  q.middle_name = std::move(n.middle);
  q.last_name = std::move(n.last);

  // Date of birth.
  u = rng.Double();
  Date dob = p.dob;
  if (u < (hard ? 0.25 : 0.06)) {
    q.dob.clear();
  } else if (u < 0.10 && dob.day <= 12 && dob.day != dob.month) {
    std::swap(dob.day, dob.month);
    q.dob = dob.ToString();
  } else {
    q.dob = dob.ToString();
  }

  // Address: the latest home, or an older one.
  size_t home = p.homes.size() - 1;
  if (home > 0 && rng.Chance(0.3)) home = rng.Uniform(home);
  AddressStyle as;
  as.letter_case = s.letter_case;
  u = rng.Double();
  as.suffix = u < 0.7    ? SuffixForm::kStandard
              : u < 0.95 ? SuffixForm::kLong
                         : SuffixForm::kVariant;
  as.drop_unit = rng.Chance(0.15);
  as.zip4 = rng.Chance(0.1);
  as.city_abbrev = rng.Chance(0.3);
  as.street_typos = rng.Chance(0.03) ? 1 : 0;
  FiledAddress a = population_.addresses().Render(rng, p.homes[home], as);
  if (rng.Chance(0.04)) {
    // An address that is no address.
    u = rng.Double();
    if (u < 0.2) {
      a = {"Failed to Provide", "", "", "", ""};
    } else if (u < 0.4) {
      a.street = "FAILED TO PROVIDE";
      a.unit.clear();
    } else if (u < 0.55) {
      a = {rng.Chance(0.5) ? "UNKNOWN ADDRESS" : "Unknown Address", "", "", "",
           ""};
    } else if (u < 0.7) {
      a = rng.Chance(0.5) ? FiledAddress{"NA NA", "", "", "", ""}
                          : FiledAddress{"NA", "", "NA", "", ""};
    } else if (u < 0.85) {
      a = {"", "", "", "", a.zip};
    } else {
      a = {"", "", a.city, a.state, ""};
    }
  }
  q.street = std::move(a.street);
  q.unit = std::move(a.unit);
  q.city = std::move(a.city);
  q.state = std::move(a.state);
  q.zip = std::move(a.zip);

  // Most requests carry no TIN.
  if (rng.Chance(hard ? 0.04 : 0.12)) {
    std::string tin = p.tin;
    if (rng.Chance(0.15)) tin = TransposeDigits(rng, tin);
    if (rng.Chance(0.15)) {
      tin = tin.substr(0, 3) + "-" + tin.substr(3, 2) + "-" + tin.substr(5);
    }
    q.tin = std::move(tin);
  }
  return q;
}

void RequestGenerator::Harder(Rng& rng, domain::PersonQuery* q) const {
  // Name-only: no date of birth, and an address the store never had for
  // the person (another person's home, far away): only the name is left.
  if (options_.people > 0 && rng.Chance(0.10)) {
    q->dob.clear();
    const Person other = population_.MakePerson(static_cast<int64_t>(
        rng.Uniform(static_cast<uint64_t>(options_.people))));
    AddressStyle as;
    FiledAddress a =
        population_.addresses().Render(rng, other.homes.back(), as);
    q->street = std::move(a.street);
    q->unit = std::move(a.unit);
    q->city = std::move(a.city);
    q->state = std::move(a.state);
    q->zip = std::move(a.zip);
    q->tin.clear();
  }
}

std::vector<GeneratedRequest> RequestGenerator::Generate() const {
  std::vector<GeneratedRequest> out;
  Status s = Generate([&out](const GeneratedRequest& g) {
    out.push_back(g);
    return Status::Ok();
  });
  (void)s;  // the sink never fails
  return out;
}

Status RequestGenerator::Generate(
    const std::function<Status(const GeneratedRequest&)>& sink) const {
  const int64_t m = options_.requests;
  if (m <= 0) return Status::Ok();
  std::deque<GeneratedRequest> recent;  // the last kRecent requests
  Rng layout(MixSeed(options_.seed, kLayoutStream, 0));

  // Who is asked for: exactly round(m * absent_share) people not in the
  // store; distinct people from the store while there are enough.
  int64_t absent = std::llround(static_cast<double>(m) * options_.absent_share);
  absent = std::clamp<int64_t>(absent, 0, m);
  if (options_.people <= 0) absent = m;
  std::vector<char> absent_mask = Mask(layout, m, absent);
  std::vector<char> bulk_mask = Mask(layout, m, BulkRequestCount(m));
  std::unordered_set<int64_t> taken;  // membership only, never iterated
  const int64_t in_store = m - absent;
  const bool distinct = in_store <= options_.people / 2;

  std::vector<double> fw;
  for (const auto& f : kFaults) fw.push_back(f.weight);
  WeightedSampler fault_sampler(fw);
  std::vector<double> sw;
  for (const auto& s : kCriminalStatutes) sw.push_back(s.weight);
  WeightedSampler statute_sampler(sw);
  std::vector<double> aw;
  for (const auto& a : roster_.agencies) aw.push_back(a.share);
  WeightedSampler agency_sampler(aw);

  // Matters per investigator, capped (see officials_generator.h).
  std::vector<int> matters(roster_.officials.size(), 0);
  const int id_width = std::max(6, static_cast<int>(std::to_string(m).size()));
  const int latest = options_.latest_tax_year;
  int64_t absent_seen = 0;

  for (int64_t i = 0; i < m; ++i) {
    Rng rng(MixSeed(options_.seed, kRequestStream, static_cast<uint64_t>(i)));
    GeneratedRequest g;
    domain::Request& r = g.request;
    r.index = i;

    // The person.
    bool is_absent = absent_mask[static_cast<size_t>(i)] != 0;
    int64_t person_index;
    if (is_absent) {
      person_index = options_.people + absent_seen++;
    } else if (distinct) {
      do {
        person_index = static_cast<int64_t>(
            layout.Uniform(static_cast<uint64_t>(options_.people)));
      } while (!taken.insert(person_index).second);
    } else {
      person_index = static_cast<int64_t>(
          layout.Uniform(static_cast<uint64_t>(options_.people)));
    }
    g.person_index = person_index;
    Person person = population_.MakePerson(person_index);
    std::optional<Rng> hard;
    if (options_.hard) {
      hard.emplace(
          MixSeed(options_.seed, kHardStream, static_cast<uint64_t>(i)));
      if (is_absent && options_.people > 0 && hard->Chance(0.5)) {
        // A relative of someone in the store, not in it: the same surnames
        // and home, their own given names and date of birth.
        const Person kin = population_.MakePerson(static_cast<int64_t>(
            hard->Uniform(static_cast<uint64_t>(options_.people))));
        person.name.paternal = kin.name.paternal;
        person.name.maternal = kin.name.maternal;
        person.name.hispanic = kin.name.hispanic;
        person.homes = kin.homes;
        person.home_from = kin.home_from;
      }
    }
    r.person = AgencyView(rng, person);
    if (hard) Harder(*hard, &r.person);
    if (!is_absent) {
      g.truth_record_id =
          ids_.Id(person_index, population_.RepresentativeRow(person).slot);
    }

    // Faults.
    const bool bulk = bulk_mask[static_cast<size_t>(i)] != 0;
    Fault f1 = Fault::kNone, f2 = Fault::kNone;
    if (!bulk) {
      f1 = kFaults[fault_sampler.Sample(rng)].fault;
      if (f1 != Fault::kNone && rng.Chance(0.12)) {
        f2 = kFaults[fault_sampler.Sample(rng)].fault;
      }
    }
    auto has = [&](Fault f) { return f1 == f || f2 == f; };

    // Who asks.
    size_t agency_index = bulk ? 0 : agency_sampler.Sample(rng);
    const AgencyRoster& agency = roster_.agencies[agency_index];
    size_t signer;
    double u = rng.Double();
    signer = u < 0.7   ? rng.Pick(agency.delegates)
             : u < 0.9 ? agency.head
                       : agency.inspector_general;
    size_t official;
    if (bulk) {
      official = roster_.bulk;
    } else if (has(Fault::kExpiredOfficial) &&
               matters[roster_.expired] < kMattersPerInvestigator) {
      // Capped too, so that the expired registration is the only fault.
      official = roster_.expired;
      ++matters[official];
      signer = rng.Pick(roster_.agencies[0].delegates);
    } else {
      do {
        official = rng.Pick(agency.investigators);
      } while (matters[official] >= kMattersPerInvestigator);
      ++matters[official];
    }
    r.signed_by = roster_.officials[signer].official_id;
    r.official_id = roster_.officials[official].official_id;
    if (has(Fault::kCrossAgencySigner)) {
      const AgencyRoster& other =
          roster_.agencies[(agency_index + 1 +
                            rng.Uniform(roster_.agencies.size() - 1)) %
                           roster_.agencies.size()];
      r.signed_by = roster_.officials[rng.Pick(other.delegates)].official_id;
    }
    if (has(Fault::kInvestigatorSigns)) {
      r.signed_by =
          roster_.officials[rng.Pick(agency.investigators)].official_id;
    }
    if (has(Fault::kUnknownSigner)) {
      r.signed_by = agency.code + "-DEL-" + std::to_string(rng.Range(7, 99));
    }
    if (has(Fault::kUnknownOfficial)) {
      r.official_id =
          rng.Chance(0.5)
              ? "AGENT-" + std::to_string(rng.Range(1000, 9999))
              : agency.code + "-INV-9" + ZeroPad(rng.Range(0, 999), 3) + "X";
    }

    // The matter.
    r.request_id = "REQ-" + ZeroPad(i + 1, id_width);
    if (has(Fault::kDuplicateId) && i > 0) {
      // The same request sent again: same id, same person.
      const GeneratedRequest& earlier = recent[rng.Uniform(recent.size())];
      r.request_id = earlier.request.request_id;
      r.person = earlier.request.person;
      g.truth_record_id = earlier.truth_record_id;
      g.person_index = earlier.person_index;
      g.repeated = true;
    }
    const int case_year = latest - static_cast<int>(rng.Range(-1, 2));
    std::string prefix = agency.code == "DHS" ? "CR-" : agency.code + "-CR-";
    r.case_number =
        prefix + std::to_string(case_year) + "-" + ZeroPad(i + 1, id_width);
    if (has(Fault::kMissingCase)) r.case_number.clear();

    const Statute& statute = kCriminalStatutes[statute_sampler.Sample(rng)];
    r.statute = Cite(rng, statute);
    if (has(Fault::kCivilStatute)) r.statute = rng.Pick(kCivilCitations);
    if (has(Fault::kTaxStatute)) r.statute = rng.Pick(kTaxCitations);
    if (has(Fault::kUnknownStatute)) r.statute = rng.Pick(kUnknownCitations);
    if (has(Fault::kMissingStatute)) r.statute.clear();

    r.tax_periods = LawfulPeriods(rng, latest);
    if (has(Fault::kOpenPeriod)) r.tax_periods = OpenPeriods(rng, latest);
    if (has(Fault::kMissingPeriods)) r.tax_periods.clear();

    std::string city = r.person.city.empty() || r.person.city == "NA"
                           ? "the district"
                           : TitleCase(r.person.city);
    r.reason = SpecificReason(rng, statute,
                              r.case_number.empty() ? "pending" : r.case_number,
                              city, LastWord(roster_.officials[official].name));
    if (has(Fault::kBoilerplate) || (bulk && rng.Chance(0.5))) {
      r.reason =
          std::string(rng.Chance(0.8) ? kBoilerplate[0] : kBoilerplate[1]);
    }
    if (has(Fault::kMissingReason)) r.reason.clear();

    r.purpose = LawfulPurpose(rng);
    // A reason that speaks of removal, visas or benefits needs its purpose
    // declared (PURPOSE_UNCLEAR otherwise): a careful agency declares it.
    if (r.purpose.empty() && SpeaksOfRefusedUse(r.reason)) {
      r.purpose = "criminal_investigation";
    }
    if (has(Fault::kForbiddenPurpose)) r.purpose = rng.Pick(kForbiddenPurposes);
    r.fields_requested = LawfulFields(rng);
    if (has(Fault::kReturnInformation)) {
      r.fields_requested = rng.Pick(kReturnInfoFields);
    }
    // Signed by the signer's key (officials_generator.h); some requests are
    // not: unsigned, signed by the engaged official, or altered after.
    r.signature = domain::SignRequest(
        r, domain::TestKeySeed(roster_.key_seed_text, r.signed_by));
    if (has(Fault::kBadSignature)) {
      double v = rng.Double();
      if (v < 0.34) {
        r.signature.clear();
      } else if (v < 0.67) {
        r.signature = domain::SignRequest(
            r, domain::TestKeySeed(roster_.key_seed_text, r.official_id));
      } else {
        r.tax_periods += r.tax_periods.empty() ? "2020" : ";2020";
      }
    }
    TG_RETURN_IF_ERROR(sink(g));
    recent.push_back(std::move(g));
    if (recent.size() > kRecent) recent.pop_front();
  }
  return Status::Ok();
}

}  // namespace taxgate::synth
