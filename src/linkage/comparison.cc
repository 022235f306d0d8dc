#include "linkage/comparison.h"

#include <algorithm>

#include "normalize/dob.h"
#include "normalize/nickname.h"
#include "normalize/string_similarity.h"
#include "normalize/tin.h"

namespace taxgate::linkage {
namespace {

using normalize::DamerauLevenshtein;
using normalize::JaroWinkler;

constexpr const char* kFieldNames[kNumFields] = {
    "first_name", "middle_name", "surname", "dob",
    "address",    "place",       "unit",    "tin"};
constexpr int kLevelCounts[kNumFields] = {5, 3, 6, 5, 4, 4, 3, 4};
constexpr const char* kLevelNames[kNumFields][kMaxLevels] = {
    {"exact", "nickname", "jw_0.92", "jw_0.80", "else"},
    {"exact", "initial", "else"},
    {"exact", "token_shared", "jw_0.92", "jw_0.80", "phonetic", "else"},
    {"exact", "day_month_swap", "one_digit", "same_year", "else"},
    {"exact", "fuzzy", "street_only", "else"},
    {"zip5_city", "zip5", "city", "else"},
    {"exact", "jw_0.88", "else"},
    {"exact", "transposition", "one_digit", "else"},
};

// Given-name tokens agree: equal, or one is the other's initial.
bool TokensCompatible(const std::string& a, const std::string& b) {
  if (a == b) return true;
  if (a.size() == 1 && !b.empty()) return a[0] == b[0];
  if (b.size() == 1 && !a.empty()) return b[0] == a[0];
  return false;
}

uint8_t CompareFirst(const Person& a, const Person& b) {
  const auto& ga = a.name.given;
  const auto& gb = b.name.given;
  if (ga.empty() || gb.empty()) return kMissing;
  if (ga[0] == gb[0]) {
    size_t n = std::min(ga.size(), gb.size());
    bool compatible = true;
    for (size_t i = 1; i < n && compatible; ++i) {
      compatible = TokensCompatible(ga[i], gb[i]);
    }
    return compatible ? 0 : 3;  // JOSE LUIS vs JOSE MANUEL: weak
  }
  if (normalize::NicknameTable::Intersect(a.nickname_groups,
                                          b.nickname_groups)) {
    return 1;
  }
  double jw = JaroWinkler(ga[0], gb[0]);
  if (jw >= 0.92) return 2;
  if (jw >= 0.80) return 3;
  return 4;
}

uint8_t CompareMiddle(const Person& a, const Person& b) {
  const auto& ga = a.name.given;
  const auto& gb = b.name.given;
  if (ga.size() < 2 || gb.size() < 2) return kMissing;
  if (ga[1] == gb[1]) return 0;
  if (TokensCompatible(ga[1], gb[1])) return 1;
  return 2;
}

bool SharesUnit(const normalize::ParsedName& a,
                const normalize::ParsedName& b) {
  for (const auto* la : {&a.surnames, &a.alt_surnames}) {
    for (const auto& x : *la) {
      for (const auto* lb : {&b.surnames, &b.alt_surnames}) {
        for (const auto& y : *lb) {
          if (x == y) return true;
        }
      }
    }
  }
  return false;
}

uint8_t CompareSurname(const Person& a, const Person& b) {
  const auto& na = a.name;
  const auto& nb = b.name;
  if (na.surname_full.empty() || nb.surname_full.empty()) return kMissing;
  if (na.surname_full == nb.surname_full) return 0;
  if (na.surnames.size() == 2 && nb.surnames.size() == 2 &&
      na.surnames[0] == nb.surnames[1] && na.surnames[1] == nb.surnames[0]) {
    return 0;  // either order
  }
  if (SharesUnit(na, nb)) return 1;
  double jw = JaroWinkler(na.surname_full, nb.surname_full);
  if (na.surnames.size() > 1 || nb.surnames.size() > 1) {
    for (const auto& x : na.surnames) {
      for (const auto& y : nb.surnames) {
        if (x.size() >= 4 && y.size() >= 4)
          jw = std::max(jw, JaroWinkler(x, y));
      }
    }
  }
  if (jw >= 0.92) return 2;
  if (jw >= 0.80) return 3;
  for (const auto& x : a.surname_soundex) {
    for (const auto& y : b.surname_soundex) {
      if (x == y) return 4;
    }
  }
  return 5;
}

uint8_t CompareDobField(const Person& a, const Person& b) {
  if (!a.dob || !b.dob) return kMissing;
  return static_cast<uint8_t>(normalize::CompareDob(*a.dob, *b.dob));
}

// Street and unit written in each other's place: the street text of one
// side is the unit text of the other.
bool StreetUnitSwapped(const Person& a, const Person& b) {
  auto close = [](const std::string& x, const std::string& y) {
    return !x.empty() && !y.empty() && (x == y || JaroWinkler(x, y) >= 0.92);
  };
  return close(a.street_key, b.unit_key) || close(a.unit_key, b.street_key);
}

uint8_t CompareAddress(const Person& a, const Person& b) {
  const auto& x = a.address;
  const auto& y = b.address;
  bool x_box = !x.po_box.empty(), y_box = !y.po_box.empty();
  bool x_street = !x.street_name.empty(), y_street = !y.street_name.empty();
  if ((!x_box && !x_street) || (!y_box && !y_street)) return kMissing;
  if (x_box || y_box) {
    if (x_box && y_box) return x.po_box == y.po_box ? 0 : 3;
    return 3;
  }
  bool suffix_ok = x.suffix.empty() || y.suffix.empty() || x.suffix == y.suffix;
  bool number_eq = !x.house_number.empty() && x.house_number == y.house_number;
  bool key_eq = !a.street_key.empty() && a.street_key == b.street_key;
  bool name_eq = x.street_name == y.street_name;
  if (number_eq && ((name_eq && suffix_ok) || key_eq)) return 0;
  double jw = name_eq || key_eq
                  ? 1.0
                  : std::max(JaroWinkler(x.street_name, y.street_name),
                             JaroWinkler(a.street_key, b.street_key));
  if (number_eq && jw >= 0.88) return 1;
  bool numbers = !x.house_number.empty() && !y.house_number.empty();
  if (jw >= 0.92 && numbers &&
      DamerauLevenshtein(x.house_number, y.house_number) <= 1) {
    return 1;
  }
  if (number_eq && StreetUnitSwapped(a, b)) return 1;
  if (jw >= 0.92) return 2;
  return 3;
}

uint8_t ComparePlace(const Person& a, const Person& b) {
  const auto& x = a.address;
  const auto& y = b.address;
  bool x_any = !x.zip5.empty() || !x.city.empty();
  bool y_any = !y.zip5.empty() || !y.city.empty();
  if (!x_any || !y_any) return kMissing;
  bool zip_eq = !x.zip5.empty() && x.zip5 == y.zip5;
  bool city_close = !x.city.empty() && !y.city.empty() &&
                    (x.city == y.city || JaroWinkler(x.city, y.city) >= 0.92);
  if (zip_eq && city_close) return 0;
  if (zip_eq) return 1;
  bool state_ok = x.state.empty() || y.state.empty() || x.state == y.state;
  if (city_close && state_ok) return 2;
  return 3;
}

uint8_t CompareUnit(const Person& a, const Person& b) {
  const auto& x = a.address.unit_id;
  const auto& y = b.address.unit_id;
  if (x.empty() || y.empty()) return kMissing;
  if (x == y || (!a.unit_key.empty() && a.unit_key == b.unit_key)) return 0;
  if (JaroWinkler(x, y) >= 0.88 ||
      JaroWinkler(a.unit_key, b.unit_key) >= 0.88) {
    return 1;
  }
  if (StreetUnitSwapped(a, b)) return 1;
  return 2;
}

uint8_t CompareTinField(const Person& a, const Person& b) {
  if (a.tin.empty() || b.tin.empty()) return kMissing;
  return static_cast<uint8_t>(normalize::CompareTin(a.tin, b.tin));
}

// First name of `a` against the surname of `b` (names written in each
// other's place), on the first-name scale.
uint8_t FirstVsSurname(const Person& a, const Person& b) {
  const std::string& f = a.name.first;
  if (f.empty() || b.name.surname_full.empty()) return kMissing;
  if (f == b.name.surname_full) return 0;
  for (const auto& s : b.name.surnames) {
    if (f == s) return 0;
  }
  double jw = JaroWinkler(f, b.name.surname_full);
  if (jw >= 0.92) return 2;
  if (jw >= 0.80) return 3;
  return 4;
}

// Surname of `a` against the first name of `b`, on the surname scale.
uint8_t SurnameVsFirst(const Person& a, const Person& b) {
  const std::string& f = b.name.first;
  if (f.empty() || a.name.surname_full.empty()) return kMissing;
  if (f == a.name.surname_full) return 0;
  for (const auto& s : a.name.surnames) {
    if (f == s) return 1;
  }
  double jw = JaroWinkler(a.name.surname_full, f);
  if (jw >= 0.92) return 2;
  if (jw >= 0.80) return 3;
  if (!b.first_soundex.empty()) {
    for (const auto& x : a.surname_soundex) {
      if (x == b.first_soundex) return 4;
    }
  }
  return 5;
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

const char* LevelName(int field, int level) {
  if (level == kMissing) return "missing";
  if (field < 0 || field >= kNumFields || level < 0 ||
      level >= kLevelCounts[field]) {
    return "";
  }
  return kLevelNames[field][level];
}

ComparisonVector Compare(const Person& a, const Person& b) {
  ComparisonVector v;
  v.level[static_cast<int>(Field::kFirstName)] = CompareFirst(a, b);
  v.level[static_cast<int>(Field::kMiddleName)] = CompareMiddle(a, b);
  v.level[static_cast<int>(Field::kSurname)] = CompareSurname(a, b);
  {
    // First name and surname swapped (wholly or one of them) on one side.
    uint8_t& first = v.level[static_cast<int>(Field::kFirstName)];
    uint8_t& sur = v.level[static_cast<int>(Field::kSurname)];
    if (Rank(first, 3) + Rank(sur, 3) >= 4) {
      uint8_t sf = FirstVsSurname(a, b);  // a.first vs b.surname: surname
      uint8_t fs = SurnameVsFirst(a, b);  // a.surname vs b.first: first
      // Map onto the other field's scale.
      uint8_t new_sur = sf == kMissing ? kMissing
                                       : (sf == 0   ? 0
                                          : sf == 2 ? 2
                                          : sf == 3 ? 3
                                                    : 5);
      uint8_t new_first = fs == kMissing ? kMissing
                                         : (fs <= 1   ? 0
                                            : fs == 2 ? 2
                                            : fs == 3 ? 3
                                                      : 4);
      if (Rank(new_first, 3) + Rank(new_sur, 3) + 1 <
          Rank(first, 3) + Rank(sur, 3)) {
        first = new_first;
        sur = new_sur;
      }
    }
  }
  v.level[static_cast<int>(Field::kDob)] = CompareDobField(a, b);
  v.level[static_cast<int>(Field::kAddress)] = CompareAddress(a, b);
  v.level[static_cast<int>(Field::kPlace)] = ComparePlace(a, b);
  v.level[static_cast<int>(Field::kUnit)] = CompareUnit(a, b);
  v.level[static_cast<int>(Field::kTin)] = CompareTinField(a, b);
  return v;
}

}  // namespace taxgate::linkage
