#include "synth/population.h"

#include <algorithm>

#include "synth/text_util.h"

namespace taxgate::synth {
namespace {

constexpr uint64_t kPersonStream = 1;
constexpr uint64_t kRowStream = 2;
constexpr uint64_t kTinNoiseStream = 4;  // the hard store's own draws

constexpr double kHispanicShare = 0.2;
constexpr double kMoveRate = 0.15;

int SourceIndex(domain::Source s) {
  switch (s) {
    case domain::Source::kReturn:
      return 0;
    case domain::Source::kInfoReturn:
      return 1;
    case domain::Source::kIrs:
      return 2;
  }
  return 0;
}

Date MakeDob(Rng& rng, int latest_tax_year) {
  double u = rng.Double();
  int age = u < 0.22   ? static_cast<int>(rng.Range(19, 29))
            : u < 0.52 ? static_cast<int>(rng.Range(30, 44))
            : u < 0.84 ? static_cast<int>(rng.Range(45, 64))
                       : static_cast<int>(rng.Range(65, 90));
  Date jan1{latest_tax_year - age, 1, 1};
  return Date::FromDays(jan1.ToDays() + static_cast<int64_t>(rng.Uniform(365)));
}

NameStyle MakeFilingStyle(Rng& rng, const PersonName& n) {
  NameStyle s;
  double u = rng.Double();
  s.surname = u < 0.45   ? SurnameForm::kBothSpaced
              : u < 0.57 ? SurnameForm::kBothHyphen
                         : SurnameForm::kFirstOnly;
  u = rng.Double();
  s.given = u < 0.55   ? GivenForm::kCompoundInFirst
            : u < 0.85 ? GivenForm::kCompoundSplit
                       : GivenForm::kFirstOnly;
  u = rng.Double();
  s.middle = u < 0.55  ? MiddleForm::kFull
             : u < 0.9 ? MiddleForm::kInitial
                       : MiddleForm::kNone;
  u = rng.Double();
  s.particle = u < 0.7    ? ParticleForm::kSpaced
               : u < 0.95 ? ParticleForm::kJoined
                          : ParticleForm::kDropped;
  s.letter_case = rng.Chance(0.75) ? LetterCase::kUpper : LetterCase::kTitle;
  s.lower_particles = rng.Chance(0.5);
  s.accents = n.hispanic && rng.Chance(0.35);
  return s;
}

AddressStyle MakeFilingAddressStyle(Rng& rng, LetterCase letter_case) {
  AddressStyle s;
  double u = rng.Double();
  s.suffix = u < 0.8    ? SuffixForm::kStandard
             : u < 0.97 ? SuffixForm::kLong
                        : SuffixForm::kVariant;
  s.long_directional = rng.Chance(0.1);
  s.unit_in_street = rng.Chance(0.05);
  s.long_unit = rng.Chance(0.05);
  s.zip4 = rng.Chance(0.2);
  s.zip4_hyphen = rng.Chance(0.8);
  s.city_abbrev = rng.Chance(0.3);
  s.letter_case = letter_case;
  return s;
}

// How an employer or payer writes the name on a W-2 or 1099.
NameStyle MakeEmployerStyle(Rng& rng, const NameStyle& filing) {
  NameStyle s;
  double u = rng.Double();
  s.surname = u < 0.5    ? SurnameForm::kFirstOnly
              : u < 0.82 ? SurnameForm::kBothSpaced
              : u < 0.95 ? SurnameForm::kBothHyphen
                         : SurnameForm::kSwapped;
  u = rng.Double();
  s.given = u < 0.5   ? GivenForm::kCompoundInFirst
            : u < 0.8 ? GivenForm::kCompoundSplit
                      : GivenForm::kFirstOnly;
  u = rng.Double();
  s.middle = u < 0.5   ? MiddleForm::kInitial
             : u < 0.8 ? MiddleForm::kNone
                       : MiddleForm::kFull;
  u = rng.Double();
  s.particle = u < 0.6   ? ParticleForm::kSpaced
               : u < 0.9 ? ParticleForm::kJoined
                         : ParticleForm::kDropped;
  s.letter_case = rng.Chance(0.9) ? LetterCase::kUpper : LetterCase::kTitle;
  s.accents = filing.accents && rng.Chance(0.1);
  return s;
}

AddressStyle MakeEmployerAddressStyle(Rng& rng, LetterCase letter_case) {
  AddressStyle s;
  double u = rng.Double();
  s.suffix = u < 0.75   ? SuffixForm::kStandard
             : u < 0.93 ? SuffixForm::kLong
                        : SuffixForm::kVariant;
  s.long_directional = rng.Chance(0.1);
  s.drop_directional = rng.Chance(0.08);
  s.unit_in_street = rng.Chance(0.12);
  s.drop_unit = rng.Chance(0.1);
  s.long_unit = rng.Chance(0.05);
  s.zip4 = rng.Chance(0.3);
  s.zip4_hyphen = rng.Chance(0.7);
  s.city_abbrev = rng.Chance(0.5);
  s.letter_case = letter_case;
  s.street_typos = rng.Chance(0.03) ? 1 : 0;
  return s;
}

void SetAddress(domain::Record* r, FiledAddress a) {
  r->street = std::move(a.street);
  r->unit = std::move(a.unit);
  r->city = std::move(a.city);
  r->state = std::move(a.state);
  r->zip = std::move(a.zip);
}

void SetName(domain::Record* r, FiledName n) {
  r->first_name = std::move(n.first);
  r->middle_name = std::move(n.middle);
  r->last_name = std::move(n.last);
}

}  // namespace

std::string MakeSsn(Rng& rng) {
  int64_t area;
  do {
    area = rng.Range(1, 899);
  } while (area == 666);
  return ZeroPad(area, 3) + ZeroPad(rng.Range(1, 99), 2) +
         ZeroPad(rng.Range(1, 9999), 4);
}

std::string MakeItin(Rng& rng) {
  static constexpr int kGroups[][2] = {{50, 65}, {70, 88}, {90, 92}, {94, 99}};
  // Pick a group uniformly over all valid group numbers (16+19+3+6 = 44).
  int64_t k = rng.Uniform(44);
  int64_t group = 0;
  for (const auto& g : kGroups) {
    int64_t n = g[1] - g[0] + 1;
    if (k < n) {
      group = g[0] + k;
      break;
    }
    k -= n;
  }
  std::string tin = "9";
  tin += ZeroPad(rng.Range(0, 99), 2);
  tin += ZeroPad(group, 2);
  tin += ZeroPad(rng.Range(1, 9999), 4);
  return tin;
}

std::string PersonId(int64_t index, int64_t people) {
  int width = std::max(7, static_cast<int>(std::to_string(people).size()));
  return Concat({"P", ZeroPad(index + 1, width)});
}

bool IsValidSsn(const std::string& tin) {
  if (tin.size() != 9) return false;
  for (char c : tin) {
    if (c < '0' || c > '9') return false;
  }
  int area = std::stoi(tin.substr(0, 3));
  int group = std::stoi(tin.substr(3, 2));
  int serial = std::stoi(tin.substr(5, 4));
  return area >= 1 && area <= 899 && area != 666 && group >= 1 && serial >= 1;
}

bool IsValidItin(const std::string& tin) {
  if (tin.size() != 9 || tin[0] != '9') return false;
  for (char c : tin) {
    if (c < '0' || c > '9') return false;
  }
  int group = std::stoi(tin.substr(3, 2));
  int serial = std::stoi(tin.substr(5, 4));
  bool group_ok = (group >= 50 && group <= 65) ||
                  (group >= 70 && group <= 88) ||
                  (group >= 90 && group <= 92) || (group >= 94 && group <= 99);
  return group_ok && serial >= 1;
}

size_t Person::HomeIn(int tax_year) const {
  size_t k = 0;
  for (size_t i = 0; i < home_from.size(); ++i) {
    if (home_from[i] <= tax_year) k = i;
  }
  return k;
}

PopulationGenerator::PopulationGenerator(const NameGenerator& names,
                                         const AddressGenerator& addresses,
                                         uint64_t seed, int latest_tax_year)
    : names_(names),
      addresses_(addresses),
      seed_(seed),
      latest_tax_year_(latest_tax_year) {}

Person PopulationGenerator::MakePerson(int64_t index) const {
  Rng rng(MixSeed(seed_, kPersonStream, static_cast<uint64_t>(index)));
  Person p;
  p.index = index;
  bool hispanic = rng.Chance(kHispanicShare);
  bool female = rng.Chance(0.5);
  p.name = names_.Generate(rng, hispanic, female);
  p.dob = MakeDob(rng, latest_tax_year_);
  p.itin = rng.Chance(hispanic ? 0.17 : 0.02);
  p.tin = p.itin ? MakeItin(rng) : MakeSsn(rng);
  p.filing_style = MakeFilingStyle(rng, p.name);
  p.address_style = MakeFilingAddressStyle(rng, p.filing_style.letter_case);

  const int first = first_tax_year();
  p.homes.push_back(addresses_.Generate(rng, hispanic));
  p.home_from.push_back(first);
  for (int y = first + 1; y <= latest_tax_year_; ++y) {
    if (rng.Chance(kMoveRate)) {
      p.homes.push_back(addresses_.Move(rng, p.homes.back(), hispanic));
      p.home_from.push_back(y);
    }
  }

  // Years on file: not every year; at least one.
  bool active[kYears];
  bool any = false;
  for (int k = 0; k < kYears; ++k) {
    active[k] = rng.Chance(0.72);
    any = any || active[k];
  }
  if (!any) active[rng.Uniform(kYears)] = true;
  for (int k = 0; k < kYears; ++k) {
    if (!active[k]) continue;
    int year = first + k;
    bool moved = false;
    for (size_t i = 1; i < p.home_from.size(); ++i) {
      moved = moved || p.home_from[i] == year;
    }
    bool ret = rng.Chance(0.85);
    bool info = rng.Chance(0.38);
    bool irs = rng.Chance(moved ? 0.25 : 0.015);
    if (!ret && !info && !irs) ret = true;
    auto add = [&](domain::Source s) {
      p.rows.push_back({year, s, k * 3 + SourceIndex(s)});
    };
    if (ret) add(domain::Source::kReturn);
    if (info) add(domain::Source::kInfoReturn);
    if (irs) add(domain::Source::kIrs);
  }
  return p;
}

const PlannedRow& PopulationGenerator::RepresentativeRow(
    const Person& person) const {
  const PlannedRow* best = &person.rows.front();
  for (const auto& r : person.rows) {
    bool later = r.tax_year > best->tax_year;
    bool same_year_return = r.tax_year == best->tax_year &&
                            r.source == domain::Source::kReturn &&
                            best->source != domain::Source::kReturn;
    if (later || same_year_return) best = &r;
  }
  return *best;
}

void PopulationGenerator::RenderRecords(
    const Person& p, const RecordIds& ids,
    std::vector<domain::Record>* out) const {
  Rng rng(MixSeed(seed_, kRowStream, static_cast<uint64_t>(p.index)));
  Rng noise(MixSeed(seed_, kTinNoiseStream, static_cast<uint64_t>(p.index)));
  const std::string dob = p.dob.ToString();
  for (const PlannedRow& row : p.rows) {
    domain::Record r;
    r.record_id = ids.Id(p.index, row.slot);
    r.tax_year = row.tax_year;
    r.source = row.source;
    r.tin = p.tin;
    r.dob = dob;
    size_t home = p.HomeIn(row.tax_year);
    switch (row.source) {
      case domain::Source::kReturn: {
        NameStyle ns = p.filing_style;
        if (rng.Chance(0.08)) {
          ns.middle =
              rng.Chance(0.5) ? MiddleForm::kInitial : MiddleForm::kNone;
        }
        SetName(&r, RenderName(p.name, ns));
        SetAddress(&r, addresses_.Render(rng, p.homes[home], p.address_style));
        break;
      }
      case domain::Source::kInfoReturn: {
        NameStyle ns = MakeEmployerStyle(rng, p.filing_style);
        FiledName n = RenderName(p.name, ns);
        if (rng.Chance(0.025)) {
          std::string nick = names_.Nickname(rng, p.name);
          if (!nick.empty()) {
            n.first =
                ns.letter_case == LetterCase::kTitle ? TitleCase(nick) : nick;
          }
        }
        if (rng.Chance(0.04)) {
          if (rng.Chance(0.5)) {
            n.first = Typo(rng, n.first);
          } else {
            n.last = Typo(rng, n.last);
          }
        }
        SetName(&r, std::move(n));
        // An employer may still have last year's address after a move.
        if (home > 0 && p.home_from[home] == row.tax_year && rng.Chance(0.25)) {
          --home;
        }
        SetAddress(&r, addresses_.Render(
                           rng, p.homes[home],
                           MakeEmployerAddressStyle(rng, ns.letter_case)));
        if (rng.Chance(0.15)) r.dob.clear();
        if (rng.Chance(0.01)) r.tin = TransposeDigits(rng, r.tin);
        if (rng.Chance(0.007)) r.tin.clear();
        if (tin_noise_ && !r.tin.empty()) {
          if (noise.Chance(0.15)) {
            r.tin.clear();
          } else if (noise.Chance(0.03)) {
            r.tin = TransposeDigits(noise, r.tin);
          }
        }
        break;
      }
      case domain::Source::kIrs: {
        NameStyle ns = p.filing_style;
        ns.letter_case = LetterCase::kUpper;
        ns.accents = false;
        SetName(&r, RenderName(p.name, ns));
        AddressStyle as;
        as.zip4 = rng.Chance(0.7);
        SetAddress(&r, addresses_.Render(rng, p.homes[home], as));
        break;
      }
    }
    out->push_back(std::move(r));
  }
}

}  // namespace taxgate::synth
