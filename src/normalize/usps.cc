#include "normalize/usps.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <set>

#include "common/csv_reader.h"
#include "common/strings.h"
#include "text/text.h"

namespace taxgate::normalize {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool AllDigits(std::string_view t) {
  return !t.empty() && std::all_of(t.begin(), t.end(), IsDigit);
}
bool HasDigit(std::string_view t) {
  return std::any_of(t.begin(), t.end(), IsDigit);
}

using Each = std::function<Status(const ColumnMap&, const CsvRow&)>;

Status ForEach(const InputFiles& files, std::string_view name,
               const std::vector<std::string>& required, const Each& fn) {
  TG_ASSIGN_OR_RETURN(const InputFile* f, files.Get(name));
  return ForEachCsvRow(f->path, f->bytes, required, fn);
}

std::string Upper(std::string_view s) { return AsciiUpper(Trim(s)); }

}  // namespace

Result<UspsVocabulary> ParseUsps(const InputFiles& files) {
  UspsVocabulary v;
  TG_RETURN_IF_ERROR(ForEach(
      files, "reference/usps_states.csv", {"name", "abbreviation", "kind"},
      [&](const ColumnMap& m, const CsvRow& r) {
        v.states.push_back({Upper(m.Get(r, "name")),
                            Upper(m.Get(r, "abbreviation")),
                            std::string(m.Get(r, "kind"))});
        return Status::Ok();
      }));
  TG_RETURN_IF_ERROR(ForEach(
      files, "reference/usps_street_suffixes.csv",
      {"primary_name", "variant", "standard_abbreviation"},
      [&](const ColumnMap& m, const CsvRow& r) {
        v.suffixes.push_back({Upper(m.Get(r, "primary_name")),
                              Upper(m.Get(r, "variant")),
                              Upper(m.Get(r, "standard_abbreviation"))});
        return Status::Ok();
      }));
  TG_RETURN_IF_ERROR(ForEach(
      files, "reference/usps_secondary_units.csv",
      {"designator", "abbreviation", "requires_secondary_range"},
      [&](const ColumnMap& m, const CsvRow& r) {
        v.units.push_back({Upper(m.Get(r, "designator")),
                           Upper(m.Get(r, "abbreviation")),
                           m.Get(r, "requires_secondary_range") == "Y"});
        return Status::Ok();
      }));
  TG_RETURN_IF_ERROR(ForEach(
      files, "reference/usps_directionals.csv", {"directional", "abbreviation"},
      [&](const ColumnMap& m, const CsvRow& r) {
        v.directionals.push_back(
            {Upper(m.Get(r, "directional")), Upper(m.Get(r, "abbreviation"))});
        return Status::Ok();
      }));
  TG_RETURN_IF_ERROR(ForEach(files,
                             "reference/usps_spanish_street_prefixes.csv",
                             {"spanish_prefix", "standard_abbreviation"},
                             [&](const ColumnMap& m, const CsvRow& r) {
                               v.spanish_prefixes.push_back(
                                   {Upper(m.Get(r, "spanish_prefix")),
                                    Upper(m.Get(r, "standard_abbreviation"))});
                               return Status::Ok();
                             }));
  TG_ASSIGN_OR_RETURN(const InputFile* zip3,
                      files.Get("reference/usps_zip3_states.csv"));
  TG_RETURN_IF_ERROR(ForEachCsvRow(
      zip3->path, zip3->bytes, {"first", "last", "states"},
      [&](const ColumnMap& m, const CsvRow& r) -> Status {
        auto first = ParseInt(m.Get(r, "first"));
        auto last = ParseInt(m.Get(r, "last"));
        if (!first || !last || *first > *last) {
          return Status::InvalidArgument(
              zip3->path + ":" + std::to_string(r.line) +
              ": 'first' and 'last' must be ZIP prefixes, first <= last");
        }
        v.zip3.push_back({static_cast<int>(*first), static_cast<int>(*last),
                          SplitWords(Upper(m.Get(r, "states")))});
        return Status::Ok();
      }));
  std::sort(v.zip3.begin(), v.zip3.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  TG_ASSIGN_OR_RETURN(const InputFile* informal,
                      files.Get("reference/informal_spellings.csv"));
  TG_RETURN_IF_ERROR(ForEachCsvRow(
      informal->path, informal->bytes, {"kind", "written", "standard"},
      [&](const ColumnMap& m, const CsvRow& r) -> Status {
        std::string kind(m.Get(r, "kind"));
        std::string written = Upper(m.Get(r, "written"));
        std::string standard = Upper(m.Get(r, "standard"));
        if (kind == "unit") {
          v.units.push_back({written, standard, true});
        } else if (kind == "state") {
          v.states.push_back({written, standard, "informal"});
        } else {
          return Status::InvalidArgument(
              informal->path + ":" + std::to_string(r.line) +
              ": column 'kind': '" + kind + "' is neither unit nor state");
        }
        return Status::Ok();
      }));
  if (v.states.empty()) {
    return Status::InvalidArgument("reference/usps_states.csv: no state codes");
  }
  return v;
}

AddressWords AddressTokens(std::string_view line) {
  std::string folded = text::Fold(line);
  std::string s;
  text::ForEachCodePoint(folded, [&](UChar32 c, std::string_view bytes) {
    if (c >= 0x80) {
      // Letters and digits of other scripts stay in their token; a symbol
      // ("★", "█", "•", an emoji) is nothing written: "123 ★★★" has no
      // street name.
      if (u_isalpha(c) || u_isdigit(c)) {
        s.append(bytes);
      } else {
        s += ' ';
      }
      return;
    }
    if (c < 0) return;
    const char ch = static_cast<char>(c);
    if (ch == '.' || ch == '\'') return;
    if (ch == '#') {
      s += " # ";
    } else if (ch >= 'a' && ch <= 'z') {
      s += static_cast<char>(ch - 'a' + 'A');
    } else if (IsDigit(ch) || ch == '/' || ch == '-' || ch == '&') {
      s += ch;
    } else {
      s += ' ';  // ',', ';', '(', '"', '*', '@', '~', ... separate
    }
  });
  AddressWords out;
  for (auto& t : SplitWords(s)) {
    // Trim stray hyphens and slashes ("- ", "Main-").
    size_t b = 0, e = t.size();
    while (b < e && (t[b] == '-' || t[b] == '/')) ++b;
    while (e > b && (t[e - 1] == '-' || t[e - 1] == '/')) --e;
    if (b >= e) continue;
    std::string tok = t.substr(b, e - b);
    // "RR2" -> "RR", "2"; "HC1" -> "HC", "1"; "PSC1234" -> "PSC", "1234".
    bool split = false;
    for (std::string_view p : {"RR", "HCR", "HC", "PSC", "CMR"}) {
      if (tok.size() > p.size() && tok.compare(0, p.size(), p) == 0 &&
          AllDigits(std::string_view(tok).substr(p.size()))) {
        out.emplace_back(p);
        out.push_back(tok.substr(p.size()));
        split = true;
        break;
      }
    }
    if (!split) out.push_back(std::move(tok));
  }
  return out;
}

bool IsBoxNumber(std::string_view t) {
  if (!HasDigit(t)) return false;
  for (char c : t) {
    if (!IsDigit(c) && !IsUpper(c) && c != '-') return false;
  }
  return true;
}

size_t SkipNumberSign(const AddressWords& t, size_t i) {
  while (i < t.size() && (t[i] == "#" || t[i] == "NO" || t[i] == "NUM" ||
                          t[i] == "NUMBER" || t[i] == "NBR")) {
    ++i;
  }
  return i;
}

namespace {

template <typename Prefixes>
size_t PrefixAt(const AddressWords& t, size_t i, const Prefixes& prefixes,
                size_t* which) {
  for (size_t p = 0; p < std::size(prefixes); ++p) {
    const auto& words = prefixes[p].words;
    if (i + words.size() > t.size()) continue;
    bool all = true;
    for (size_t k = 0; k < words.size() && all; ++k) {
      all = t[i + k] == words[k];
    }
    if (all) {
      *which = p;
      return words.size();
    }
  }
  return 0;
}

struct Prefix {
  std::vector<std::string_view> words;
  bool strict = true;
};

const Prefix kPoBox[] = {{{"POST", "OFFICE", "BOX"}},
                         {{"POST", "OFFICE", "DRAWER"}},
                         {{"P", "O", "BOX"}},
                         {{"P", "O", "B"}},
                         {{"PO", "BOX"}},
                         {{"PO", "DRAWER"}},
                         {{"POB"}},
                         {{"POBOX"}},
                         {{"BOX"}},
                         {{"APARTADO", "POSTAL"}},
                         {{"APARTADO"}},
                         {{"APDO"}},
                         {{"CAIXA", "POSTAL"}},
                         {{"CASILLA"}},
                         {{"BOITE", "POSTALE"}}};

const Prefix kRural[] = {{{"RURAL", "ROUTE"}, true},
                         {{"RURAL", "RTE"}, true},
                         {{"RURAL", "RT"}, true},
                         {{"R", "R"}, true},
                         {{"RR"}, true},
                         {{"HIGHWAY", "CONTRACT", "ROUTE"}, true},
                         {{"HIGHWAY", "CONTRACT"}, true},
                         {{"HWY", "CONTRACT"}, true},
                         {{"H", "C"}, true},
                         {{"HCR"}, true},
                         {{"HC"}, true},
                         {{"STAR", "ROUTE"}, true},
                         {{"STAR", "RTE"}, true},
                         {{"STAR", "RT"}, true},
                         {{"ROUTE"}, false},
                         {{"RTE"}, false},
                         {{"RT"}, false}};

}  // namespace

size_t PoBoxPrefix(const AddressWords& t, size_t i) {
  size_t which = 0;
  return PrefixAt(t, i, kPoBox, &which);
}

size_t RuralPrefix(const AddressWords& t, size_t i, bool* strict) {
  size_t which = 0;
  size_t len = PrefixAt(t, i, kRural, &which);
  if (len > 0) *strict = kRural[which].strict;
  return len;
}

Box ReadBox(const AddressWords& t, size_t i) {
  const size_t n = t.size();
  Box out;
  if (i >= n) return out;
  if (size_t len = PoBoxPrefix(t, i)) {
    size_t k = SkipNumberSign(t, i + len);
    if (k < n && IsBoxNumber(t[k])) {
      out.kind = BoxKind::kPoBox;
      out.box = t[k];
      out.end = k + 1;
    }
    return out;
  }
  // Rural route / highway contract: route number, then BOX number (a star
  // route may have no route number).
  bool strict = false;
  if (size_t len = RuralPrefix(t, i, &strict)) {
    size_t k = SkipNumberSign(t, i + len);
    bool numbered = k < n && IsBoxNumber(t[k]);
    size_t b = numbered ? k + 1 : k;
    bool star = t[i] == "STAR";
    if ((numbered || star) && b < n && t[b] == "BOX") {
      size_t j = SkipNumberSign(t, b + 1);
      if (j < n && IsBoxNumber(t[j])) {
        bool highway = t[i] == "HC" || t[i] == "HCR" || t[i] == "H" ||
                       t[i] == "HIGHWAY" || t[i] == "HWY" || star;
        out.kind = BoxKind::kRoute;
        out.route = highway ? "HC" : "RR";
        if (numbered) out.route += " " + t[k];
        out.box = t[j];
        out.end = j + 1;
      }
    }
    return out;
  }
  // Military: PSC / CMR / UNIT number BOX number.
  if (t[i] == "PSC" || t[i] == "CMR" ||
      (t[i] == "UNIT" && i + 2 < n && t[i + 2] == "BOX")) {
    size_t k = SkipNumberSign(t, i + 1);
    if (k < n && IsBoxNumber(t[k]) && k + 1 < n && t[k + 1] == "BOX") {
      size_t j = SkipNumberSign(t, k + 2);
      if (j < n && IsBoxNumber(t[j])) {
        out.kind = BoxKind::kMilitary;
        out.route = t[i] + " " + t[k];
        out.box = t[j];
        out.end = j + 1;
      }
    }
  }
  return out;
}

}  // namespace taxgate::normalize
