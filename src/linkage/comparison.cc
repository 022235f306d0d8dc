#include "linkage/comparison.h"

#include <algorithm>

#include "normalize/dob.h"
#include "normalize/nickname.h"
#include "normalize/string_similarity.h"
#include "normalize/tin.h"

namespace taxgate::linkage {
namespace {

using normalize::DamerauLevenshtein;

constexpr const char* kFieldNames[kNumFields] = {
    "first_name", "middle_name", "surname", "dob",
    "address",    "place",       "unit",    "tin"};
constexpr int kLevelCounts[kNumFields] = {6, 3, 7, 5, 4, 4, 3, 4};
// Every level of every comparison, in the order of the level enums.
constexpr LevelDescriptor kLevels[kNumFields][kMaxLevels] = {
    {{"exact", "the same given names (or initials of them)"},
     {"nickname", "a given name is a nickname of the other's"},
     {"given_token",
      "another of the given names, or its familiar form (CARLOS for JUAN "
      "CARLOS, LUPE for MARIA GUADALUPE)"},
     {"jw_0.92", "given names Jaro-Winkler >= 0.92 (a typo)"},
     {"jw_0.80", "given names Jaro-Winkler >= 0.80"},
     {"else", "different given names", false, true}},
    {{"exact", "the same middle name"},
     {"initial", "a middle initial of the other's middle name"},
     {"else", "different middle names", false, true}},
    {{"exact", "the same surnames"},
     {"swapped", "both surnames, in the other order"},
     {"token_shared", "one surname of two is shared (particles ignored)"},
     {"jw_0.92", "surnames Jaro-Winkler >= 0.92 (a typo)"},
     {"jw_0.80", "surnames Jaro-Winkler >= 0.80"},
     {"phonetic", "surnames sound alike (Soundex)"},
     {"else", "different surnames", false, true}},
    {{"exact", "the same date of birth", true},
     {"day_month_swap", "day and month swapped", true},
     {"one_digit", "one digit off", true},
     {"same_year", "the same year only"},
     {"else", "different dates of birth", false, true}},
    {{"exact",
      "the same house number and street name (or PO box on the "
      "same route)",
      true},
     {"fuzzy",
      "the same house number, street names close (a typo, street "
      "and unit swapped)",
      true},
     {"street_only",
      "street names Jaro-Winkler >= 0.92, house number "
      "differs"},
     {"else", "different street addresses", false, true}},
    {{"zip5_city", "the same ZIP code and a close city name"},
     {"zip5", "the same ZIP code"},
     {"city", "the same city and state, ZIP differs"},
     {"else", "different places", false, true}},
    {{"exact", "the same unit"},
     {"jw_0.88", "units Jaro-Winkler >= 0.88"},
     {"else", "different units", false, true}},
    {{"exact", "the same TIN", true},
     {"transposition", "two adjacent digits swapped", true},
     {"one_digit", "one digit off", true},
     {"else", "different TINs", false, true}},
};
constexpr LevelDescriptor kMissingLevel = {"missing",
                                           "either side unknown: no weight"};

// The comparisons read CompactPersons: ids are equal exactly when the
// strings are (string_pool.h), and `s` gives the text where a similarity is
// measured.

// Jaro-Winkler of two interned strings when it may reach `floor`, else a
// value below it (normalize::JaroWinklerAtLeast with the pooled masks).
double Jw(uint32_t x, uint32_t y, const Strings& s, double floor) {
  return normalize::JaroWinklerAtLeast(s.Get(x), s.Get(y), s.Mask(x), s.Mask(y),
                                       floor);
}

// Given-name tokens agree: equal, or one is the other's initial.
bool TokensCompatible(uint32_t a, uint32_t b, const Strings& s) {
  if (a == b) return true;
  std::string_view x = s.Get(a), y = s.Get(b);
  if (x.size() == 1 && !y.empty()) return x[0] == y[0];
  if (y.size() == 1 && !x.empty()) return y[0] == x[0];
  return false;
}

// Two sets of nickname groups (ids of Strings sets) share a group.
bool SetsIntersect(uint32_t a, uint32_t b, const Strings& s) {
  if (a == 0 || b == 0) return false;
  if (a == b) return true;
  auto x = s.GetSet(a);
  auto y = s.GetSet(b);
  size_t i = 0, j = 0;
  while (i < x.size() && j < y.size()) {
    if (x[i] == y[j]) return true;
    if (x[i] < y[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return false;
}

// A given name of one (not an initial) is a given name of the other, or
// they share a nickname group through any of their given names: the agency
// wrote one of a compound's names (CARLOS for JUAN CARLOS) or its familiar
// form (LUPE for MARIA GUADALUPE).
bool GivenTokenShared(const CompactPerson& a, const CompactPerson& b,
                      const Strings& s) {
  // One given name each: CompareFirst has compared them and their groups.
  if (a.n_given <= 1 && b.n_given <= 1) return false;
  for (int i = 0; i < a.n_given; ++i) {
    if (s.Get(a.given[i]).size() < 2) continue;
    for (int j = 0; j < b.n_given; ++j) {
      if (a.given[i] == b.given[j]) return true;
    }
  }
  return SetsIntersect(a.token_nickname_set, b.token_nickname_set, s);
}

uint8_t CompareFirst(const CompactPerson& a, const CompactPerson& b,
                     const Strings& s) {
  if (a.n_given == 0 || b.n_given == 0) return kMissing;
  if (a.given[0] == b.given[0]) {
    size_t n = std::min(a.n_given, b.n_given);
    bool compatible = true;
    for (size_t i = 1; i < n && compatible; ++i) {
      compatible = TokensCompatible(a.given[i], b.given[i], s);
    }
    return compatible ? kFirstExact
                      : kFirstJw80;  // JOSE LUIS vs JOSE MANUEL: weak
  }
  if (SetsIntersect(a.nickname_set, b.nickname_set, s)) return kFirstNickname;
  if (GivenTokenShared(a, b, s)) return kFirstGivenToken;
  double jw = Jw(a.given[0], b.given[0], s, 0.80);
  if (jw >= 0.92) return kFirstJw92;
  if (jw >= 0.80) return kFirstJw80;
  return kFirstElse;
}

uint8_t CompareMiddle(const CompactPerson& a, const CompactPerson& b,
                      const Strings& s) {
  if (a.n_given < 2 || b.n_given < 2) return kMissing;
  if (a.given[1] == b.given[1]) return kMiddleExact;
  if (TokensCompatible(a.given[1], b.given[1], s)) return kMiddleInitial;
  return kMiddleElse;
}

bool SharesUnit(const CompactPerson& a, const CompactPerson& b) {
  auto any = [](const uint32_t* xs, int nx, const uint32_t* ys, int ny) {
    for (int i = 0; i < nx; ++i) {
      for (int j = 0; j < ny; ++j) {
        if (xs[i] == ys[j]) return true;
      }
    }
    return false;
  };
  const uint32_t* as = a.surnames.data();
  const uint32_t* aa = a.alt_surnames.data();
  const uint32_t* bs = b.surnames.data();
  const uint32_t* ba = b.alt_surnames.data();
  return any(as, a.n_surnames, bs, b.n_surnames) ||
         any(as, a.n_surnames, ba, b.n_alt_surnames) ||
         any(aa, a.n_alt_surnames, bs, b.n_surnames) ||
         any(aa, a.n_alt_surnames, ba, b.n_alt_surnames);
}

uint8_t CompareSurname(const CompactPerson& a, const CompactPerson& b,
                       const Strings& s) {
  if (a.surname_full == 0 || b.surname_full == 0) return kMissing;
  if (a.surname_full == b.surname_full) return kSurnameExact;
  if (a.n_surnames == 2 && b.n_surnames == 2 &&
      a.surnames[0] == b.surnames[1] && a.surnames[1] == b.surnames[0]) {
    return kSurnameSwapped;
  }
  if (SharesUnit(a, b)) return kSurnameTokenShared;
  double jw = Jw(a.surname_full, b.surname_full, s, 0.80);
  if (a.n_surnames > 1 || b.n_surnames > 1) {
    for (int i = 0; i < a.n_surnames; ++i) {
      if (s.Get(a.surnames[i]).size() < 4) continue;
      for (int j = 0; j < b.n_surnames; ++j) {
        if (s.Get(b.surnames[j]).size() >= 4) {
          jw = std::max(jw, Jw(a.surnames[i], b.surnames[j], s, 0.80));
        }
      }
    }
  }
  if (jw >= 0.92) return kSurnameJw92;
  if (jw >= 0.80) return kSurnameJw80;
  for (int i = 0; i < a.n_soundex; ++i) {
    for (int j = 0; j < b.n_soundex; ++j) {
      if (a.surname_soundex[i] == b.surname_soundex[j]) return kSurnamePhonetic;
    }
  }
  return kSurnameElse;
}

uint8_t CompareDobField(const CompactPerson& a, const CompactPerson& b) {
  if (a.dob == 0 || b.dob == 0) return kMissing;
  if (a.dob == b.dob) return kDobExact;
  return static_cast<uint8_t>(normalize::CompareDob(*a.Dob(), *b.Dob()));
}

// Street and unit written in each other's place: the street text of one
// side is the unit text of the other.
bool StreetUnitSwapped(const CompactPerson& a, const CompactPerson& b,
                       const Strings& s) {
  auto close = [&](uint32_t x, uint32_t y) {
    return x != 0 && y != 0 && (x == y || Jw(x, y, s, 0.92) >= 0.92);
  };
  return close(a.street_key, b.unit_key) || close(a.unit_key, b.street_key);
}

uint8_t CompareAddress(const CompactPerson& a, const CompactPerson& b,
                       const Strings& s) {
  bool x_box = a.po_box != 0, y_box = b.po_box != 0;
  bool x_street = a.street_name != 0, y_street = b.street_name != 0;
  if ((!x_box && !x_street) || (!y_box && !y_street)) return kMissing;
  if (x_box || y_box) {
    if (x_box && y_box)
      return a.po_box == b.po_box ? kAddressExact : kAddressElse;
    return kAddressElse;
  }
  bool suffix_ok = a.suffix == 0 || b.suffix == 0 || a.suffix == b.suffix;
  bool number_eq = a.house_number != 0 && a.house_number == b.house_number;
  bool key_eq = a.street_key != 0 && a.street_key == b.street_key;
  bool name_eq = a.street_name == b.street_name;
  if (number_eq && ((name_eq && suffix_ok) || key_eq)) return kAddressExact;
  double jw = name_eq || key_eq
                  ? 1.0
                  : std::max(Jw(a.street_name, b.street_name, s, 0.88),
                             Jw(a.street_key, b.street_key, s, 0.88));
  if (number_eq && jw >= 0.88) return kAddressFuzzy;
  bool numbers = a.house_number != 0 && b.house_number != 0;
  if (jw >= 0.92 && numbers &&
      DamerauLevenshtein(s.Get(a.house_number), s.Get(b.house_number)) <= 1) {
    return kAddressFuzzy;
  }
  if (number_eq && StreetUnitSwapped(a, b, s)) return kAddressFuzzy;
  if (jw >= 0.92) return kAddressStreetOnly;
  return kAddressElse;
}

uint8_t ComparePlace(const CompactPerson& a, const CompactPerson& b,
                     const Strings& s) {
  bool x_any = a.zip5 != 0 || a.city != 0;
  bool y_any = b.zip5 != 0 || b.city != 0;
  if (!x_any || !y_any) return kMissing;
  bool zip_eq = a.zip5 != 0 && a.zip5 == b.zip5;
  bool city_close = a.city != 0 && b.city != 0 &&
                    (a.city == b.city || Jw(a.city, b.city, s, 0.92) >= 0.92);
  if (zip_eq && city_close) return kPlaceZipCity;
  if (zip_eq) return kPlaceZip;
  bool state_ok = a.state == 0 || b.state == 0 || a.state == b.state;
  if (city_close && state_ok) return kPlaceCity;
  return kPlaceElse;
}

uint8_t CompareUnit(const CompactPerson& a, const CompactPerson& b,
                    const Strings& s) {
  if (a.unit_id == 0 || b.unit_id == 0) return kMissing;
  if (a.unit_id == b.unit_id || (a.unit_key != 0 && a.unit_key == b.unit_key)) {
    return kUnitExact;
  }
  if (Jw(a.unit_id, b.unit_id, s, 0.88) >= 0.88 ||
      Jw(a.unit_key, b.unit_key, s, 0.88) >= 0.88) {
    return kUnitJw88;
  }
  if (StreetUnitSwapped(a, b, s)) return kUnitJw88;
  return kUnitElse;
}

uint8_t CompareTinField(const CompactPerson& a, const CompactPerson& b,
                        const Strings& s) {
  if (a.tin == 0 || b.tin == 0) return kMissing;
  if (a.tin == b.tin) return kTinExact;
  return static_cast<uint8_t>(
      normalize::CompareTin(s.Get(a.tin), s.Get(b.tin)));
}

// First name of `a` against the surname of `b` (names written in each
// other's place), on the first-name scale.
uint8_t FirstVsSurname(const CompactPerson& a, const CompactPerson& b,
                       const Strings& s) {
  const uint32_t f = a.first();
  if (f == 0 || b.surname_full == 0) return kMissing;
  if (f == b.surname_full) return kFirstExact;
  for (int i = 0; i < b.n_surnames; ++i) {
    if (f == b.surnames[i]) return kFirstExact;
  }
  double jw = Jw(f, b.surname_full, s, 0.80);
  if (jw >= 0.92) return kFirstJw92;
  if (jw >= 0.80) return kFirstJw80;
  return kFirstElse;
}

// Surname of `a` against the first name of `b`, on the surname scale.
uint8_t SurnameVsFirst(const CompactPerson& a, const CompactPerson& b,
                       const Strings& s) {
  const uint32_t f = b.first();
  if (f == 0 || a.surname_full == 0) return kMissing;
  if (f == a.surname_full) return kSurnameExact;
  for (int i = 0; i < a.n_surnames; ++i) {
    if (f == a.surnames[i]) return kSurnameTokenShared;
  }
  double jw = Jw(a.surname_full, f, s, 0.80);
  if (jw >= 0.92) return kSurnameJw92;
  if (jw >= 0.80) return kSurnameJw80;
  if (b.first_soundex != 0) {
    for (int i = 0; i < a.n_soundex; ++i) {
      if (a.surname_soundex[i] == b.first_soundex) return kSurnamePhonetic;
    }
  }
  return kSurnameElse;
}

// Rank of a name level for choosing between the written and the swapped
// reading: lower is better; missing counts as a middling level.
int Rank(uint8_t level, int missing_rank) {
  return level == kMissing ? missing_rank : level;
}

}  // namespace

const char* FieldName(int field) {
  return field >= 0 && field < kNumFields ? kFieldNames[field] : "";
}

int NumLevels(int field) {
  return field >= 0 && field < kNumFields ? kLevelCounts[field] : 0;
}

const LevelDescriptor& DescribeLevel(int field, uint8_t level) {
  if (level == kMissing || field < 0 || field >= kNumFields ||
      level >= kLevelCounts[field]) {
    return kMissingLevel;
  }
  return kLevels[field][level];
}

const char* LevelName(int field, int level) {
  if (level == kMissing) return "missing";
  if (field < 0 || field >= kNumFields || level < 0 ||
      level >= kLevelCounts[field]) {
    return "";
  }
  return kLevels[field][level].name;
}

ComparisonVector Compare(const CompactPerson& a, const CompactPerson& b,
                         const Strings& s) {
  ComparisonVector v;
  v.level[static_cast<int>(Field::kFirstName)] = CompareFirst(a, b, s);
  v.level[static_cast<int>(Field::kMiddleName)] = CompareMiddle(a, b, s);
  v.level[static_cast<int>(Field::kSurname)] = CompareSurname(a, b, s);
  {
    // First name and surname swapped (wholly or one of them) on one side.
    uint8_t& first = v.level[static_cast<int>(Field::kFirstName)];
    uint8_t& sur = v.level[static_cast<int>(Field::kSurname)];
    if (Rank(first, 3) + Rank(sur, 3) >= 4) {
      uint8_t sf = FirstVsSurname(a, b, s);  // a.first vs b.surname: surname
      uint8_t fs = SurnameVsFirst(a, b, s);  // a.surname vs b.first: first
      // Map onto the other field's scale.
      uint8_t new_sur = kSurnameElse;
      if (sf == kMissing) {
        new_sur = kMissing;
      } else if (sf == kFirstExact) {
        new_sur = kSurnameExact;
      } else if (sf == kFirstJw92) {
        new_sur = kSurnameJw92;
      } else if (sf == kFirstJw80) {
        new_sur = kSurnameJw80;
      }
      uint8_t new_first = kFirstElse;
      if (fs == kMissing) {
        new_first = kMissing;
      } else if (fs <= kSurnameTokenShared) {
        new_first = kFirstExact;
      } else if (fs == kSurnameJw92) {
        new_first = kFirstJw92;
      } else if (fs == kSurnameJw80) {
        new_first = kFirstJw80;
      }
      if (Rank(new_first, 3) + Rank(new_sur, 3) + 1 <
          Rank(first, 3) + Rank(sur, 3)) {
        first = new_first;
        sur = new_sur;
      }
    }
  }
  v.level[static_cast<int>(Field::kDob)] = CompareDobField(a, b);
  v.level[static_cast<int>(Field::kAddress)] = CompareAddress(a, b, s);
  v.level[static_cast<int>(Field::kPlace)] = ComparePlace(a, b, s);
  v.level[static_cast<int>(Field::kUnit)] = CompareUnit(a, b, s);
  v.level[static_cast<int>(Field::kTin)] = CompareTinField(a, b, s);
  return v;
}

ComparisonVector Compare(const Person& a, const Person& b) {
  StringPool pool;
  CompactPerson ca = Compact(a, &pool);
  CompactPerson cb = Compact(b, &pool);
  Strings s(&pool);
  return Compare(ca, cb, s);
}

}  // namespace taxgate::linkage
