#include "policy/address_check.h"

#include <functional>
#include <memory>

#include "common/csv_reader.h"
#include "common/strings.h"
#include "policy/placeholder.h"

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
// A letter: ASCII A-Z or any non-ASCII byte (accented letters: "PEÑA").
bool HasLetter(std::string_view t) {
  for (char c : t) {
    if (IsUpper(c) || static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

// Upper case; periods and apostrophes dropped ("P.O." -> "PO"); ',' and ';'
// separate; '#' is a token of its own.
Tokens AddressTokens(std::string_view text) {
  std::string s;
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c == '.' || c == '\'') continue;
    if (c == ',' || c == ';' || c == ':' || c == '(' || c == ')') {
      s += ' ';
    } else if (c == '#') {
      s += " # ";
    } else if (c >= 'a' && c <= 'z') {
      s += static_cast<char>(c - 'a' + 'A');
    } else {
      s += ch;
    }
  }
  return SplitWords(s);
}

// Phrases that make any address field a placeholder wherever they occur
// (whole words of a PlaceholderKey).
const std::vector<std::string>& AddressPlaceholderPhrases() {
  static const std::vector<std::string> kPhrases = {
      "UNKNOWN", "UNK", "HOMELESS", "TRANSIENT", "VAGRANT", "NO FIXED ADDRESS",
      "NO FIXED ABODE", "NO PERMANENT ADDRESS", "NO ADDRESS",
      "NO KNOWN ADDRESS", "NO CURRENT ADDRESS", "ADDRESS UNKNOWN",
      "UNKNOWN ADDRESS", "WHEREABOUTS", "AT LARGE", "IN CUSTODY", "CUSTODY",
      "INCARCERATED", "IN JAIL", "IN PRISON", "DETAINED", "DEPORTED",
      "GENERAL DELIVERY", "ENTREGA GENERAL", "GEN DEL", "DONT CARE",
      "DO NOT CARE", "DONT KNOW", "DO NOT KNOW", "FAILED TO PROVIDE",
      "FAIL TO PROVIDE", "NOT PROVIDED", "NOT AVAILABLE", "NOT APPLICABLE",
      "NOT GIVEN", "REFUSED", "DECLINED", "ON FILE", "SEE FILE", "SEE ABOVE",
      "SAME AS ABOVE", "TEST ADDRESS", "FAKE", "DUMMY", "PLACEHOLDER",
      "REDACTED", "TBD", "TBA", "NONE", "NULL",
      // Spanish, French, Portuguese
      "DESCONOCIDO", "DESCONOCIDA", "SIN DOMICILIO", "SIN DIRECCION",
      "SIN HOGAR", "SIN CASA", "SIN TECHO", "DOMICILIO DESCONOCIDO",
      "DIRECCION DESCONOCIDA", "NO TIENE", "NO SE SABE", "INDIGENTE",
      "EN CUSTODIA", "DETENIDO", "DETENIDA", "INCONNU", "INCONNUE",
      "SANS DOMICILE", "SANS ABRI", "DESCONHECIDO", "DESCONHECIDA",
      "SEM ABRIGO", "SEM TETO", "SEM ENDERECO"};
  return kPhrases;
}

// True when an address field (street or city) is a placeholder.
bool IsAddressPlaceholder(std::string_view field) {
  if (IsPlaceholderValue(field)) return true;
  std::string key = PlaceholderKey(field);
  // "Don't Care 12345": the words without their numbers.
  std::string words;
  for (const auto& w : SplitWords(key)) {
    if (AllDigits(w)) continue;
    if (!words.empty()) words += ' ';
    words += w;
    // A filler or placeholder word inside a longer line ("123 XXX St").
    if (w.size() >= 3 && IsPlaceholderValue(w)) return true;
  }
  if (!words.empty() && words != key && IsPlaceholderValue(words)) {
    return true;
  }
  for (const auto& p : AddressPlaceholderPhrases()) {
    if (ContainsWords(key, p)) return true;
  }
  return false;
}

// "12345", "12345-6789", "123456789"; not 00000, 99999 or below 00501.
bool IsValidZip(std::string_view zip) {
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
  std::string five = digits.substr(0, 5);
  if (five == "99999" || five < "00501") return false;
  return true;
}

// A box, route or unit number: alphanumeric with a digit ("15", "15A",
// "1-2").
bool IsBoxNumber(std::string_view t) {
  if (!HasDigit(t)) return false;
  for (char c : t) {
    if (!IsDigit(c) && !IsUpper(c) && c != '-') return false;
  }
  return true;
}

// Skips "#", "NO", "NUM", "NUMBER" before a number.
size_t SkipNumberSign(const Tokens& t, size_t i) {
  while (i < t.size() && (t[i] == "#" || t[i] == "NO" || t[i] == "NUM" ||
                          t[i] == "NUMBER" || t[i] == "NBR")) {
    ++i;
  }
  return i;
}

// Length of a PO box prefix at the start of `t`, or 0.
size_t PoBoxPrefix(const Tokens& t) {
  static const std::vector<std::vector<std::string_view>> kPrefixes = {
      {"POST", "OFFICE", "BOX"},
      {"POST", "OFFICE", "DRAWER"},
      {"P", "O", "BOX"},
      {"P", "O", "B"},
      {"PO", "BOX"},
      {"PO", "DRAWER"},
      {"POB"},
      {"POBOX"},
      {"APARTADO", "POSTAL"},
      {"APARTADO"},
      {"APDO"}};
  for (const auto& p : kPrefixes) {
    if (p.size() > t.size()) continue;
    bool all = true;
    for (size_t k = 0; k < p.size() && all; ++k) all = t[k] == p[k];
    if (all) return p.size();
  }
  return 0;
}

// Length of a rural route / highway contract prefix, or 0. Sets *needs_box
// for the spellings ("ROUTE", "RTE") that are rural routes only when a box
// follows.
size_t RuralPrefix(const Tokens& t, bool* strict) {
  static const std::vector<std::pair<std::vector<std::string_view>, bool>>
      kPrefixes = {{{"RURAL", "ROUTE"}, true},
                   {{"RURAL", "RTE"}, true},
                   {{"RURAL", "RT"}, true},
                   {{"R", "R"}, true},
                   {{"RR"}, true},
                   {{"HIGHWAY", "CONTRACT", "ROUTE"}, true},
                   {{"HIGHWAY", "CONTRACT"}, true},
                   {{"HWY", "CONTRACT"}, true},
                   {{"H", "C"}, true},
                   {{"HC"}, true},
                   {{"STAR", "ROUTE"}, true},
                   {{"ROUTE"}, false},
                   {{"RTE"}, false},
                   {{"RT"}, false}};
  for (const auto& [p, s] : kPrefixes) {
    if (p.size() > t.size()) continue;
    bool all = true;
    for (size_t k = 0; k < p.size() && all; ++k) all = t[k] == p[k];
    if (all) {
      *strict = s;
      return p.size();
    }
  }
  return 0;
}

// "RR2" -> "RR", "2"; "HC1" -> "HC", "1"; "PSC1234" -> "PSC", "1234".
Tokens SplitGluedPrefix(Tokens t) {
  if (t.empty()) return t;
  for (std::string_view p : {"RR", "HC", "PSC", "CMR"}) {
    const std::string& first = t[0];
    if (first.size() > p.size() && first.compare(0, p.size(), p) == 0 &&
        AllDigits(std::string_view(first).substr(p.size()))) {
      std::string num = first.substr(p.size());
      t[0] = std::string(p);
      t.insert(t.begin() + 1, num);
      break;
    }
  }
  return t;
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

// House numbers: "123", "123A", "12-34", "123-A", grid "W156N11500".
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
  if (i == start || i >= t.size() || !dir(t[i])) return false;
  ++i;
  start = i;
  while (i < t.size() && IsDigit(t[i])) ++i;
  return i > start && i == t.size();
}

bool IsFraction(std::string_view t) {
  size_t slash = t.find('/');
  return slash != std::string_view::npos && slash > 0 &&
         AllDigits(t.substr(0, slash)) && AllDigits(t.substr(slash + 1));
}

// ZIPs of military post offices: 09xxx (AE), 340xx (AA), 962xx-966xx (AP).
bool IsMilitaryZip(std::string_view zip) {
  if (zip.size() < 5) return false;
  std::string_view five = zip.substr(0, 5);
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

Result<AddressClassifier> AddressClassifier::Load(const std::string& dir) {
  AddressClassifier c;
  auto read =
      [&](const std::string& file, const std::vector<std::string>& required,
          const std::function<void(const ColumnMap&, const CsvRow&)>& each)
      -> Status {
    std::string path = dir + "/" + file;
    TG_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path));
    TG_ASSIGN_OR_RETURN(auto cols,
                        ColumnMap::Build(path, reader->header(), required, {}));
    CsvRow row;
    while (true) {
      TG_ASSIGN_OR_RETURN(bool more, reader->Next(&row));
      if (!more) break;
      each(cols, row);
    }
    return Status::Ok();
  };
  TG_RETURN_IF_ERROR(read("usps_states.csv", {"abbreviation", "kind"},
                          [&](const ColumnMap& m, const CsvRow& r) {
                            std::string a =
                                AsciiUpper(m.Get(r, "abbreviation"));
                            if (a.empty()) return;
                            c.states_.insert(a);
                            if (m.Get(r, "kind") == "military") {
                              c.military_states_.insert(a);
                            }
                          }));
  TG_RETURN_IF_ERROR(read(
      "usps_street_suffixes.csv",
      {"primary_name", "variant", "standard_abbreviation"},
      [&](const ColumnMap& m, const CsvRow& r) {
        for (auto col : {"primary_name", "variant", "standard_abbreviation"}) {
          std::string v = AsciiUpper(m.Get(r, col));
          if (!v.empty()) c.suffixes_.insert(v);
        }
      }));
  TG_RETURN_IF_ERROR(
      read("usps_secondary_units.csv",
           {"designator", "abbreviation", "requires_secondary_range"},
           [&](const ColumnMap& m, const CsvRow& r) {
             bool range = m.Get(r, "requires_secondary_range") == "Y";
             for (auto col : {"designator", "abbreviation"}) {
               std::string v = AsciiUpper(m.Get(r, col));
               if (v.empty() || v.find(' ') != std::string::npos) continue;
               c.units_.insert(v);
               if (!range) c.units_no_range_.insert(v);
             }
           }));
  TG_RETURN_IF_ERROR(read("usps_directionals.csv",
                          {"directional", "abbreviation"},
                          [&](const ColumnMap& m, const CsvRow& r) {
                            for (auto col : {"directional", "abbreviation"}) {
                              std::string v = AsciiUpper(m.Get(r, col));
                              if (!v.empty()) c.directionals_.insert(v);
                            }
                          }));
  // Spellings Publication 28 does not list but agencies write.
  for (const char* u : {"APARTMENT", "APT", "APTO", "APARTAMENTO", "STE",
                        "SUITE", "UNIT", "#", "NO", "NUM"}) {
    c.units_.insert(u);
  }
  if (c.states_.empty()) {
    return Status::InvalidArgument(dir + "/usps_states.csv: no state codes");
  }
  return c;
}

bool AddressClassifier::IsUnitDesignator(std::string_view t) const {
  return units_.count(t) > 0;
}

AddressKind AddressClassifier::ParseStreetAddress(const Tokens& t,
                                                  std::string* why) const {
  if (t.empty() || !IsHouseNumber(t[0])) {
    *why = "street line without a house number";
    return AddressKind::kNone;
  }
  size_t i = 1;
  if (i < t.size() && IsFraction(t[i])) ++i;  // 123 1/2 Main St
  // The street name runs up to a unit designator followed by a number
  // ("APT 4", "# 12"), or up to a trailing designator that needs none
  // ("REAR"); a designator that opens the name is part of it ("Front St").
  size_t end = t.size();
  for (size_t k = i + 1; k < t.size(); ++k) {
    if (!IsUnitDesignator(t[k])) continue;
    bool numbered =
        k + 1 < t.size() && (HasDigit(t[k + 1]) || t[k + 1].size() == 1);
    bool bare_last = k + 1 == t.size() && units_no_range_.count(t[k]) > 0;
    if (numbered || bare_last) {
      end = k;
      break;
    }
  }
  // "123 Apt 4": a unit right after the number leaves no street name.
  if (i < t.size() && IsUnitDesignator(t[i]) &&
      (i + 1 == t.size() || HasDigit(t[i + 1]) || t[i + 1].size() == 1)) {
    end = i;
  }
  std::vector<std::string_view> name(t.begin() + i, t.begin() + end);
  if (name.empty()) {
    *why = "house number without a street name";
    return AddressKind::kNone;
  }
  bool any_letter = false;
  bool all_directional = true;
  for (auto w : name) {
    if (HasLetter(w)) any_letter = true;
    if (directionals_.count(w) == 0) all_directional = false;
  }
  if (!any_letter) {
    *why = "house number without a street name";
    return AddressKind::kNone;
  }
  if (all_directional) {
    *why = "a direction is no street name";
    return AddressKind::kNone;
  }
  if (name.size() == 1 && suffixes_.count(name[0]) > 0) {
    *why = "a street type is no street name";
    return AddressKind::kNone;
  }
  if (name.size() == 1 && IsUnitDesignator(name[0])) {
    *why = "house number without a street name";
    return AddressKind::kNone;
  }
  return AddressKind::kStreet;
}

AddressKind AddressClassifier::ParseStreetLine(const Tokens& raw,
                                               std::string* why) const {
  Tokens t = SplitGluedPrefix(raw);
  if (t.empty()) {
    *why = "empty street line";
    return AddressKind::kNone;
  }
  // PO box
  if (size_t n = PoBoxPrefix(t)) {
    size_t i = SkipNumberSign(t, n);
    if (i < t.size() && IsBoxNumber(t[i])) return AddressKind::kPoBox;
    *why = "PO box without a number";
    return AddressKind::kNone;
  }
  // Rural route / highway contract: route number, then BOX number.
  bool strict = false;
  if (size_t n = RuralPrefix(t, &strict)) {
    size_t i = SkipNumberSign(t, n);
    bool route = i < t.size() && IsBoxNumber(t[i]);
    size_t b = route ? i + 1 : i;
    if (route && b < t.size() && t[b] == "BOX") {
      size_t j = SkipNumberSign(t, b + 1);
      if (j < t.size() && IsBoxNumber(t[j])) return AddressKind::kRuralRoute;
    }
    if (strict) {
      *why = "rural route or highway contract without route and box numbers";
      return AddressKind::kNone;
    }
    // "Route 66 ..." without a box: not a rural route; judge as a street.
  }
  // Military: PSC / CMR / UNIT number BOX number; ships.
  if (t[0] == "PSC" || t[0] == "CMR" ||
      (t[0] == "UNIT" && t.size() >= 3 && t[2] == "BOX")) {
    size_t i = SkipNumberSign(t, 1);
    if (i < t.size() && IsBoxNumber(t[i]) && i + 1 < t.size() &&
        t[i + 1] == "BOX") {
      size_t j = SkipNumberSign(t, i + 2);
      if (j < t.size() && IsBoxNumber(t[j])) return AddressKind::kMilitary;
    }
    *why = "military address without unit and box numbers";
    return AddressKind::kNone;
  }
  if ((t[0] == "USS" || t[0] == "USNS") && t.size() >= 2 && HasLetter(t[1])) {
    return AddressKind::kMilitary;
  }
  // Puerto Rico: area designator, its name, a number.
  if (IsPrAreaDesignator(t[0]) && t.size() >= 3) {
    bool name = HasLetter(t[1]) && !HasDigit(t[1]);
    bool number = false;
    for (size_t k = 2; k < t.size(); ++k) {
      if (HasDigit(t[k])) number = true;
    }
    if (name && number) return AddressKind::kUrbanization;
  }
  // Puerto Rico kilometre addresses: "Carr 2 Km 3.4" (period dropped: 34).
  if ((t[0] == "CARR" || t[0] == "CARRETERA") && t.size() >= 4 &&
      HasDigit(t[1]) && t[2] == "KM" && HasDigit(t[3])) {
    return AddressKind::kStreet;
  }
  if (IsUnitDesignator(t[0]) && t[0] != "#") {
    bool house_after = t.size() > 2 && IsHouseNumber(t[2]);
    if (!house_after) {
      *why = "a unit alone is no address";
      return AddressKind::kNone;
    }
    // "Apt 4 123 Main St": the unit written first.
    return ParseStreetAddress(Tokens(t.begin() + 2, t.end()), why);
  }
  return ParseStreetAddress(t, why);
}

AddressCheck AddressClassifier::Classify(const domain::PersonQuery& p) const {
  return Classify(p.street, p.unit, p.city, p.state, p.zip);
}

AddressCheck AddressClassifier::Classify(std::string_view street_in,
                                         std::string_view /*unit*/,
                                         std::string_view city_in,
                                         std::string_view state_in,
                                         std::string_view zip_in) const {
  std::string_view street = Trim(street_in);
  std::string_view city = Trim(city_in);
  std::string state = AsciiUpper(Trim(state_in));
  // Drop periods: "N.Y." -> "NY".
  std::erase(state, '.');
  std::string_view zip = Trim(zip_in);
  AddressCheck out;
  if (street.empty() && city.empty() && state.empty() && zip.empty()) {
    out.verdict = AddressVerdict::kMissing;
    out.why = "no street, city, state or ZIP";
    return out;
  }
  out.verdict = AddressVerdict::kNotReal;
  if (!street.empty() && IsAddressPlaceholder(street)) {
    out.why = "placeholder in the street line";
    return out;
  }
  if (!city.empty() && IsAddressPlaceholder(city)) {
    out.why = "placeholder in the city";
    return out;
  }
  if (!state.empty() && states_.count(state) == 0) {
    out.why = "state is not a USPS code";
    return out;
  }
  if (!zip.empty() && !IsValidZip(zip)) {
    out.why = "ZIP is not 5 or 9 digits of a real range";
    return out;
  }
  if (street.empty()) {
    out.why = zip.empty() ? "city or state without a street line"
                          : "a ZIP code is not an address";
    return out;
  }
  std::string why;
  AddressKind kind = ParseStreetLine(AddressTokens(street), &why);
  if (kind == AddressKind::kNone) {
    out.why = why;
    return out;
  }
  std::string city_upper = AsciiUpper(city);
  bool military_city = IsMilitaryCity(city_upper);
  bool military_state = military_states_.count(state) > 0;
  if (kind == AddressKind::kMilitary && !military_city && !military_state &&
      !(city.empty() && state.empty() && IsMilitaryZip(zip))) {
    out.why = "military box outside APO/FPO/DPO and AA/AE/AP";
    return out;
  }
  if ((military_city && !state.empty() && !military_state) ||
      (military_state && !city.empty() && !military_city)) {
    out.why = "APO/FPO/DPO goes with AA/AE/AP only";
    return out;
  }
  if ((military_city || military_state) && kind != AddressKind::kMilitary &&
      kind != AddressKind::kPoBox) {
    out.why = "APO/FPO/DPO address without a PSC/CMR/unit box or ship";
    return out;
  }
  bool city_ok = !city.empty() && HasLetter(city_upper);
  bool locality = (city_ok && !state.empty()) || !zip.empty();
  if (!locality) {
    out.why = "no city and state, and no ZIP";
    return out;
  }
  out.verdict = AddressVerdict::kReal;
  out.kind = kind;
  out.why.clear();
  return out;
}

}  // namespace taxgate::policy
