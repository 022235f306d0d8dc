#include "normalize/address.h"

#include <cctype>
#include <vector>

#include "common/strings.h"
#include "normalize/text.h"
#include "normalize/usps.h"

namespace taxgate::normalize {
namespace {

constexpr const char* kSpelled[] = {
    "ZERO",     "ONE",      "TWO",      "THREE",   "FOUR",    "FIVE",
    "SIX",      "SEVEN",    "EIGHT",    "NINE",    "TEN",     "ELEVEN",
    "TWELVE",   "THIRTEEN", "FOURTEEN", "FIFTEEN", "SIXTEEN", "SEVENTEEN",
    "EIGHTEEN", "NINETEEN", "TWENTY"};
constexpr const char* kOrdinals[] = {
    "",          "FIRST",     "SECOND",      "THIRD",      "FOURTH",
    "FIFTH",     "SIXTH",     "SEVENTH",     "EIGHTH",     "NINTH",
    "TENTH",     "ELEVENTH",  "TWELFTH",     "THIRTEENTH", "FOURTEENTH",
    "FIFTEENTH", "SIXTEENTH", "SEVENTEENTH", "EIGHTEENTH", "NINETEENTH",
    "TWENTIETH"};

bool HasDigit(std::string_view s) {
  for (char c : s) {
    if (c >= '0' && c <= '9') return true;
  }
  return false;
}

std::string OrdinalSuffix(int n) {
  int mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return "TH";
  switch (n % 10) {
    case 1:
      return "ST";
    case 2:
      return "ND";
    case 3:
      return "RD";
    default:
      return "TH";
  }
}

std::string StandardOrdinal(const std::string& w) {
  for (int i = 1; i <= 20; ++i) {
    if (w == kOrdinals[i]) return std::to_string(i) + OrdinalSuffix(i);
  }
  return w;
}

std::string SpelledNumber(const std::string& w) {
  for (int i = 0; i <= 20; ++i) {
    if (w == kSpelled[i]) return std::to_string(i);
  }
  return "";
}

const std::string* Find(const std::unordered_map<std::string, std::string>& m,
                        const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? nullptr : &it->second;
}

// Normalizes a unit text ("Apartment 3B", "#12", "3B") into (unit, id).
void NormalizeUnit(const std::vector<std::string>& words, const Tables& t,
                   std::string* unit, std::string* id) {
  if (words.empty()) return;
  size_t i = 0;
  std::string_view designator;  // a literal or a table value
  if (words[0] == "#") {
    designator = "#";
    i = 1;
  } else if (const std::string* d = Find(t.unit_designators, words[0])) {
    designator = *d;
    i = 1;
  } else if (words[0].size() > 1 && words[0][0] == '#') {
    designator = "#";
  }
  std::vector<std::string> rest;
  for (size_t k = i; k < words.size(); ++k) {
    std::string_view w = words[k];
    if (!w.empty() && w[0] == '#') w.remove_prefix(1);
    if (w == "NO" || w == "NUMBER") continue;
    if (!w.empty()) rest.emplace_back(w);
  }
  *id = Join(rest, " ");
  if (designator.empty()) {
    *unit = *id;
  } else if (id->empty()) {
    unit->assign(designator);
  } else {
    unit->assign(designator);
    unit->push_back(' ');
    unit->append(*id);
  }
}

}  // namespace

std::string NormalizeZip(std::string_view zip) {
  std::string digits = DigitsOnly(zip);
  if (digits.size() == 9) return digits.substr(0, 5);
  if (digits.size() > 5 && zip.find('-') != std::string_view::npos &&
      Trim(zip).find('-') == 5) {
    return digits.substr(0, 5);
  }
  return digits;
}

std::string Address::StreetLine() const {
  if (!po_box.empty()) return box_route.empty() ? "PO BOX " + po_box : po_box;
  std::vector<std::string> parts;
  for (const std::string* s : {&house_number, &predirectional, &street_name,
                               &suffix, &postdirectional}) {
    if (!s->empty()) parts.push_back(*s);
  }
  return Join(parts, " ");
}

Address NormalizeAddress(std::string_view street, std::string_view unit,
                         std::string_view city, std::string_view state,
                         std::string_view zip, const Tables& tables) {
  Address a;
  std::vector<std::string> raw = SplitWords(CleanText(street, "#-"));
  // Tokens: '-' splits words except inside the house number.
  std::vector<std::string> words;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (i == 0 && HasDigit(raw[i])) {
      words.push_back(raw[i]);
      continue;
    }
    for (auto& piece : Split(raw[i], '-')) {
      if (!piece.empty()) words.push_back(piece);
    }
  }
  // Split "#12" into "#", "12".
  std::vector<std::string> tokens;
  for (auto& w : words) {
    if (w.size() > 1 && w[0] == '#') {
      tokens.push_back("#");
      tokens.push_back(w.substr(1));
    } else {
      tokens.push_back(w);
    }
  }
  // PO boxes, and boxes on a route or a military unit, read by the grammar
  // the address check uses (usps.h).
  // Like the check, the left-most address of the line decides: a box after
  // a house number, or in a line that opens with a street type, is part of
  // a street address ("123 Main St Box 5" is 123 Main St, its box kept as
  // the unit; "Calle Casilla 5" is a street named Casilla), while a name
  // before a box is not ("c/o Ana Ruiz, PO Box 12").
  const AddressWords line = AddressTokens(street);
  std::string box_opens_unit;  // the box's first word, when it is a unit
  for (size_t i = 0; i < line.size(); ++i) {
    Box box = ReadBox(line, i);
    if (box.kind == BoxKind::kNone) continue;
    bool street_first =
        i > 0 && (tables.street_suffixes.count(line[0]) > 0 ||
                  tables.spanish_street_prefixes.count(line[0]) > 0);
    for (size_t j = 0; j < i && !street_first; ++j) {
      street_first = HasDigit(line[j]);
    }
    if (street_first) {
      box_opens_unit = line[i];
      break;
    }
    a.box_route = box.route;
    a.po_box = box.route.empty() ? box.box : box.route + " BOX " + box.box;
    tokens.clear();
    break;
  }
  // Secondary unit inside the street line: designator + value, or '#', or
  // the box of a street address.
  std::vector<std::string> unit_words;
  for (size_t i = 1; i < tokens.size(); ++i) {
    const std::string& w = tokens[i];
    bool designator = w == "#" ||
                      (!box_opens_unit.empty() && w == box_opens_unit) ||
                      (tables.unit_designators.count(w) &&
                       i + 1 < tokens.size() && HasDigit(tokens[i + 1]));
    if (designator && i + 1 < tokens.size()) {
      unit_words.assign(tokens.begin() + i, tokens.end());
      tokens.resize(i);
      break;
    }
  }
  std::vector<std::string> unit_field = SplitWords(CleanText(unit, "#"));
  if (!unit_words.empty()) {
    NormalizeUnit(unit_words, tables, &a.unit, &a.unit_id);
  } else {
    NormalizeUnit(unit_field, tables, &a.unit, &a.unit_id);
  }
  // House number.
  size_t b = 0, e = tokens.size();
  if (b < e && HasDigit(tokens[b])) {
    a.house_number = tokens[b++];
  } else if (b + 1 < e) {
    std::string n = SpelledNumber(tokens[b]);
    if (!n.empty()) {
      a.house_number = n;
      ++b;
    }
  }
  // Post-directional, suffix, pre-directional; keep at least one name word.
  if (e - b >= 2) {
    if (const std::string* d = Find(tables.directionals, tokens[e - 1])) {
      a.postdirectional = *d;
      --e;
    }
  }
  if (e - b >= 2) {
    if (const std::string* s = Find(tables.street_suffixes, tokens[e - 1])) {
      a.suffix = *s;
      --e;
    }
  }
  if (e - b >= 2) {
    if (const std::string* d = Find(tables.directionals, tokens[b])) {
      a.predirectional = *d;
      ++b;
    }
  }
  std::vector<std::string> name;
  for (size_t i = b; i < e; ++i) {
    std::string w = tokens[i];
    if (i == b) {
      if (const std::string* p = Find(tables.spanish_street_prefixes, w)) {
        name.push_back(*p);
        continue;
      }
    }
    name.push_back(StandardOrdinal(w));
  }
  a.street_name = Join(name, " ");
  a.city = CleanText(city);
  std::string st = CleanText(state);
  if (const std::string* s = Find(tables.states, st)) st = *s;
  a.state = st;
  a.zip5 = NormalizeZip(zip);
  return a;
}

}  // namespace taxgate::normalize
