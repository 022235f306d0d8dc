#include "synth/address_generator.h"

#include <string_view>

#include "synth/spanish_names.h"
#include "synth/text_util.h"
#include "synth/us_cities.h"

namespace taxgate::synth {
namespace {

struct Weighted {
  std::string_view key;
  double weight;
};

// Common suffixes by USPS primary name, with rough frequencies.
constexpr Weighted kSuffixWeights[] = {
    {"STREET", 30},  {"AVENUE", 15}, {"DRIVE", 12},     {"ROAD", 9},
    {"LANE", 6},     {"COURT", 5},   {"BOULEVARD", 4},  {"WAY", 4},
    {"PLACE", 3},    {"CIRCLE", 3},  {"TERRACE", 2},    {"PARKWAY", 1.5},
    {"TRAIL", 1.5},  {"LOOP", 1},    {"HIGHWAY", 0.5},  {"PLAZA", 0.4},
    {"SQUARE", 0.3}, {"PATH", 0.3},  {"PIKE", 0.3},     {"RUN", 0.3},
    {"COVE", 0.4},   {"POINT", 0.3}, {"CROSSING", 0.3}, {"HOLLOW", 0.2},
    {"RIDGE", 0.3},  {"GLEN", 0.2},  {"ROW", 0.2},      {"ALLEY", 0.1},
};

constexpr Weighted kUnitWeights[] = {
    {"APT", 60},  {"#", 14},   {"UNIT", 14}, {"STE", 5}, {"LOT", 2},
    {"SPC", 1.5}, {"TRLR", 1}, {"BLDG", 1},  {"FL", 1},  {"RM", 0.5},
};

constexpr Weighted kSpanishPrefixWeights[] = {
    {"CALLE", 50},  {"AVENIDA", 15}, {"CAMINO", 15}, {"PASEO", 8},
    {"VISTA", 3},   {"CAMINITO", 2}, {"VEREDA", 2},  {"PLACITA", 1},
    {"CIRCULO", 1}, {"ENTRADA", 1},  {"RANCHO", 1},  {"CERRADA", 1},
};

constexpr std::string_view kTrees[] = {
    "OAK",      "MAPLE",    "PINE",    "CEDAR",    "ELM",      "WALNUT",
    "WILLOW",   "BIRCH",    "CHERRY",  "MAGNOLIA", "SYCAMORE", "SPRUCE",
    "POPLAR",   "CHESTNUT", "HICKORY", "DOGWOOD",  "ASPEN",    "CYPRESS",
    "JUNIPER",  "LAUREL",   "HOLLY",   "PEACH",    "PECAN",    "REDWOOD",
    "MESQUITE", "PALM",     "LOCUST",  "BEECH",
};

constexpr std::string_view kPresidents[] = {
    "WASHINGTON", "ADAMS",    "JEFFERSON", "MADISON",  "MONROE",    "JACKSON",
    "VAN BUREN",  "HARRISON", "TYLER",     "POLK",     "TAYLOR",    "FILLMORE",
    "PIERCE",     "BUCHANAN", "LINCOLN",   "JOHNSON",  "GRANT",     "HAYES",
    "GARFIELD",   "ARTHUR",   "CLEVELAND", "MCKINLEY", "ROOSEVELT", "TAFT",
    "WILSON",     "HARDING",  "COOLIDGE",  "HOOVER",   "TRUMAN",    "KENNEDY",
};

constexpr std::string_view kCommon[] = {
    "MAIN",
    "PARK",
    "LAKE",
    "HILL",
    "CHURCH",
    "MILL",
    "CENTER",
    "SUNSET",
    "HIGHLAND",
    "RIDGE",
    "MEADOW",
    "RIVER",
    "SPRING",
    "FOREST",
    "VALLEY",
    "LAKEVIEW",
    "PROSPECT",
    "UNION",
    "MARKET",
    "WATER",
    "BRIDGE",
    "FRANKLIN",
    "COLLEGE",
    "SCHOOL",
    "GREEN",
    "DEPOT",
    "RAILROAD",
    "HARBOR",
    "BAY",
    "OCEAN",
    "MOUNTAIN VIEW",
    "PLEASANT",
    "FAIRVIEW",
    "GROVE",
    "ORCHARD",
    "COUNTRY CLUB",
    "KING",
    "BROAD",
    "HIGH",
    "ELIZABETH",
    "CHARLES",
    "GEORGE",
    "MARTIN LUTHER KING JR",
    "CESAR CHAVEZ",
    "HIDDEN VALLEY",
    "WILLOW CREEK",
    "OAK HILL",
    "PINE RIDGE",
    "SHADY LANE",
    "CANYON",
    "VISTA",
    "MESA",
    "DESERT",
    "PRAIRIE",
};

std::string Replace(std::string s, std::string_view from, std::string_view to) {
  size_t p = s.find(from);
  if (p != std::string::npos) s.replace(p, from.size(), to);
  return s;
}

}  // namespace

Result<AddressGenerator> AddressGenerator::Create(
    const ReferenceTables& tables) {
  AddressGenerator g;
  std::vector<double> w;
  for (const auto& sw : kSuffixWeights) {
    SuffixKind kind;
    kind.primary = std::string(sw.key);
    for (const auto& row : tables.suffixes) {
      if (row.primary_name != kind.primary) continue;
      kind.standard = row.standard_abbreviation;
      if (row.variant != row.primary_name &&
          row.variant != row.standard_abbreviation) {
        kind.variants.push_back(row.variant);
      }
    }
    if (kind.standard.empty()) continue;  // not in this copy of Pub 28
    g.suffixes_.push_back(std::move(kind));
    w.push_back(sw.weight);
  }
  if (g.suffixes_.empty() || g.suffixes_[0].primary != "STREET") {
    return Status::InvalidArgument(
        "usps_street_suffixes.csv: primary name 'STREET' missing");
  }
  g.suffix_sampler_ = WeightedSampler(w);

  w.clear();
  for (const auto& uw : kUnitWeights) {
    for (const auto& row : tables.units) {
      if (row.abbreviation != uw.key || !row.requires_range) continue;
      g.units_.push_back({row.abbreviation, row.abbreviation == "#"
                                                ? std::string("#")
                                                : row.designator});
      w.push_back(uw.weight);
      break;
    }
  }
  if (g.units_.empty() || g.units_[0].abbreviation != "APT") {
    return Status::InvalidArgument(
        "usps_secondary_units.csv: abbreviation 'APT' missing");
  }
  g.unit_sampler_ = WeightedSampler(w);

  g.directionals_ = tables.directionals;
  if (g.directionals_.empty()) {
    return Status::InvalidArgument("usps_directionals.csv: no English rows");
  }

  w.clear();
  for (const auto& pw : kSpanishPrefixWeights) {
    for (const auto& p : tables.spanish_street_prefixes) {
      if (p.first != pw.key) continue;
      g.spanish_prefixes_.push_back(p);
      w.push_back(pw.weight);
    }
  }
  g.spanish_prefix_sampler_ = WeightedSampler(w);

  // Streets named after common surnames (the 3,000 most frequent).
  for (size_t i = 0; i < tables.surnames.size() && i < 3000; ++i) {
    g.surname_streets_.push_back(tables.surnames[i].name);
  }

  std::vector<double> hw, ow;
  for (const auto& c : UsCities()) {
    hw.push_back(c.weight * c.hispanic);
    ow.push_back(c.weight * (1 - c.hispanic));
  }
  g.city_hispanic_ = WeightedSampler(hw);
  g.city_other_ = WeightedSampler(ow);
  return g;
}

void AddressGenerator::FillStreet(Rng& rng, Address* a) const {
  const City& city = UsCities()[a->city];
  double u = rng.Double();
  // House numbers: mostly 3 and 4 digits.
  if (u < 0.12) {
    a->house_number = static_cast<int>(rng.Range(1, 99));
  } else if (u < 0.52) {
    a->house_number = static_cast<int>(rng.Range(100, 999));
  } else if (u < 0.9) {
    a->house_number = static_cast<int>(rng.Range(1000, 9999));
  } else {
    a->house_number = static_cast<int>(rng.Range(10000, 29999));
  }
  a->predir = rng.Chance(0.18)
                  ? static_cast<int>(rng.Uniform(directionals_.size()))
                  : -1;
  a->spanish_prefix = -1;
  a->suffix = -1;
  double spanish_share = city.state == "PR"               ? 0.8
                         : SpanishStreetState(city.state) ? 0.1
                                                          : 0.0;
  if (!spanish_prefixes_.empty() && rng.Chance(spanish_share)) {
    a->spanish_prefix = static_cast<int>(spanish_prefix_sampler_.Sample(rng));
    a->street_name = std::string(rng.Pick(SpanishStreetNames()));
    a->predir = -1;
    return;
  }
  double v = rng.Double();
  if (v < 0.22) {
    double x = rng.Double();
    a->street_name = Ordinal(1 + static_cast<int>(x * x * 99));
  } else if (v < 0.37) {
    a->street_name = std::string(rng.Pick(kTrees));
  } else if (v < 0.47) {
    a->street_name = std::string(rng.Pick(kPresidents));
  } else if (v < 0.75) {
    a->street_name = std::string(rng.Pick(kCommon));
  } else {
    a->street_name = rng.Pick(surname_streets_);
  }
  a->suffix = static_cast<int>(suffix_sampler_.Sample(rng));
}

void AddressGenerator::FillUnit(Rng& rng, Address* a) const {
  a->unit_kind = -1;
  a->unit_number.clear();
  if (!rng.Chance(0.27)) return;
  a->unit_kind = static_cast<int>(unit_sampler_.Sample(rng));
  const std::string& kind = units_[a->unit_kind].abbreviation;
  double u = rng.Double();
  if (kind == "STE") {
    a->unit_number = std::to_string(100 * rng.Range(1, 9) + rng.Range(0, 20));
  } else if (kind == "FL") {
    a->unit_number = std::to_string(rng.Range(1, 20));
  } else if (kind == "BLDG") {
    a->unit_number =
        u < 0.5 ? std::string(1, static_cast<char>('A' + rng.Uniform(8)))
                : std::to_string(rng.Range(1, 30));
  } else if (u < 0.6) {
    a->unit_number = std::to_string(rng.Range(1, 450));
  } else if (u < 0.85) {
    a->unit_number = std::to_string(rng.Range(1, 12)) +
                     static_cast<char>('A' + rng.Uniform(6));
  } else {
    a->unit_number = std::string(1, static_cast<char>('A' + rng.Uniform(8)));
  }
}

void AddressGenerator::FillZip(Rng& rng, Address* a) const {
  const City& city = UsCities()[a->city];
  int last2 = static_cast<int>(rng.Range(1, 60));
  a->zip5 = ZeroPad(city.zip3 * 100 + last2, 5);
  a->zip4 = ZeroPad(rng.Range(1, 9999), 4);
}

Address AddressGenerator::Generate(Rng& rng, bool hispanic) const {
  Address a;
  a.city = static_cast<int>(hispanic ? city_hispanic_.Sample(rng)
                                     : city_other_.Sample(rng));
  FillStreet(rng, &a);
  FillUnit(rng, &a);
  FillZip(rng, &a);
  return a;
}

Address AddressGenerator::Move(Rng& rng, const Address& from,
                               bool hispanic) const {
  if (rng.Chance(0.35)) return Generate(rng, hispanic);
  Address a = from;
  FillStreet(rng, &a);
  FillUnit(rng, &a);
  if (rng.Chance(0.5)) FillZip(rng, &a);
  return a;
}

FiledAddress AddressGenerator::Render(Rng& rng, const Address& a,
                                      const AddressStyle& style) const {
  const bool title = style.letter_case == LetterCase::kTitle;
  auto word = [&](const std::string& w) { return title ? TitleCase(w) : w; };
  FiledAddress out;
  std::string street = std::to_string(a.house_number);
  if (a.predir >= 0 && !style.drop_directional) {
    const auto& d = directionals_[a.predir];
    // Abbreviated directionals stay upper case ("NW"), as USPS writes them.
    street += " ";
    street += style.long_directional ? word(d.first) : d.second;
  }
  std::string name = a.street_name;
  if (style.street_typos > 0) name = Typo(rng, name, style.street_typos);
  if (a.spanish_prefix >= 0) {
    const auto& p = spanish_prefixes_[a.spanish_prefix];
    bool abbreviate = style.suffix == SuffixForm::kVariant;
    street += ' ';
    street += word(abbreviate ? p.second : p.first);
    street += ' ';
    street += word(name);
  } else {
    street += ' ';
    street += word(name);
    if (a.suffix >= 0) {
      const SuffixKind& s = suffixes_[a.suffix];
      switch (style.suffix) {
        case SuffixForm::kStandard:
          street += ' ';
          street += word(s.standard);
          break;
        case SuffixForm::kLong:
          street += ' ';
          street += word(s.primary);
          break;
        case SuffixForm::kVariant:
          street += ' ';
          street += word(s.variants.empty() ? s.primary : rng.Pick(s.variants));
          break;
      }
    }
  }
  std::string unit;
  if (a.unit_kind >= 0 && !style.drop_unit) {
    const UnitKind& u = units_[a.unit_kind];
    if (u.abbreviation == "#") {
      unit = Concat({"#", a.unit_number});
    } else {
      unit = Concat({word(style.long_unit ? u.designator : u.abbreviation), " ",
                     a.unit_number});
    }
  }
  if (style.unit_in_street && !unit.empty()) {
    street += ' ';
    street += unit;
    unit.clear();
  }
  const City& city = UsCities()[a.city];
  std::string city_name(city.name);
  if (style.city_abbrev) {
    city_name = Replace(Replace(city_name, "SAINT ", "ST "), "FORT ", "FT ");
  }
  out.street = std::move(street);
  out.unit = std::move(unit);
  out.city = word(city_name);
  out.state = std::string(city.state);
  out.zip = a.zip5;
  if (style.zip4) out.zip += (style.zip4_hyphen ? "-" : "") + a.zip4;
  return out;
}

}  // namespace taxgate::synth
