#include "policy/statute_table.h"

#include <memory>
#include <set>

#include "common/csv_reader.h"
#include "common/file_util.h"
#include "common/strings.h"
#include "text/text.h"

namespace taxgate::policy {
namespace {

using Tokens = std::vector<std::string>;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAlnum(char c) { return IsDigit(c) || IsUpper(c); }

constexpr std::string_view kSection = "\xC2\xA7";  // §

// Markers the tokenizer puts in place of the names of codes.
constexpr std::string_view kUsc = "<USC>";
constexpr std::string_view kCfr = "<CFR>";
constexpr std::string_view kIna = "<INA>";
constexpr std::string_view kIrc = "<IRC>";
constexpr std::string_view kSec = "<SEC>";
constexpr std::string_view kList = "<,>";  // a list separator

// Drops parenthesized descriptions ("(illegal reentry)", "[INA 276]"),
// keeping subsections ("(a)", "(1)", "(iii)"): a group whose content is one
// to six letters and digits.
std::string DropDescriptions(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == '(' || c == '[') {
      char close = c == '(' ? ')' : ']';
      int depth = 0;
      size_t j = i;
      for (; j < s.size(); ++j) {
        if (s[j] == c) ++depth;
        if (s[j] == close && --depth == 0) break;
      }
      std::string_view inner = std::string_view(s).substr(
          i + 1, (j < s.size() ? j : s.size()) - i - 1);
      bool subsection = c == '(' && !inner.empty() && inner.size() <= 6;
      for (char k : inner) subsection = subsection && IsAlnum(k);
      if (subsection) {
        out.append(s, i, j - i + 1);
      } else {
        out += ' ';
      }
      i = j < s.size() ? j + 1 : s.size();
      continue;
    }
    out += c;
    ++i;
  }
  return out;
}

// The field without quotes or brackets around the whole of it ("(8 U.S.C.
// 1326)" is a citation, not a description of one).
std::string StripWrapping(std::string s) {
  while (true) {
    std::string_view t = Trim(s);
    while (!t.empty() &&
           (t.back() == '.' || t.back() == ';' || t.back() == ',')) {
      t = Trim(t.substr(0, t.size() - 1));
    }
    if (t.size() >= 2 && t.front() == '"' && t.back() == '"') {
      s = std::string(t.substr(1, t.size() - 2));
      continue;
    }
    if (t.size() >= 2 && (t.front() == '(' || t.front() == '[')) {
      char close = t.front() == '(' ? ')' : ']';
      // The opening bracket must close at the very end.
      int depth = 0;
      size_t end = t.size();
      for (size_t i = 0; i < t.size(); ++i) {
        if (t[i] == t.front()) ++depth;
        if (t[i] == close && --depth == 0) {
          end = i;
          break;
        }
      }
      if (end == t.size() - 1) {
        s = std::string(t.substr(1, t.size() - 2));
        continue;
      }
    }
    return std::string(t);
  }
}

// Upper-case tokens of the folded field. '§' and "§§" are tokens; list
// separators (',', ';', '/', '+', '|') become kList and '&' becomes "AND";
// a period stays only between two digits ("241.4"), so "U.S.C." is "USC";
// subsections in parentheses are glued to the section before them
// ("1253 (a)(1)" -> "1253(A)(1)").
Tokens RawTokens(std::string_view text) {
  std::string folded = text::Fold(text);
  std::string up;
  up.reserve(folded.size());
  for (char c : folded) {
    up += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  up = DropDescriptions(StripWrapping(up));
  Tokens out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(std::move(cur));
    cur.clear();
  };
  for (size_t i = 0; i < up.size(); ++i) {
    char c = up[i];
    if (up.compare(i, kSection.size(), kSection) == 0) {
      flush();
      if (!out.empty() && out.back() == kSection) {
        out.back() = "\xC2\xA7\xC2\xA7";
      } else {
        out.emplace_back(kSection);
      }
      i += kSection.size() - 1;
    } else if (c == '.') {
      bool between = i > 0 && IsDigit(up[i - 1]) && i + 1 < up.size() &&
                     IsDigit(up[i + 1]);
      if (between) cur += '.';
    } else if (c == ',' || c == ';' || c == '/' || c == '+' || c == '|') {
      flush();
      out.emplace_back(kList);
    } else if (c == '&') {
      flush();
      out.emplace_back("AND");
    } else if (c == '(' || c == ')') {
      // "1253 (a)(1)" -> "1253(a)(1)": a subsection belongs to the section
      // before it (a token that starts with a digit).
      if (c == '(' && cur.empty() && !out.empty() && !out.back().empty() &&
          IsDigit(out.back()[0])) {
        cur = std::move(out.back());
        out.pop_back();
      }
      cur += c;
    } else if (c == '-') {
      if (!cur.empty()) cur += c;  // "13-2508"; a lone dash is dropped
    } else if (IsAlnum(c)) {
      cur += c;
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      cur += c;  // letters of other scripts stay in their word
    } else {
      flush();  // spaces, quotes, colons
    }
  }
  flush();
  // Trailing hyphens ("1326-") carry nothing.
  for (auto& t : out) {
    while (t.size() > 1 && t.back() == '-') t.pop_back();
  }
  return out;
}

// Splits "8USC1253" into "8", "USC", "1253".
Tokens SplitGluedMarkers(const Tokens& in) {
  Tokens out;
  for (const auto& t : in) {
    bool split = false;
    for (std::string_view marker : {"USC", "CFR"}) {
      size_t p = t.find(marker);
      if (p == std::string::npos || t == marker) continue;
      bool digits_before = p > 0 && IsDigit(t[p - 1]);
      size_t after = p + marker.size();
      bool digits_after = after < t.size() && IsDigit(t[after]);
      if (!digits_before && !digits_after) continue;
      if (p > 0) out.push_back(t.substr(0, p));
      out.emplace_back(marker);
      if (after < t.size()) out.push_back(t.substr(after));
      split = true;
      break;
    }
    if (!split) out.push_back(t);
  }
  return out;
}

// Replaces spelled-out names of codes by their markers, longest first.
Tokens ReplacePhrases(const Tokens& t) {
  struct Phrase {
    std::vector<std::string_view> words;
    std::string_view marker;
  };
  static const std::vector<Phrase> kPhrases = {
      {{"UNITED", "STATES", "CODE", "ANNOTATED"}, kUsc},
      {{"UNITED", "STATES", "CODE", "SERVICE"}, kUsc},
      {{"UNITED", "STATES", "CODE"}, kUsc},
      {{"U", "S", "C", "A"}, kUsc},
      {{"U", "S", "C", "S"}, kUsc},
      {{"U", "S", "CODE"}, kUsc},
      {{"US", "CODE"}, kUsc},
      {{"U", "S", "C"}, kUsc},
      {{"USCA"}, kUsc},
      {{"USCS"}, kUsc},
      {{"USC"}, kUsc},
      {{"CODE", "OF", "FEDERAL", "REGULATIONS"}, kCfr},
      {{"C", "F", "R"}, kCfr},
      {{"CFR"}, kCfr},
      {{"IMMIGRATION", "AND", "NATIONALITY", "ACT"}, kIna},
      {{"IMMIGRATION", "NATIONALITY", "ACT"}, kIna},
      {{"I", "N", "A"}, kIna},
      {{"INA"}, kIna},
      {{"INTERNAL", "REVENUE", "CODE", "OF", "1986"}, kIrc},
      {{"INTERNAL", "REVENUE", "CODE"}, kIrc},
      {{"INT", "REV", "CODE"}, kIrc},
      {{"I", "R", "C"}, kIrc},
      {{"IRC"}, kIrc},
      {{"SECTIONS"}, kSec},
      {{"SECTION"}, kSec},
      {{"SECTS"}, kSec},
      {{"SECT"}, kSec},
      {{"SECS"}, kSec},
      {{"SEC"}, kSec},
      {{"SS"}, kSec},
      {{"S"}, kSec},
      {{"PARAGRAPH"}, kSec},
      {{"PARA"}, kSec},
      {{"\xC2\xA7\xC2\xA7"}, kSec},
      {{"\xC2\xA7"}, kSec},
  };
  Tokens out;
  for (size_t i = 0; i < t.size();) {
    bool matched = false;
    for (const auto& p : kPhrases) {
      if (i + p.words.size() > t.size()) continue;
      bool all = true;
      for (size_t k = 0; k < p.words.size() && all; ++k) {
        all = t[i + k] == p.words[k];
      }
      if (all) {
        // Two section signs in a row ("§ §") are one.
        if (!(p.marker == kSec && !out.empty() && out.back() == kSec)) {
          out.emplace_back(p.marker);
        }
        i += p.words.size();
        matched = true;
        break;
      }
    }
    if (!matched) out.push_back(t[i++]);
  }
  return out;
}

Tokens CitationTokens(std::string_view text) {
  return ReplacePhrases(SplitGluedMarkers(RawTokens(text)));
}

std::optional<int> ParseTitle(std::string_view t) {
  if (t.empty() || t.size() > 3) return std::nullopt;
  for (char c : t) {
    if (!IsDigit(c)) return std::nullopt;
  }
  auto v = ParseInt(t);
  if (!v || *v <= 0) return std::nullopt;
  return static_cast<int>(*v);
}

// "1253(A)(1)" -> section "1253", subsections "(A)(1)". Accepts digits, up
// to three letters ("1229A", "1028A"), an optional ".digits" part (CFR,
// when `allow_dot`), then parenthesized parts of letters and digits.
// Trailing '-' or ')' debris is tolerated after a whole section, and so is a
// range of subsections ("(a)-(c)"; the first one decides).
bool ParseSection(std::string_view t, bool allow_dot, std::string* section,
                  std::string* subsections) {
  size_t i = 0;
  while (i < t.size() && IsDigit(t[i])) ++i;
  if (i == 0 || i > 6) return false;
  size_t letters = 0;
  while (i < t.size() && IsUpper(t[i]) && letters < 3) ++i, ++letters;
  if (allow_dot && i < t.size() && t[i] == '.') {
    size_t j = i + 1;
    while (j < t.size() && IsDigit(t[j])) ++j;
    if (j == i + 1) return false;
    i = j;
    while (i < t.size() && IsUpper(t[i])) ++i;
  }
  *section = std::string(t.substr(0, i));
  size_t sub_begin = i;
  while (i < t.size() && t[i] == '(') {
    size_t close = t.find(')', i);
    if (close == std::string_view::npos || close == i + 1) return false;
    for (size_t k = i + 1; k < close; ++k) {
      if (!IsAlnum(t[k])) return false;
    }
    i = close + 1;
  }
  *subsections = std::string(t.substr(sub_begin, i - sub_begin));
  // Anything else must be harmless: a range of subsections ("-(c)") or
  // trailing debris ('-', ')').
  while (i < t.size()) {
    if (t[i] == '-' || t[i] == ')') {
      ++i;
      continue;
    }
    if (t[i] != '(') return false;
    size_t close = t.find(')', i);
    if (close == std::string_view::npos || close == i + 1) return false;
    for (size_t k = i + 1; k < close; ++k) {
      if (!IsAlnum(t[k])) return false;
    }
    i = close + 1;
  }
  return true;
}

bool IsSectionToken(std::string_view t) {
  std::string s, sub;
  return ParseSection(t, true, &s, &sub);
}

bool IsCodeMarker(std::string_view t) {
  return t == kUsc || t == kCfr || t == kIna || t == kIrc;
}

// Words that carry nothing between citations.
bool IsFiller(std::string_view t) {
  static const std::set<std::string, std::less<>> kWords = {
      "AND",       "OR",         "ALSO",      "SEE",     "CF",
      "ET",        "SEQ",        "IN",        "OF",      "UNDER",
      "PURSUANT",  "TO",         "THE",       "AS",      "AMENDED",
      "VIOLATION", "VIOLATIONS", "VIOLATING", "PER",     "AT",
      "A",         "AN",         "WITH",      "ALLEGED", "POSSIBLE",
      "ETC",       "Y",          "E",         "U",       "O",
      "AL",        "INCLUDING",  "CHARGES",   "CHARGE",  "STATUTE",
      "STATUTES",  "AUTHORITY",  "CITED",     "ARTICLE", "ART",
      "TITLE"};
  return t == kList || kWords.count(t) > 0;
}

bool IsPolicyWord(std::string_view t) {
  static const std::set<std::string, std::less<>> kWords = {
      "POLICY",       "POLICIES",     "DIRECTIVE",  "DIRECTIVES",
      "MEMORANDUM",   "MEMORANDA",    "MEMO",       "GUIDANCE",
      "MOU",          "MOA",          "MANUAL",     "HANDBOOK",
      "GUIDELINES",   "GUIDELINE",    "PROTOCOL",   "BULLETIN",
      "INSTRUCTION",  "INSTRUCTIONS", "REGULATION", "REGULATIONS",
      "PROCLAMATION", "RULE",         "RULES"};
  return kWords.count(t) > 0;
}

// Words that make a citation state or local law: the name of a state code
// ("Penal Code", "Stat.", "Rev. Stat.") after a state's name or
// abbreviation, a state's code acronym ("A.R.S.", "O.C.G.A.", "RCW"), or
// local law.
bool IsStateCodeWord(std::string_view t) {
  static const std::set<std::string, std::less<>> kWords = {
      "PENAL",   "STAT", "STATS",   "STATUTES", "STATUTE",   "CODE",      "LAW",
      "LAWS",    "REV",  "ANN",     "CRIM",     "CRIMINAL",  "COMP",      "GEN",
      "GENERAL", "VEH",  "VEHICLE", "CONSOL",   "ORDINANCE", "ORDINANCES"};
  return kWords.count(t) > 0;
}

bool IsStateCodeAcronym(std::string_view t) {
  static const std::set<std::string, std::less<>> kWords = {
      "ARS",  "OCGA", "RCW",   "ILCS",      "MGL",       "NRS",  "ORS",
      "NMSA", "CRS",  "KRS",   "RSMO",      "MCL",       "NJSA", "CGS",
      "HRS",  "RSA",  "MCA",   "NDCC",      "SDCL",      "ORC",  "TCA",
      "VAC",  "NCGS", "PENAL", "ORDINANCE", "ORDINANCES"};
  return kWords.count(t) > 0;
}

// Words that open the name of a state or local code when a code word
// follows ("Texas Penal Code", "N.Y. Penal Law", "City ordinance").
bool OpensLocalCode(std::string_view t) {
  static const std::set<std::string, std::less<>> kWords = {
      "STATE", "CITY",  "COUNTY", "MUNICIPAL", "LOCAL",    "NEW",
      "NORTH", "SOUTH", "WEST",   "RHODE",     "DISTRICT", "PUERTO"};
  return kWords.count(t) > 0;
}

bool IsStateName(std::string_view t) {
  static const std::set<std::string, std::less<>> kWords = {
      "ALABAMA",     "ALA",        "ALASKA",
      "ARIZONA",     "ARIZ",       "ARKANSAS",
      "ARK",         "CALIFORNIA", "CAL",
      "CALIF",       "COLORADO",   "COLO",
      "CONNECTICUT", "CONN",       "DELAWARE",
      "DEL",         "FLORIDA",    "FLA",
      "GEORGIA",     "GA",         "HAWAII",
      "HAW",         "IDAHO",      "ILLINOIS",
      "ILL",         "INDIANA",    "IND",
      "IOWA",        "KANSAS",     "KAN",
      "KENTUCKY",    "KY",         "LOUISIANA",
      "LA",          "MAINE",      "ME",
      "MARYLAND",    "MD",         "MASSACHUSETTS",
      "MASS",        "MICHIGAN",   "MICH",
      "MINNESOTA",   "MINN",       "MISSISSIPPI",
      "MISS",        "MISSOURI",   "MO",
      "MONTANA",     "MONT",       "NEBRASKA",
      "NEB",         "NEVADA",     "NEV",
      "HAMPSHIRE",   "JERSEY",     "MEXICO",
      "YORK",        "NY",         "NJ",
      "NM",          "NH",         "NC",
      "ND",          "CAROLINA",   "DAKOTA",
      "OHIO",        "OKLAHOMA",   "OKLA",
      "OREGON",      "ORE",        "PENNSYLVANIA",
      "PA",          "RHODE",      "RI",
      "SC",          "SD",         "TENNESSEE",
      "TENN",        "TEXAS",      "TEX",
      "UTAH",        "VERMONT",    "VT",
      "VIRGINIA",    "VA",         "WASHINGTON",
      "WASH",        "WISCONSIN",  "WIS",
      "WYOMING",     "WYO",        "RICO",
      "PR",          "DC",         "COLUMBIA",
      "GUAM"};
  return kWords.count(t) > 0;
}

class Scanner {
 public:
  Scanner(const Tokens& t,
          const std::map<std::string, std::string, std::less<>>& ina)
      : t_(t), ina_(ina) {}

  std::vector<Citation> Run() {
    std::vector<std::string> leftover;
    size_t i = 0;
    while (i < t_.size()) {
      size_t next = Step(i);
      if (next > i) {
        i = next;
        continue;
      }
      if (!IsFiller(t_[i])) leftover.push_back(t_[i]);
      ++i;
    }
    // Text that is not a citation: with a number it is a citation this
    // parser does not know; words alone describe the citations around them,
    // unless nothing was cited at all.
    bool digits = false;
    for (const auto& w : leftover) {
      for (char c : w) digits = digits || IsDigit(c);
    }
    if (digits || (out_.empty() && !leftover.empty())) {
      Citation c;
      c.code = CodeKind::kUnparsed;
      out_.push_back(c);
    }
    return std::move(out_);
  }

 private:
  bool At(size_t i, std::string_view w) const {
    return i < t_.size() && t_[i] == w;
  }
  size_t SkipSec(size_t i) const {
    while (i < t_.size() && t_[i] == kSec) ++i;
    return i;
  }
  size_t SkipList(size_t i) const {
    while (i < t_.size() && t_[i] == kList) ++i;
    return i;
  }
  // True when t[i] starts a citation of its own (a title before a code,
  // TITLE n, a code name), so a list must stop before it.
  bool StartsCitation(size_t i) const {
    if (i >= t_.size()) return false;
    if (IsCodeMarker(t_[i]) || t_[i] == "TITLE") return true;
    if (ParseTitle(t_[i]) && i + 1 < t_.size() && IsCodeMarker(t_[i + 1])) {
      return true;
    }
    return false;
  }

  void Add(CodeKind code, int title, std::string_view token) {
    Citation c;
    c.code = code;
    c.title = title;
    int max_title = code == CodeKind::kCfr ? 50 : 54;
    bool dot = code == CodeKind::kCfr;
    if (title < 1 || title > max_title ||
        !ParseSection(token, dot, &c.section, &c.subsections)) {
      c = Citation{};
      c.code = CodeKind::kUnparsed;
    }
    out_.push_back(std::move(c));
  }

  void AddIna(std::string_view token) {
    std::string section, sub;
    Citation c;
    if (ParseSection(token, false, &section, &sub)) {
      auto it = ina_.find(section);
      if (it != ina_.end()) {
        c.code = CodeKind::kUsc;
        c.title = 8;
        c.section = it->second;
        c.subsections = sub;
        out_.push_back(std::move(c));
        return;
      }
    }
    c.code = CodeKind::kUnparsed;
    out_.push_back(std::move(c));
  }

  // A list of sections from t[i] ("1253(a)(1), 1227", "§§ 1253 and 1227",
  // "1326(a), (b)(2)"), each added with `add`. Returns the index after it,
  // or i when t[i] holds no section.
  template <typename AddFn>
  size_t Sections(size_t i, AddFn add) {
    i = SkipSec(i);
    if (i >= t_.size() || !IsSectionToken(t_[i])) return i;
    std::string last_section;
    {
      std::string s, sub;
      ParseSection(t_[i], true, &s, &sub);
      last_section = s;
    }
    add(t_[i]);
    ++i;
    while (i < t_.size()) {
      size_t k = i;
      while (k < t_.size() &&
             (t_[k] == kList || t_[k] == "AND" || t_[k] == "OR")) {
        ++k;
      }
      k = SkipSec(k);
      if (k >= t_.size()) break;
      if (t_[k][0] == '(') {  // "(b)(2)": another subsection of the section
        add(last_section + t_[k]);
        i = k + 1;
        continue;
      }
      if (!IsSectionToken(t_[k]) || StartsCitation(k) || At(k + 1, "OF")) {
        break;
      }
      std::string s, sub;
      ParseSection(t_[k], true, &s, &sub);
      last_section = s;
      add(t_[k]);
      i = k + 1;
    }
    return i;
  }

  // Consumes a state or policy citation: up to the next federal citation.
  size_t SkipToFederal(size_t i) const {
    while (i < t_.size() && !StartsCitation(i)) ++i;
    return i;
  }

  // One citation starting at t[i]: returns the index after it, or i when
  // t[i] starts none.
  size_t Step(size_t i) {
    const std::string& tok = t_[i];
    // "8 U.S.C. § 1253(a)(1)", "8 C.F.R. 241.4", "8 U.S.C. §§ 1253, 1227"
    if (auto title = ParseTitle(tok);
        title && (At(i + 1, kUsc) || At(i + 1, kCfr))) {
      CodeKind code = At(i + 1, kUsc) ? CodeKind::kUsc : CodeKind::kCfr;
      size_t j =
          Sections(i + 2, [&](std::string_view s) { Add(code, *title, s); });
      if (j == SkipSec(i + 2)) {  // "8 U.S.C." and no section
        if (code == CodeKind::kCfr) {
          Citation c;
          c.code = CodeKind::kCfr;
          c.title = *title;
          out_.push_back(c);
        } else {
          Unparsed();
        }
      }
      return std::max(j, i + 2);
    }
    // "Title 8, United States Code, Section 1325(a)"; "Title 8 Section 1253"
    if (tok == "TITLE" && i + 1 < t_.size() && ParseTitle(t_[i + 1])) {
      int title = *ParseTitle(t_[i + 1]);
      size_t j = SkipList(i + 2);
      CodeKind code = CodeKind::kUsc;
      if (At(j, kUsc) || At(j, kCfr)) {
        code = At(j, kCfr) ? CodeKind::kCfr : CodeKind::kUsc;
        j = SkipList(j + 1);
      }
      size_t k = Sections(j, [&](std::string_view s) { Add(code, title, s); });
      if (k == SkipSec(j)) {
        // Title with no section: "Title 26" alone still names a title.
        if (title == 26) {
          Citation c;
          c.title = 26;
          c.section = "*";
          out_.push_back(c);
        } else {
          Unparsed();
        }
      }
      return std::max(k, j);
    }
    // "U.S.C. Title 8 Section 1253"
    if ((tok == kUsc || tok == kCfr) && At(i + 1, "TITLE") &&
        i + 2 < t_.size() && ParseTitle(t_[i + 2])) {
      CodeKind code = tok == kCfr ? CodeKind::kCfr : CodeKind::kUsc;
      int title = *ParseTitle(t_[i + 2]);
      size_t j = Sections(SkipList(i + 3),
                          [&](std::string_view s) { Add(code, title, s); });
      return std::max(j, i + 3);
    }
    // "INA § 237(a)", "INA section 276"
    if (tok == kIna) {
      size_t j =
          Sections(SkipList(i + 1), [&](std::string_view s) { AddIna(s); });
      if (j == SkipSec(SkipList(i + 1))) Unparsed();
      return std::max(j, i + 1);
    }
    // "I.R.C. § 7201", "Internal Revenue Code section 7203"
    if (tok == kIrc) {
      size_t j = Sections(SkipList(i + 1), [&](std::string_view s) {
        Add(CodeKind::kUsc, 26, s);
      });
      if (j == SkipSec(SkipList(i + 1))) {
        Citation c;
        c.title = 26;
        c.section = "*";
        out_.push_back(c);
      }
      return std::max(j, i + 1);
    }
    // "Section 1253 of Title 8 [U.S.C.]", "Sections 1253 and 1326 of Title
    // 8", "Section 276 of the INA", "Section 7201 of the Internal Revenue
    // Code"
    if (tok == kSec && i + 1 < t_.size() && IsSectionToken(t_[i + 1])) {
      std::vector<std::string> sections;
      size_t j = Sections(
          i + 1, [&](std::string_view s) { sections.emplace_back(s); });
      if (At(j, "OF")) {
        size_t k = j + 1;
        if (At(k, "THE")) ++k;
        if (At(k, "TITLE") && k + 1 < t_.size() && ParseTitle(t_[k + 1])) {
          int title = *ParseTitle(t_[k + 1]);
          size_t end = k + 2;
          CodeKind code = CodeKind::kUsc;
          if (At(end, kCfr)) code = CodeKind::kCfr;
          if (At(end, kUsc) || At(end, kCfr)) ++end;
          for (const auto& s : sections) Add(code, title, s);
          return end;
        }
        if (At(k, kIna)) {
          for (const auto& s : sections) AddIna(s);
          return k + 1;
        }
        if (At(k, kIrc)) {
          for (const auto& s : sections) Add(CodeKind::kUsc, 26, s);
          return k + 1;
        }
      }
      // A section of no code: not a citation this parser can resolve.
      Unparsed();
      return j;
    }
    // A code named with no title or section ("U.S.C.", "C.F.R."):
    // a regulation cited is a regulation; otherwise nothing to resolve.
    if (tok == kCfr) {
      Citation c;
      c.code = CodeKind::kCfr;
      out_.push_back(c);
      return i + 1;
    }
    if (tok == kUsc) {
      Unparsed();
      return i + 1;
    }
    // State and local law.
    bool state = IsStateCodeAcronym(tok);
    if (!state && (IsStateName(tok) || OpensLocalCode(tok))) {
      for (size_t k = i + 1; k < t_.size() && k <= i + 3; ++k) {
        if (IsStateCodeWord(t_[k])) state = true;
      }
    }
    if (state) {
      Citation c;
      c.code = CodeKind::kState;
      out_.push_back(c);
      return SkipToFederal(i + 1);
    }
    // Agency policies, directives, memoranda, executive orders.
    bool executive_order = tok == "EXECUTIVE" && At(i + 1, "ORDER");
    if (IsPolicyWord(tok) || executive_order || tok == "EO") {
      Citation c;
      c.code = CodeKind::kPolicy;
      out_.push_back(c);
      return SkipToFederal(i + 1);
    }
    return i;
  }

  void Unparsed() {
    Citation c;
    c.code = CodeKind::kUnparsed;
    out_.push_back(c);
  }

  const Tokens& t_;
  const std::map<std::string, std::string, std::less<>>& ina_;
  std::vector<Citation> out_;
};

}  // namespace

const char* StatuteKindName(StatuteKind k) {
  switch (k) {
    case StatuteKind::kCriminal:
      return "criminal";
    case StatuteKind::kCivil:
      return "civil";
    case StatuteKind::kRegulation:
      return "regulation";
    case StatuteKind::kStateLaw:
      return "state_law";
    case StatuteKind::kTaxAdministration:
      return "tax_administration";
    case StatuteKind::kMixed:
      return "mixed";
    case StatuteKind::kUnknown:
      return "unknown";
  }
  return "unknown";
}

std::optional<StatuteKind> ParseStatuteKind(std::string_view s) {
  for (StatuteKind k :
       {StatuteKind::kCriminal, StatuteKind::kCivil, StatuteKind::kRegulation,
        StatuteKind::kStateLaw, StatuteKind::kTaxAdministration,
        StatuteKind::kMixed, StatuteKind::kUnknown}) {
    if (s == StatuteKindName(k)) return k;
  }
  return std::nullopt;
}

std::string Citation::ToString() const {
  switch (code) {
    case CodeKind::kUsc:
      return std::to_string(title) + " U.S.C. " + section + subsections;
    case CodeKind::kCfr:
      return std::to_string(title) + " C.F.R. " + section + subsections;
    case CodeKind::kPolicy:
      return "agency policy";
    case CodeKind::kState:
      return "state or local law";
    case CodeKind::kUnparsed:
      return "unrecognized citation";
  }
  return "";
}

std::vector<Citation> StatuteTable::ParseCitations(
    std::string_view text) const {
  Tokens t = CitationTokens(text);
  if (t.empty()) return {};
  return Scanner(t, ina_).Run();
}

std::optional<Citation> StatuteTable::ParseCitation(
    std::string_view text) const {
  auto all = ParseCitations(text);
  if (all.empty() || all[0].code == CodeKind::kUnparsed) return std::nullopt;
  return all[0];
}

Result<StatuteTable> StatuteTable::Load(const std::string& path) {
  auto content = ReadFile(path);
  if (!content.ok()) {
    return Status::NotFound(path + ": cannot open the statute table");
  }
  return Parse(path, *content);
}

Result<StatuteTable> StatuteTable::FromCsv(const std::string& name,
                                           const std::string& content) {
  return Parse(name, content);
}

Result<StatuteTable> StatuteTable::Parse(const std::string& name,
                                         const std::string& content) {
  TG_ASSIGN_OR_RETURN(auto reader, CsvReader::FromString(name, content));
  TG_ASSIGN_OR_RETURN(auto cols, ColumnMap::Build(name, reader->header(),
                                                  {"title", "section", "kind"},
                                                  {"description", "ina"}));
  StatuteTable table;
  CsvRow row;
  while (true) {
    TG_ASSIGN_OR_RETURN(bool more, reader->Next(&row));
    if (!more) break;
    std::string where = name + ":" + std::to_string(row.line) + ": ";
    std::string shape = reader->RowShapeError(row);
    if (!shape.empty()) return Status::InvalidArgument(shape);
    StatuteEntry e;
    auto title = ParseTitle(cols.Get(row, "title"));
    if (!title || *title > 54) {
      return Status::InvalidArgument(where + "column 'title': got '" +
                                     std::string(cols.Get(row, "title")) +
                                     "', want a title number 1..54");
    }
    e.title = *title;
    e.section = AsciiUpper(cols.Get(row, "section"));
    if (e.section.empty()) {
      return Status::InvalidArgument(where + "column 'section' is empty");
    }
    if (e.section != "*") {
      std::string sec, sub;
      if (!ParseSection(e.section, true, &sec, &sub)) {
        return Status::InvalidArgument(where + "column 'section': got '" +
                                       e.section +
                                       "', want a section like 1253, 1028A, "
                                       "1253(d) or *");
      }
    }
    auto kind = ParseStatuteKind(cols.Get(row, "kind"));
    if (!kind || *kind == StatuteKind::kUnknown ||
        *kind == StatuteKind::kStateLaw) {
      return Status::InvalidArgument(
          where + "column 'kind': got '" + std::string(cols.Get(row, "kind")) +
          "', want criminal, civil, regulation, tax_administration or mixed");
    }
    e.kind = *kind;
    e.description = std::string(cols.Get(row, "description"));
    std::string ina = AsciiUpper(cols.Get(row, "ina"));
    if (!ina.empty()) {
      std::string sec, sub;
      if (e.title != 8 || !ParseSection(ina, false, &sec, &sub) ||
          !sub.empty()) {
        return Status::InvalidArgument(
            where + "column 'ina': got '" + ina +
            "', want an INA section like 237 or 274A on a Title 8 row");
      }
      std::string target = e.section.substr(0, e.section.find('('));
      if (!table.ina_.emplace(ina, target).second) {
        return Status::InvalidArgument(where + "INA section " + ina +
                                       " is mapped twice");
      }
    }
    std::string key = std::to_string(e.title) + ":" + e.section;
    if (!table.entries_.emplace(key, e).second) {
      return Status::InvalidArgument(where + "title " +
                                     std::to_string(e.title) + " section " +
                                     e.section + " is listed twice");
    }
  }
  return table;
}

StatuteKind StatuteTable::Classify(const Citation& c) const {
  switch (c.code) {
    case CodeKind::kCfr:
    case CodeKind::kPolicy:
      return StatuteKind::kRegulation;
    case CodeKind::kState:
      return StatuteKind::kStateLaw;
    case CodeKind::kUnparsed:
      return StatuteKind::kUnknown;
    case CodeKind::kUsc:
      break;
  }
  std::string prefix = std::to_string(c.title) + ":" + c.section;
  // Longest listed prefix of section + subsections first.
  std::vector<std::string> candidates = {prefix};
  size_t pos = 0;
  while (pos < c.subsections.size()) {
    size_t close = c.subsections.find(')', pos);
    if (close == std::string::npos) break;
    candidates.push_back(prefix + c.subsections.substr(0, close + 1));
    pos = close + 1;
  }
  for (auto it = candidates.rbegin(); it != candidates.rend(); ++it) {
    auto found = entries_.find(*it);
    if (found != entries_.end()) {
      return found->second.kind == StatuteKind::kMixed ? StatuteKind::kUnknown
                                                       : found->second.kind;
    }
  }
  auto whole = entries_.find(std::to_string(c.title) + ":*");
  if (whole != entries_.end()) return whole->second.kind;
  return StatuteKind::kUnknown;
}

std::vector<StatuteKind> StatuteTable::ClassifyAll(
    std::string_view text) const {
  std::vector<StatuteKind> out;
  for (const auto& c : ParseCitations(text)) out.push_back(Classify(c));
  return out;
}

StatuteKind StatuteTable::ClassifyText(std::string_view text) const {
  auto all = ParseCitations(text);
  return all.empty() ? StatuteKind::kUnknown : Classify(all[0]);
}

}  // namespace taxgate::policy
