#include "policy/address_check.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <memory>

#include "common/strings.h"
#include "normalize/usps.h"
#include "text/text.h"

namespace taxgate::policy {
namespace {

using Tokens = std::vector<std::string>;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool AllDigits(std::string_view t) {
  if (t.empty()) return false;
  for (char c : t) {
    if (!IsDigit(c)) return false;
  }
  return true;
}
bool HasDigit(std::string_view t) {
  for (char c : t) {
    if (IsDigit(c)) return true;
  }
  return false;
}
// A letter: ASCII A-Z or any character outside ASCII (letters of other
// scripts survive folding as they are).
bool HasLetter(std::string_view t) {
  for (char c : t) {
    if (IsUpper(c) || static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

std::string JoinTokens(const Tokens& t, size_t begin) {
  std::string out;
  for (size_t i = begin; i < t.size(); ++i) {
    if (i > begin) out += ' ';
    out += t[i];
  }
  return out;
}

// "12345", "12345-6789", "123456789".
bool IsZipShape(std::string_view zip, std::string* five) {
  std::string digits;
  int hyphens = 0;
  for (char c : zip) {
    if (IsDigit(c)) {
      digits += c;
    } else if (c == '-') {
      ++hyphens;
    } else if (c != ' ') {
      return false;
    }
  }
  if (digits.size() != 5 && digits.size() != 9) return false;
  if (hyphens > 1) return false;
  if (hyphens == 1) {
    size_t p = zip.find('-');
    if (Trim(zip.substr(0, p)).size() != 5) return false;
  }
  *five = digits.substr(0, 5);
  return true;
}

// A postcode of another country: letters and digits mixed ("K1A 0B6",
// "SW1A 1AA", "C1425").
bool IsForeignPostcode(std::string_view zip) {
  return HasDigit(zip) && text::HasLetter(zip);
}

// Puerto Rico area designators (USPS Publication 28, sec. 293) that can
// open an address line: urbanization, residential, condominium, ...
bool IsPrAreaDesignator(std::string_view t) {
  static const std::set<std::string, std::less<>> kWords = {
      "URB",      "URBANIZACION", "URBANIZATION", "RES",         "RESIDENCIAL",
      "COND",     "CONDOMINIO",   "BO",           "BARRIO",      "BDA",
      "BARRIADA", "PARC",         "PARCELAS",     "EXT",         "EXTENSION",
      "JARD",     "JARDINES",     "REPTO",        "REPARTO",     "VILLA",
      "VIL",      "MANS",         "MANSIONES",    "SECTOR",      "SEC",
      "TERR",     "TERRAZA",      "COOP",         "COOPERATIVA", "EDIF",
      "EDIFICIO", "CAS",          "CASERIO"};
  return kWords.count(t) > 0;
}

// Words that open a street name followed by its number ("Calle Luna 25").
bool IsStreetTypeFirst(std::string_view t) {
  static const std::set<std::string, std::less<>> kWords = {
      "CALLE",     "CL",       "CLL",      "C",       "AVENIDA", "AVDA",
      "AV",        "AVE",      "RUA",      "R",       "RUE",     "VIA",
      "CAMINO",    "CARRERA",  "CRA",      "KR",      "PASEO",   "PASAJE",
      "BOULEVARD", "BLVD",     "CALZADA",  "PRIVADA", "CERRADA", "CIRCUITO",
      "ANDADOR",   "CALLEJON", "TRAVESIA", "PLAZA",   "PRAZA",   "ALAMEDA",
      "ESTRADA",   "TRAVESSA", "LARGO",    "ROTA",    "STRASSE", "WEG"};
  return kWords.count(t) > 0;
}

// A street type that opens a street name ("Calle", "Rue", "Ave") or a
// highway word of Spanish or Portuguese: alone it names no street.
bool IsForeignStreetType(std::string_view t) {
  return IsStreetTypeFirst(t) || t == "CARRETERA" || t == "CARR" ||
         t == "CTRA" || t == "RODOVIA" || t == "AUTOPISTA";
}

// Words after a number that say it counts something, not a house: "1400
// block of", "200 yards behind", "5 miles north", "2 jobs".
bool IsCountedWord(std::string_view t) {
  // Not "FT" (Ft Myers), "MI" or "TIMES" (1 Times Square): street names.
  static const std::set<std::string, std::less<>> kWords = {
      "BLOCK",   "BLOCKS", "BLK",   "BLKS",    "YARDS",  "YDS",   "FEET",
      "MILES",   "MILE",   "KM",    "METERS",  "JOBS",   "YEARS", "YRS",
      "MONTHS",  "DAYS",   "HOURS", "MINUTES", "PEOPLE", "KIDS",  "CHILDREN",
      "CUADRAS", "METROS", "ANOS",  "MESES"};
  return kWords.count(t) > 0;
}

// House numbers: "123", "123A", "12-34", "123-A", "123-1/2", grid
// "W156N11500", Wisconsin rural "W1234".
bool IsHouseNumber(std::string_view t) {
  if (t.empty()) return false;
  size_t i = 0;
  if (IsDigit(t[0])) {
    while (i < t.size() && IsDigit(t[i])) ++i;
    if (i > 6) return false;
    if (i == t.size()) return true;
    if (i + 1 == t.size() && IsUpper(t[i])) return true;  // 123A
    if (t[i] == '-') {  // 12-34, 123-A, 123-1/2
      std::string_view rest = t.substr(i + 1);
      if (rest.size() == 1 && IsUpper(rest[0])) return true;
      if (AllDigits(rest) && rest.size() <= 5) return true;
      size_t slash = rest.find('/');
      return slash != std::string_view::npos && slash > 0 &&
             AllDigits(rest.substr(0, slash)) &&
             AllDigits(rest.substr(slash + 1));
    }
    return false;
  }
  // Wisconsin grid: [NSEW]digits[NSEW]digits
  auto dir = [](char c) {
    return c == 'N' || c == 'S' || c == 'E' || c == 'W';
  };
  if (!dir(t[0])) return false;
  i = 1;
  size_t start = i;
  while (i < t.size() && IsDigit(t[i])) ++i;
  // Wisconsin rural numbers: a direction and 3 to 6 digits ("W1234").
  if (i == t.size() && i - start >= 3 && i - start <= 6) return true;
  if (i == start || i >= t.size() || !dir(t[i])) return false;
  ++i;
  start = i;
  while (i < t.size() && IsDigit(t[i])) ++i;
  return i > start && i == t.size();
}

// "5TH", "1ST", "22ND", "3RD": part of a street name, not a house number.
bool IsOrdinal(std::string_view t) {
  size_t i = 0;
  while (i < t.size() && IsDigit(t[i])) ++i;
  if (i == 0 || t.size() != i + 2) return false;
  std::string_view end = t.substr(i);
  return end == "ST" || end == "ND" || end == "RD" || end == "TH";
}

// "I-45", "US-59", "SR-10": a road's name, not a house number.
bool IsRouteName(std::string_view t) {
  size_t dash = t.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 >= t.size()) {
    return false;
  }
  for (size_t k = 0; k < dash; ++k) {
    if (!IsUpper(t[k])) return false;
  }
  return AllDigits(t.substr(dash + 1));
}

bool IsFraction(std::string_view t) {
  size_t slash = t.find('/');
  return slash != std::string_view::npos && slash > 0 &&
         AllDigits(t.substr(0, slash)) && AllDigits(t.substr(slash + 1));
}

// A number written in words ("ONE", "TWENTY-ONE", "ONE HUNDRED").
bool IsNumberWord(std::string_view t) {
  static const std::set<std::string, std::less<>> kWords = {
      "ONE",      "TWO",      "THREE",   "FOUR",    "FIVE",      "SIX",
      "SEVEN",    "EIGHT",    "NINE",    "TEN",     "ELEVEN",    "TWELVE",
      "THIRTEEN", "FOURTEEN", "FIFTEEN", "SIXTEEN", "SEVENTEEN", "EIGHTEEN",
      "NINETEEN", "TWENTY",   "THIRTY",  "FORTY",   "FIFTY",     "SIXTY",
      "SEVENTY",  "EIGHTY",   "NINETY",  "HUNDRED", "THOUSAND"};
  if (kWords.count(t) > 0) return true;
  size_t dash = t.find('-');
  return dash != std::string_view::npos && dash > 0 &&
         kWords.count(t.substr(0, dash)) > 0 &&
         kWords.count(t.substr(dash + 1)) > 0;
}

// ZIPs of military post offices: 09xxx (AE), 340xx (AA), 962xx-966xx (AP).
bool IsMilitaryZip(std::string_view five) {
  if (five.size() < 5) return false;
  return five.substr(0, 2) == "09" || five.substr(0, 3) == "340" ||
         (five >= "96200" && five <= "96699");
}

bool IsMilitaryCity(std::string_view city) {
  return city == "APO" || city == "FPO" || city == "DPO";
}

}  // namespace

const char* AddressVerdictName(AddressVerdict v) {
  switch (v) {
    case AddressVerdict::kReal:
      return "real";
    case AddressVerdict::kMissing:
      return "missing";
    case AddressVerdict::kNotReal:
      return "not_real";
    case AddressVerdict::kUnverified:
      return "unverified";
  }
  return "not_real";
}

const char* AddressKindName(AddressKind k) {
  switch (k) {
    case AddressKind::kNone:
      return "none";
    case AddressKind::kStreet:
      return "street";
    case AddressKind::kPoBox:
      return "po_box";
    case AddressKind::kRuralRoute:
      return "rural_route";
    case AddressKind::kMilitary:
      return "military";
    case AddressKind::kUrbanization:
      return "urbanization";
  }
  return "none";
}

Result<AddressClassifier> AddressClassifier::Build(
    const normalize::UspsVocabulary& usps, AddressLists lists) {
  AddressClassifier c;
  c.lists_ = std::move(lists);
  for (const auto& st : usps.states) {
    if (st.code.empty()) continue;
    c.states_.insert(st.code);
    if (st.kind == "military") c.military_states_.insert(st.code);
    std::string name = Join(text::FoldedWords(st.name), " ");
    if (!name.empty()) c.state_names_.emplace(name, st.code);
  }
  for (const auto& sfx : usps.suffixes) {
    for (const std::string* v :
         {&sfx.primary, &sfx.variant, &sfx.abbreviation}) {
      if (!v->empty()) c.suffixes_.insert(*v);
    }
  }
  for (const auto& u : usps.units) {
    for (const std::string* v : {&u.designator, &u.abbreviation}) {
      if (v->empty() || v->find(' ') != std::string::npos) continue;
      c.units_.insert(*v);
      if (!u.requires_range) c.units_no_range_.insert(*v);
    }
  }
  for (const auto& z : usps.zip3)
    c.zip3_.push_back({z.first, z.last, z.states});
  for (const auto& d : usps.directionals) {
    for (const std::string* v : {&d.word, &d.abbreviation}) {
      if (!v->empty()) c.directionals_.insert(*v);
    }
  }
  if (c.states_.empty()) {
    return Status::InvalidArgument("the USPS vocabulary has no state codes");
  }
  return c;
}

bool AddressClassifier::ZipFitsState(std::string_view five,
                                     std::string_view state_code) const {
  if (five.size() < 3 || !AllDigits(five.substr(0, 3))) return true;
  const int prefix =
      (five[0] - '0') * 100 + (five[1] - '0') * 10 + (five[2] - '0');
  for (const Zip3Range& z : zip3_) {
    if (prefix < z.first || prefix > z.last) continue;
    return std::find(z.states.begin(), z.states.end(), state_code) !=
           z.states.end();
  }
  return true;
}

bool AddressClassifier::IsUnitDesignator(std::string_view t) const {
  return units_.count(t) > 0;
}

bool AddressClassifier::NumbersAPlace(std::string_view t) const {
  if (t == "#" || t == "NO" || t == "NUM") return false;
  // Places numbered inside a jail, shelter, camp or park. Not the names of
  // facilities ("Jail", "Shelter"): those stand before a street address,
  // "Harris County Jail, 1200 Baker St".
  static const std::set<std::string, std::less<>> kPlaces = {
      "CELL",   "BUNK",   "BED",    "POD",  "DORM", "TIER", "BLOCK",
      "TENT",   "BENCH",  "ROW",    "WING", "WARD", "CAMA", "CELDA",
      "LITERA", "INMATE", "SECTOR", "CAMP", "EXIT", "MILE", "MARKER"};
  return IsUnitDesignator(t) || kPlaces.count(t) > 0;
}

bool AddressClassifier::TypedStreet(const Tokens& t, const Core& core) const {
  if (core.kind != AddressKind::kStreet) return false;
  for (size_t k = core.begin; k < t.size(); ++k) {
    if (suffixes_.count(t[k]) > 0 || IsForeignStreetType(t[k])) return true;
  }
  return false;
}

std::string AddressClassifier::StateCode(std::string_view state) const {
  std::string folded = text::Fold(state);
  if (folded.empty()) return "";
  // Letters only: "N.Y.", "(IL)", "\"tx\"" are codes too.
  std::string code;
  for (char ch : folded) {
    if (ch >= 'a' && ch <= 'z') code += static_cast<char>(ch - 'a' + 'A');
    if (static_cast<unsigned char>(ch) >= 0x80) code += ch;
  }
  if (states_.count(code) > 0) return code;
  auto named = state_names_.find(Join(text::Words(folded), " "));
  return named == state_names_.end() ? "" : named->second;
}

// The street name t[begin, end): at least one word with a letter; not only
// directionals, not a street type alone (of any language), not a unit
// designator alone, not a single letter with nothing after it.
bool AddressClassifier::ValidStreetName(const LineIndex& line, const Tokens& t,
                                        size_t begin, size_t end) const {
  if (begin >= end) return false;
  const bool any_letter = line.letters[end] > line.letters[begin];
  const bool all_directional =
      line.directionals[end] - line.directionals[begin] == end - begin;
  if (!any_letter || all_directional) return false;
  if (end - begin == 1) {
    const std::string& w = t[begin];
    // A street type alone, English or not ("123 St", "123 Calle", "45
    // Carretera") names no street.
    if (suffixes_.count(w) > 0 || IsUnitDesignator(w) ||
        IsForeignStreetType(w)) {
      return false;
    }
    if (w.size() == 1 && !HasDigit(w)) return false;
  }
  return true;
}

AddressClassifier::LineIndex AddressClassifier::IndexLine(
    const Tokens& t) const {
  const size_t n = t.size();
  LineIndex line;
  line.number_words_end.assign(n + 1, n);
  line.name_end.assign(n + 1, n);
  line.house_number.assign(n + 1, n);
  line.letters.assign(n + 1, 0);
  line.directionals.assign(n + 1, 0);
  line.digit_from.assign(n + 1, false);
  for (size_t k = 0; k < n; ++k) {
    line.letters[k + 1] = line.letters[k] + (HasLetter(t[k]) ? 1 : 0);
    line.directionals[k + 1] =
        line.directionals[k] + (directionals_.count(t[k]) > 0 ? 1 : 0);
  }
  for (size_t k = n; k-- > 0;) {
    line.number_words_end[k] =
        IsNumberWord(t[k]) ? line.number_words_end[k + 1] : k;
    // A street name ends at a unit designator followed by a number ("APT
    // 4", "# 12"), or at a trailing designator that needs none ("REAR").
    const bool unit = IsUnitDesignator(t[k]);
    const bool numbered =
        k + 1 < n && (HasDigit(t[k + 1]) || t[k + 1].size() == 1);
    const bool bare_last = k + 1 == n && units_no_range_.count(t[k]) > 0;
    line.name_end[k] = unit && (numbered || bare_last || t[k] == "#")
                           ? k
                           : line.name_end[k + 1];
    const bool before_unit = k + 1 < n && IsUnitDesignator(t[k + 1]);
    line.house_number[k] = IsHouseNumber(t[k]) && (k + 1 == n || before_unit)
                               ? k
                               : line.house_number[k + 1];
    line.digit_from[k] = HasDigit(t[k]) || line.digit_from[k + 1];
  }
  return line;
}

AddressKind AddressClassifier::ParseStreetAddress(const Tokens& t,
                                                  const LineIndex& line,
                                                  size_t i) const {
  size_t n = t.size();
  size_t j = i;
  // "Cell 12, Harris County Jail", "Apt 5, Main St", "Bunk 4 Pod B": the
  // number of a cell, bed, tent or unit is no house number.
  if (i > 0 && NumbersAPlace(t[i - 1])) return AddressKind::kNone;
  // Puerto Rico's block and lot ("B12 Calle 3", "A-12 Calle 4", "D-5
  // Calle Rosa") before a street that opens with its type.
  auto block_lot = [](std::string_view w) {
    if (w.empty() || !IsUpper(w[0])) return false;
    size_t k = 1;
    if (k < w.size() && w[k] == '-') ++k;
    const size_t digits_from = k;
    while (k < w.size() && IsDigit(w[k])) ++k;
    const size_t digits = k - digits_from;
    return k == w.size() && digits >= 1 && digits <= 4;
  };
  if (IsHouseNumber(t[j])) {
    ++j;
  } else if (block_lot(t[j]) && j + 1 < n && IsStreetTypeFirst(t[j + 1])) {
    ++j;
  } else if (IsNumberWord(t[j])) {
    j = line.number_words_end[j];  // "ONE HUNDRED"
  } else {
    return AddressKind::kNone;
  }
  if (j < n && IsFraction(t[j])) ++j;  // 123 1/2 Main St
  // "123 Apt 4": a unit right after the number leaves no street name.
  if (j < n && IsUnitDesignator(t[j]) &&
      (j + 1 == n || HasDigit(t[j + 1]) || t[j + 1].size() == 1)) {
    return AddressKind::kNone;
  }
  // The name runs up to a unit designator with its number, or a trailing
  // one that needs none; a designator that opens the name is part of it
  // ("Front St").
  size_t end = j < n ? line.name_end[j + 1] : n;
  return ValidStreetName(line, t, j, end) ? AddressKind::kStreet
                                          : AddressKind::kNone;
}

// "Calle Luna 25", "Avenida Juarez 1200 Int 4", "Main St 25".
AddressKind AddressClassifier::ParseNumberAfterName(const Tokens& t,
                                                    const LineIndex& line,
                                                    size_t i) const {
  const size_t n = t.size();
  // The number: the last house number of the line, or the one before a
  // unit designator.
  const size_t num = line.house_number[i + 1];
  if (num == n) return AddressKind::kNone;
  // "Calle 5 #12", "Calle 7 120" (Puerto Rico): a numbered street, then
  // the house number.
  if (IsStreetTypeFirst(t[i]) && i + 3 < n && AllDigits(t[i + 1]) &&
      t[i + 2] == "#" && IsHouseNumber(t[i + 3])) {
    return AddressKind::kStreet;
  }
  if (IsStreetTypeFirst(t[i]) && num == i + 2 && AllDigits(t[i + 1])) {
    return AddressKind::kStreet;
  }
  // "Calle Principal Apt 5", "Avenida Reforma Depto 12": the number of a
  // unit, with no house number.
  if (NumbersAPlace(t[num - 1])) return AddressKind::kNone;
  size_t name_begin = i;
  bool typed_first = IsStreetTypeFirst(t[i]);
  if (typed_first) ++name_begin;
  bool typed_last = num > i && suffixes_.count(t[num - 1]) > 0;
  if (!typed_first && !typed_last) return AddressKind::kNone;
  size_t name_end = typed_last && !typed_first ? num - 1 : num;
  // The name itself must not hold another number ("Calle 5 de Mayo 25" is
  // fine: "5" is part of the name).
  if (!ValidStreetName(line, t, name_begin, name_end)) {
    return AddressKind::kNone;
  }
  return AddressKind::kStreet;
}

AddressKind AddressClassifier::ParseAt(const Tokens& t, const LineIndex& line,
                                       size_t i) const {
  const size_t n = t.size();
  // PO, route and military boxes: the grammar normalization reads too.
  switch (normalize::ReadBox(t, i).kind) {
    case normalize::BoxKind::kPoBox:
      return AddressKind::kPoBox;
    case normalize::BoxKind::kRoute:
      return AddressKind::kRuralRoute;
    case normalize::BoxKind::kMilitary:
      return AddressKind::kMilitary;
    case normalize::BoxKind::kNone:
      break;
  }
  // A box prefix without its numbers is no address; "Route 66 ..." without
  // a box is judged as a street below.
  bool strict = false;
  if (normalize::PoBoxPrefix(t, i) > 0 ||
      (normalize::RuralPrefix(t, i, &strict) > 0 && strict)) {
    return AddressKind::kNone;
  }
  if (t[i] == "PSC" || t[i] == "CMR" ||
      (t[i] == "UNIT" && i + 2 < n && t[i + 2] == "BOX")) {
    return AddressKind::kNone;
  }
  if ((t[i] == "USS" || t[i] == "USNS") && i + 1 < n && HasLetter(t[i + 1])) {
    return AddressKind::kMilitary;
  }
  // Puerto Rico: area designator, its name, a number.
  if (IsPrAreaDesignator(t[i]) && i + 2 < n) {
    bool name = HasLetter(t[i + 1]) && !HasDigit(t[i + 1]);
    bool number = line.digit_from[i + 2];
    if (name && number) return AddressKind::kUrbanization;
  }
  // Puerto Rico kilometre addresses: "Carr 2 Km 3.4" (period dropped: 34).
  if ((t[i] == "CARR" || t[i] == "CARRETERA") && i + 3 < n &&
      HasDigit(t[i + 1]) && t[i + 2] == "KM" && HasDigit(t[i + 3])) {
    return AddressKind::kStreet;
  }
  AddressKind k = ParseStreetAddress(t, line, i);
  if (k != AddressKind::kNone) return k;
  if (HasLetter(t[i]) && !IsUnitDesignator(t[i])) {
    return ParseNumberAfterName(t, line, i);
  }
  return AddressKind::kNone;
}

AddressClassifier::Core AddressClassifier::FindCore(const Tokens& t) const {
  const LineIndex line = IndexLine(t);
  for (size_t i = 0; i < t.size(); ++i) {
    AddressKind k = ParseAt(t, line, i);
    if (k != AddressKind::kNone) return Core{k, i};
  }
  return Core{};
}

std::string AddressClassifier::WhyNoCore(const Tokens& t) const {
  if (t.empty()) return "empty street line";
  for (const auto& w : t) {
    // "14XX N Main St": a house number blacked out.
    size_t k = 0;
    while (k < w.size() && IsDigit(w[k])) ++k;
    if (k > 0 && w.size() - k >= 2 &&
        std::all_of(w.begin() + static_cast<long>(k), w.end(),
                    [](char c) { return c == 'X'; })) {
      return "a house number with digits blacked out";
    }
  }
  if (IsUnitDesignator(t[0]) && t.size() <= 2)
    return "a unit alone is no address";
  if (normalize::PoBoxPrefix(t, 0) > 0) return "PO box without a number";
  bool strict = false;
  if (normalize::RuralPrefix(t, 0, &strict) > 0 && strict) {
    return "rural route or highway contract without route and box numbers";
  }
  if (t[0] == "PSC" || t[0] == "CMR") {
    return "military address without unit and box numbers";
  }
  // Numbers that could be a house number: not those right after a unit
  // designator or a place in a jail or shelter ("Main St Apt 4", "Cell 12").
  bool house_number = false;
  bool name_word = false;
  for (size_t k = 0; k < t.size(); ++k) {
    bool after_unit =
        k > 0 && (IsUnitDesignator(t[k - 1]) || NumbersAPlace(t[k - 1]));
    // An ordinal ("5th St") or a route ("I-45") is part of a street's
    // name; a number in words ("One") is a house number.
    bool numbered = HasDigit(t[k]) && !IsOrdinal(t[k]) && !IsRouteName(t[k]);
    if ((numbered && !after_unit) || IsNumberWord(t[k])) {
      house_number = true;
    }
    if (HasLetter(t[k]) && !IsUnitDesignator(t[k]) &&
        directionals_.count(t[k]) == 0 && suffixes_.count(t[k]) == 0 &&
        !IsForeignStreetType(t[k]) && !HasDigit(t[k]) && !IsNumberWord(t[k])) {
      name_word = true;
    }
  }
  if (!house_number) return "street name without a house number";
  if (!name_word) return "house number without a street name";
  return "";  // a shape this check does not know
}

bool AddressClassifier::PlaceholderStreetName(const Tokens& t,
                                              const Core& core) const {
  // The name between the house number and the street type ("123 NA St",
  // "123 None St"), directionals aside; or a ship's name ("USS NA").
  size_t begin = core.begin + 1;
  if (core.kind == AddressKind::kStreet && core.begin < t.size() &&
      IsHouseNumber(t[core.begin])) {
    if (begin < t.size() && IsFraction(t[begin])) ++begin;
  } else if (core.kind != AddressKind::kMilitary || core.begin >= t.size() ||
             (t[core.begin] != "USS" && t[core.begin] != "USNS")) {
    return false;
  }
  Words name;
  for (size_t k = begin; k < t.size(); ++k) {
    if (suffixes_.count(t[k]) > 0 || IsUnitDesignator(t[k])) break;
    if (directionals_.count(t[k]) > 0) continue;
    for (auto& w : FieldWords(t[k])) name.push_back(std::move(w));
  }
  const PlaceholderLists& p = lists_.placeholders;
  if (name.empty()) return false;
  for (const Words& read : Readings(p, name, FieldKind::kAddress)) {
    if (Covers({&p.any, &p.fields}, read, 2)) return true;  // "123 N0NE St"
  }
  return false;
}

bool AddressClassifier::WholeFieldPlaceholder(const Words& words,
                                              bool single_letters) const {
  const PlaceholderLists& p = lists_.placeholders;
  for (const Words& read : Readings(p, words, FieldKind::kAddress)) {
    if (Covers({&p.any, &p.fields, &p.addresses, &p.address_fields}, read, 1) ||
        PlaceholderWithCompanions({&p.any, &p.addresses, &p.address_fields},
                                  nullptr, read, 1, single_letters)) {
      return true;
    }
  }
  return false;
}

bool AddressClassifier::HasSlashPlaceholder(std::string_view street) const {
  // "123 N/A St": the slash says the letters are one placeholder, not the
  // directional N and a street named A ("123 N A St"). "C/O" is no
  // placeholder; "1/2" has no letters.
  const PlaceholderLists& p = lists_.placeholders;
  for (const auto& token : SplitWords(street)) {
    if (token.find('/') == std::string::npos || !text::HasLetter(token)) {
      continue;
    }
    Words w = FieldWords(token);
    if (w.size() >= 2 &&
        (p.any.Has(w, 0, w.size()) || p.fields.Has(w, 0, w.size()))) {
      return true;
    }
  }
  return false;
}

bool AddressClassifier::IsPlaceholderText(const Words& words) const {
  const PlaceholderLists& p = lists_.placeholders;
  for (const Words& read : Readings(p, words, FieldKind::kAddress)) {
    if (Covers({&p.any, &p.fields, &p.addresses}, read, 1)) return true;
    if (p.any.Contains(read, true) || p.addresses.Contains(read, true)) {
      return true;
    }
  }
  for (const auto& w : words) {
    // "123 XXX St": a filler inside the line.
    if (w.size() >= 2 && IsFillerWord(w)) return true;
  }
  return false;
}

namespace {
// The words of a street line without its numbers: tokens with a digit and
// at most one letter ("12", "B-12", "12A") dropped, so that "Pod B-12" reads
// "pod" while a single letter standing alone ("5 N Street") stays.
Words WordsBesideNumbers(const Tokens& tokens) {
  std::string kept;
  for (const auto& t : tokens) {
    size_t letters = 0;
    for (char c : t) letters += IsUpper(c) ? 1 : 0;
    if (HasDigit(t) && letters <= 1) continue;
    kept += t;
    kept += ' ';
  }
  return FieldWords(kept);
}
}  // namespace

AddressCheck AddressClassifier::Classify(const domain::PersonQuery& p) const {
  return Classify(p.street, p.unit, p.city, p.state, p.zip);
}

AddressCheck AddressClassifier::Classify(std::string_view street_in,
                                         std::string_view /*unit*/,
                                         std::string_view city_in,
                                         std::string_view state_in,
                                         std::string_view zip_in) const {
  const std::string street = text::Clean(street_in);
  const std::string city = text::Clean(city_in);
  const std::string state = text::Clean(state_in);
  const std::string zip = text::Clean(zip_in);
  AddressCheck out;
  if (street.empty() && city.empty() && state.empty() && zip.empty()) {
    out.verdict = AddressVerdict::kMissing;
    out.why = "no street, city, state or ZIP";
    return out;
  }
  out.verdict = AddressVerdict::kNotReal;
  // The whole address written in the street line ("1420 N Main St,
  // Houston, TX 77002") with the other fields empty: its ZIP and state are
  // read from the end of the line; a line that is nothing but a locality
  // ("Houston TX 77002", "NA 77002", "ZIP 77002") is no street address.
  if (city.empty() && state.empty() && zip.empty() && !street.empty()) {
    Tokens line = (normalize::AddressTokens(street_in));
    std::string five_in_line;
    if (line.size() >= 1 && IsZipShape(line.back(), &five_in_line)) {
      size_t end = line.size() - 1;
      std::string state_in_line;
      for (size_t len = 2; len >= 1 && state_in_line.empty(); --len) {
        if (end < len) continue;
        std::string candidate;
        for (size_t k = end - len; k < end; ++k) {
          if (!candidate.empty()) candidate += ' ';
          candidate += line[k];
        }
        if (!StateCode(candidate).empty()) {
          state_in_line = candidate;
          end -= len;
        }
      }
      Tokens rest(line.begin(), line.begin() + static_cast<long>(end));
      if (!rest.empty() && FindCore(rest).kind != AddressKind::kNone) {
        return Classify(JoinTokens(rest, 0), "", "", state_in_line,
                        line.back());
      }
      out.why = "a city, state or ZIP in the street line is no street address";
      return out;
    }
  }
  const PlaceholderLists& ph = lists_.placeholders;
  // Folding reads the fields as written (text::Fold maps look-alikes before
  // NFKC could turn them into other letters); Clean says what was written.
  const Tokens tokens = (normalize::AddressTokens(street_in));
  const Core core = FindCore(tokens);

  // Placeholders: filling a field, inside the street address (what comes
  // before it does not count) or the city, or split across the two.
  // Each field read into words once.
  const Words street_words = FieldWords(street_in);
  const Words city_words = FieldWords(city_in);
  const Words state_words = FieldWords(state_in);
  Words line_words = core.kind != AddressKind::kNone
                         ? FieldWords(JoinTokens(tokens, core.begin))
                         : street_words;
  for (const Words& words : {state_words, FieldWords(zip_in)}) {
    if (!words.empty() &&
        WholeFieldPlaceholder(words, /*single_letters=*/true)) {
      out.why = "placeholder in the state or ZIP";
      return out;
    }
  }
  // The whole line made of placeholders, in any reading: "0UT 0F C0UNTRY"
  // is no house number "0F" behind a facility "OUT"; "Cell 12" is no street.
  // A street line that is a house number, a name and a street type from
  // its first word is a street, whatever its name (100 State Street, 600
  // Camp Street): names of fields and places read as placeholders only in
  // lines of another shape.
  const bool typed_from_start = core.begin == 0 && TypedStreet(tokens, core);
  if (!street.empty() &&
      ((!typed_from_start &&
        (WholeFieldPlaceholder(street_words, /*single_letters=*/false) ||
         WholeFieldPlaceholder(WordsBesideNumbers(tokens),
                               /*single_letters=*/false))) ||
       IsPlaceholderText(line_words) || HasSlashPlaceholder(street))) {
    out.why = "placeholder in the street line";
    return out;
  }
  if (!city.empty() &&
      (IsPlaceholderText(city_words) ||
       WholeFieldPlaceholder(city_words, /*single_letters=*/true))) {
    out.why = "placeholder in the city";
    return out;
  }
  Words across = line_words;
  across.insert(across.end(), city_words.begin(), city_words.end());
  for (const Words& read : Readings(ph, across, FieldKind::kAddress)) {
    if (ph.any.Contains(read, true) || ph.addresses.Contains(read, true)) {
      out.why = "placeholder split across street and city";
      return out;
    }
  }

  // The locality.
  const std::string state_code = StateCode(state_in);
  const bool state_us = !state_code.empty();
  const bool state_foreign = !state.empty() && !state_us;
  std::string five;
  const bool zip_shape = !zip.empty() && IsZipShape(zip, &five);
  bool specimen_zip = false;
  for (const auto& z : lists_.specimen_zips) {
    if (zip_shape && five == z) specimen_zip = true;
  }
  const bool zip_valid = zip_shape && !specimen_zip && five >= "00501";
  const bool city_ok = !city.empty() && text::HasLetter(city);
  const bool city_state = city_ok && state_us;
  // A foreign address: a state that is none of the US, a postcode with
  // letters, another script, or, when no US state is written, the name of a
  // foreign country, region or city ("Calle Luna 25, Guadalajara 44100").
  // With a US state the names say nothing: Paris TX, Lima OH, Mexico MO are
  // in the United States; the street line is read for them only when it
  // holds the whole address ("123 Paris Ave" names a street).
  const bool foreign_named =
      !state_us &&
      (lists_.foreign_places.Contains(city_words) ||
       lists_.foreign_places.Contains(state_words) ||
       (city.empty() && lists_.foreign_places.Contains(street_words)));
  const bool foreign = state_foreign || foreign_named ||
                       (!zip.empty() && IsForeignPostcode(zip)) ||
                       text::HasNonLatinLetter(text::Fold(street_in)) ||
                       text::HasNonLatinLetter(text::Fold(city_in));

  if (street.empty()) {
    out.why = zip.empty() ? "city or state without a street line"
                          : "a ZIP code is not an address";
    return out;
  }
  if (specimen_zip && !city_state) {
    out.why = "specimen ZIP code with no real city and state";
    return out;
  }
  if (PlaceholderStreetName(tokens, core)) {
    out.why = "a placeholder as the street or ship name";
    return out;
  }
  // A number that counts something else: "1400 block of N Main St", "200
  // yards behind the Walmart", "2 blocks from the courthouse", "Works 2
  // jobs downtown".
  if (core.kind == AddressKind::kStreet && core.begin + 1 < tokens.size() &&
      IsHouseNumber(tokens[core.begin]) &&
      IsCountedWord(tokens[core.begin + 1])) {
    out.why = "a number that counts blocks, yards, miles or the like";
    return out;
  }
  // A placeholder in front of a street address does not make it unreal
  // (LAW.md), but in front of a number and a word that are no typed street
  // it is what the line says: "Homeless since 2019 Houston", "In ICE
  // custody since 2025 March", "Sem teto ha 2 anos". Other words in front
  // of such a number ("Living in a 2005 Honda Civic", "Moved 2023 to
  // Dallas") leave the check unable to confirm a street: a person looks.
  bool untyped_after_words = false;
  if (core.kind == AddressKind::kStreet && core.begin > 0 &&
      !TypedStreet(tokens, core)) {
    Tokens before(tokens.begin(),
                  tokens.begin() + static_cast<long>(core.begin));
    if (IsPlaceholderText(FieldWords(JoinTokens(before, 0)))) {
      out.why = "a placeholder before a number that is no street address";
      return out;
    }
    untyped_after_words = true;
  }
  // "Main St 77002" with ZIP 77002: the ZIP is no house number.
  if (core.kind == AddressKind::kStreet && core.begin < tokens.size() &&
      !IsHouseNumber(tokens[core.begin]) && zip_shape &&
      tokens.back() == five) {
    out.why = "the ZIP code written as the house number";
    return out;
  }
  if (core.kind == AddressKind::kNone) {
    std::string why = WhyNoCore(tokens);
    if (foreign) {
      out.verdict = AddressVerdict::kUnverified;
      out.why = "foreign address";
    } else if (why.empty()) {
      out.verdict = AddressVerdict::kUnverified;
      out.why = "a street line of a shape this check does not know";
    } else {
      out.why = why;
    }
    return out;
  }
  if (foreign) {
    out.verdict = AddressVerdict::kUnverified;
    out.why = "foreign address";
    return out;
  }
  if (untyped_after_words) {
    out.verdict = AddressVerdict::kUnverified;
    out.why = "words, then a number and words that name no typed street";
    return out;
  }
  std::string city_upper = AsciiUpper(Join(city_words, " "));
  bool military_city = IsMilitaryCity(city_upper);
  bool military_state = military_states_.count(state_code) > 0;
  if (core.kind == AddressKind::kMilitary && !military_city &&
      !military_state &&
      !(city.empty() && state.empty() && zip_shape && IsMilitaryZip(five))) {
    out.why = "military box outside APO/FPO/DPO and AA/AE/AP";
    return out;
  }
  if ((military_city && state_us && !military_state) ||
      (military_state && city_ok && !military_city)) {
    out.why = "APO/FPO/DPO goes with AA/AE/AP only";
    return out;
  }
  if ((military_city || military_state) &&
      core.kind != AddressKind::kMilitary && core.kind != AddressKind::kPoBox) {
    out.why = "APO/FPO/DPO address without a PSC/CMR/unit box or ship";
    return out;
  }
  bool locality = city_state || zip_valid;
  if (!locality) {
    out.why = "no city and state, and no ZIP";
    return out;
  }
  // A ZIP of another state than the one written ("Via Dante 10, Milano,
  // MI 20121": 201 is Virginia): the check cannot confirm the address.
  if (zip_valid && state_us && !ZipFitsState(five, state_code)) {
    out.verdict = AddressVerdict::kUnverified;
    out.why = "the ZIP code belongs to another state";
    return out;
  }
  // A ZIP that is none (wrong length, below the first ZIP) beside a real
  // city and state: the check cannot confirm the address.
  if (!zip.empty() && !zip_valid && !specimen_zip) {
    out.verdict = AddressVerdict::kUnverified;
    out.why = "ZIP is not a US ZIP code";
    return out;
  }
  out.verdict = AddressVerdict::kReal;
  out.kind = core.kind;
  out.why.clear();
  return out;
}

bool AddressClassifier::LooksLikeStreetAddress(std::string_view street) const {
  Tokens t = (normalize::AddressTokens(street));
  if (t.empty()) return false;
  AddressKind k = ParseAt(t, IndexLine(t), 0);
  return k == AddressKind::kStreet || k == AddressKind::kPoBox ||
         k == AddressKind::kRuralRoute || k == AddressKind::kMilitary ||
         k == AddressKind::kUrbanization;
}

}  // namespace taxgate::policy
