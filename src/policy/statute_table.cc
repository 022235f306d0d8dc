#include "policy/statute_table.h"

#include <algorithm>
#include <set>
#include <unordered_map>
#include <utility>

#include "common/csv_reader.h"
#include "common/strings.h"
#include "text/text.h"

namespace taxgate::policy {
namespace {

using Tokens = std::vector<std::string>;
using WordSet = std::set<std::string, std::less<>>;
using InaMap = std::map<std::string, std::string, std::less<>>;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsLetter(char c) { return IsUpper(c) || IsLower(c); }
bool IsAlnum(char c) { return IsDigit(c) || IsLetter(c); }
char ToUpper(char c) {
  return IsLower(c) ? static_cast<char>(c - 'a' + 'A') : c;
}
bool HasDigit(std::string_view t) {
  return std::any_of(t.begin(), t.end(), IsDigit);
}
bool AllDigits(std::string_view t) {
  return !t.empty() && std::all_of(t.begin(), t.end(), IsDigit);
}

// Bounds that keep hostile input linear: brackets nested deeper than
// kMaxDepth are read as plain separators; a section with more subsection
// levels than kMaxLevels is no section; a range of more than kMaxRange
// sections or subsections, or more than kMaxExpanded subsections expanded
// from ranges in one field, is not guessed (kUnparsed).
constexpr int kMaxDepth = 16;
constexpr size_t kMaxLevels = 8;
constexpr int kMaxRange = 64;
constexpr size_t kMaxExpanded = 1024;

constexpr std::string_view kSection = "\xC2\xA7";           // §
constexpr std::string_view kSections = "\xC2\xA7\xC2\xA7";  // §§

// Markers the lexer puts in place of brackets, separators and the names of
// codes ('<' never survives the lexer, so no word can look like one).
constexpr std::string_view kUsc = "<USC>";
constexpr std::string_view kCfr = "<CFR>";
constexpr std::string_view kIna = "<INA>";
constexpr std::string_view kIrc = "<IRC>";
constexpr std::string_view kSec = "<SEC>";        // section, §, paragraph
constexpr std::string_view kPart = "<PART>";      // part, chapter, subtitle
constexpr std::string_view kSubsec = "<SUBSEC>";  // "subsection (c)"
constexpr std::string_view kThrough = "<TO>";     // "(a) through (d)"
constexpr std::string_view kDash = "<->";         // a dash between spaces
constexpr std::string_view kEtSeq = "<ETSEQ>";    // "et seq."
constexpr std::string_view kList = "<,>";         // ',', ';', '/', ...
constexpr std::string_view kOpen = "<(>";         // any opening bracket
constexpr std::string_view kClose = "<)>";        // any closing bracket
constexpr std::string_view kAnd = "AND";          // every list word

// --- Designators and section numbers ------------------------------------

// 1..89 in roman numerals.
std::string RomanName(int v) {
  static const char* kTens[] = {"",  "X",  "XX",  "XXX", "XL",
                                "L", "LX", "LXX", "LXXX"};
  static const char* kOnes[] = {"",  "I",  "II",  "III",  "IV",
                                "V", "VI", "VII", "VIII", "IX"};
  return std::string(kTens[(v / 10) % 9]) + kOnes[v % 10];
}

// Roman numerals as the Code numbers clauses ("(iv)", "(xii)"): I, V, X
// and L, canonical, 1..89; 0 for anything else.
int RomanValue(std::string_view d) {
  if (d.empty() || d.size() > 8) return 0;
  auto digit = [](char c) {
    switch (ToUpper(c)) {
      case 'I':
        return 1;
      case 'V':
        return 5;
      case 'X':
        return 10;
      case 'L':
        return 50;
      default:
        return 0;
    }
  };
  int value = 0;
  for (size_t i = 0; i < d.size(); ++i) {
    int v = digit(d[i]);
    if (v == 0) return 0;
    int next = i + 1 < d.size() ? digit(d[i + 1]) : 0;
    value += next > v ? -v : v;
  }
  if (value <= 0 || value > 89) return 0;
  // Canonical form only ("IIII", "VX" are no numerals).
  return AsciiUpper(d) == RomanName(value) ? value : 0;
}

// Letter designators in order: "a".."z" are 1..26, then the Code goes on
// with doubled and tripled letters ("aa" 27, "bb" 28, ...); 0 otherwise.
int LetterOrdinal(std::string_view d) {
  if (d.empty() || d.size() > 3 || !IsLetter(d[0])) return 0;
  for (char c : d) {
    if (ToUpper(c) != ToUpper(d[0])) return 0;
  }
  return static_cast<int>(d.size() - 1) * 26 + (ToUpper(d[0]) - 'A') + 1;
}

// The letter designator of an ordinal: 1 "A", 27 "AA".
std::string LetterName(int v) {
  return std::string(static_cast<size_t>((v - 1) / 26 + 1),
                     static_cast<char>('A' + (v - 1) % 26));
}

// What a subsection designator may be: a number of one or two digits, a
// letter (also doubled, "aa"), or a roman numeral. "(1227)" is a section
// and "(CFR)", "(SOP)" are words, so neither is a designator.
bool IsDesignatorText(std::string_view d) {
  return (AllDigits(d) && d.size() <= 2) || LetterOrdinal(d) > 0 ||
         RomanValue(d) > 0;
}

// The length of the designator "(a)" that opens at s[i] ('('), brackets
// included, or 0. Looks at most eight characters ahead, so a run of
// brackets costs no more than its length.
size_t DesignatorAt(std::string_view s, size_t i) {
  size_t k = i + 1;
  while (k < s.size() && k - i <= 6 && IsAlnum(s[k])) ++k;
  if (k == i + 1 || k >= s.size() || s[k] != ')') return 0;
  return IsDesignatorText(s.substr(i + 1, k - i - 1)) ? k - i + 1 : 0;
}

// Every designator of `s`, in order, as the lexer finds them.
std::vector<std::string_view> DesignatorsOf(std::string_view s) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '(') continue;
    if (size_t len = DesignatorAt(s, i)) {
      out.push_back(s.substr(i + 1, len - 2));
      i += len - 1;
    }
  }
  return out;
}

// The end of a section number starting at t[i] ("1253", "1229A", "1028A",
// and with `allow_dot` "241.4"), or i when there is none.
size_t SectionNumberEnd(std::string_view t, size_t i, bool allow_dot) {
  size_t start = i;
  while (i < t.size() && IsDigit(t[i])) ++i;
  if (i == start || i - start > 6) return start;
  for (size_t letters = 0; i < t.size() && IsUpper(t[i]) && letters < 3;) {
    ++i, ++letters;
  }
  if (allow_dot && i < t.size() && t[i] == '.') {
    size_t j = i + 1;
    while (j < t.size() && IsDigit(t[j])) ++j;
    if (j == i + 1) return start;
    i = j;
    while (i < t.size() && IsUpper(t[i])) ++i;
  }
  return i;
}

// Parenthesized designators from t[*i] on ("(a)(1)"); false when one is
// malformed or there are more than kMaxLevels.
bool ParseDesignators(std::string_view t, size_t* i,
                      std::vector<std::string>* out) {
  while (*i < t.size() && t[*i] == '(') {
    size_t close = *i + 1;
    while (close < t.size() && close - *i <= 8 && IsAlnum(t[close])) ++close;
    if (close >= t.size() || t[close] != ')' || close == *i + 1 ||
        out->size() >= kMaxLevels) {
      return false;
    }
    out->emplace_back(t.substr(*i + 1, close - *i - 1));
    *i = close + 1;
  }
  return true;
}

// A section token: "1253(a)(1)" is section "1253", subsections {"a", "1"};
// "1253(a)-(d)" adds the range end {"d"}; "1324-1327" the end section.
// Designators keep the case the lexer gave them.
struct SectionRef {
  std::string section;
  std::vector<std::string> subs;
  std::vector<std::string> to_subs;
  std::string to_section;
};

bool ParseSectionRef(std::string_view t, bool allow_dot, SectionRef* out) {
  *out = SectionRef{};
  size_t i = SectionNumberEnd(t, 0, allow_dot);
  if (i == 0) return false;
  out->section = std::string(t.substr(0, i));
  if (!ParseDesignators(t, &i, &out->subs)) return false;
  if (i == t.size()) return true;
  if (t[i] != '-' || i + 1 >= t.size()) return false;
  ++i;
  if (t[i] == '(') {
    return ParseDesignators(t, &i, &out->to_subs) && i == t.size();
  }
  size_t end = SectionNumberEnd(t, i, allow_dot);
  if (end == i || end != t.size()) return false;
  out->to_section = std::string(t.substr(i));
  return true;
}

bool IsSectionToken(std::string_view t) {
  if (t.empty() || !IsDigit(t[0])) return false;
  SectionRef r;
  return ParseSectionRef(t, true, &r);
}

// A token of designators alone: "(c)", "(b)(2)".
bool ParseDesignatorToken(std::string_view t, std::vector<std::string>* out) {
  out->clear();
  size_t i = 0;
  return !t.empty() && t[0] == '(' && ParseDesignators(t, &i, out) &&
         i == t.size();
}

bool IsDesignatorToken(std::string_view t) {
  if (t.empty() || t[0] != '(') return false;
  std::vector<std::string> d;
  return ParseDesignatorToken(t, &d);
}

// "1253" + {"a", "1"} -> "1253(a)(1)".
std::string Compose(std::string_view section,
                    const std::vector<std::string>& subs) {
  std::string out(section);
  for (const auto& d : subs) {
    out += '(';
    out += d;
    out += ')';
  }
  return out;
}

std::string UpperSubsections(const std::vector<std::string>& subs) {
  return AsciiUpper(Compose("", subs));
}

std::optional<int> ParseTitle(std::string_view t) {
  if (t.empty() || t.size() > 3 || !AllDigits(t)) return std::nullopt;
  auto v = ParseInt(t);
  if (!v || *v <= 0) return std::nullopt;
  return static_cast<int>(*v);
}

// "EIGHT" 8, "TWENTY" 20, "TWENTY-SIX" 26; 0 for anything else.
int NumberWord(std::string_view w) {
  static const std::unordered_map<std::string_view, int> kWords = {
      {"ONE", 1},        {"TWO", 2},       {"THREE", 3},     {"FOUR", 4},
      {"FIVE", 5},       {"SIX", 6},       {"SEVEN", 7},     {"EIGHT", 8},
      {"NINE", 9},       {"TEN", 10},      {"ELEVEN", 11},   {"TWELVE", 12},
      {"THIRTEEN", 13},  {"FOURTEEN", 14}, {"FIFTEEN", 15},  {"SIXTEEN", 16},
      {"SEVENTEEN", 17}, {"EIGHTEEN", 18}, {"NINETEEN", 19}, {"TWENTY", 20},
      {"THIRTY", 30},    {"FORTY", 40},    {"FIFTY", 50}};
  size_t dash = w.find('-');
  if (dash != std::string_view::npos) {
    int tens = NumberWord(w.substr(0, dash));
    int ones = NumberWord(w.substr(dash + 1));
    return tens >= 20 && tens % 10 == 0 && ones > 0 && ones < 10 ? tens + ones
                                                                 : 0;
  }
  auto it = kWords.find(w);
  return it == kWords.end() ? 0 : it->second;
}

// --- Lexer -----------------------------------------------------------------

size_t Utf8Length(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c >> 5) == 0x6) return 2;
  if ((c >> 4) == 0xE) return 3;
  if ((c >> 3) == 0x1E) return 4;
  return 1;
}

char32_t DecodeUtf8(std::string_view cp) {
  if (cp.empty()) return 0;
  auto b = [&](size_t k) { return static_cast<unsigned char>(cp[k]); };
  switch (cp.size()) {
    case 2:
      return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3:
      return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    case 4:
      return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) |
             ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
    default:
      return b(0);
  }
}

// +1 for an opening bracket, -1 for a closing one, 0 otherwise. NFKC makes
// full-width and small brackets ASCII; these are the brackets of other
// scripts it leaves alone ("【8 U.S.C. 1227】"), which an adversary may use
// to hide a citation as well as a description.
int BracketKind(char32_t c) {
  switch (c) {
    case '(':
    case '[':
    case '{':
    case '<':
      return 1;
    case ')':
    case ']':
    case '}':
    case '>':
      return -1;
    default:
      break;
  }
  auto alternate = [&](char32_t first, char32_t last) {
    return c >= first && c <= last ? ((c - first) % 2 == 0 ? 1 : -1) : 0;
  };
  for (auto [first, last] : {std::pair<char32_t, char32_t>{0x3008, 0x3011},
                             {0x3014, 0x301B},
                             {0x2768, 0x2775},
                             {0x27E6, 0x27EF},
                             {0x2983, 0x2998},
                             {0x2E28, 0x2E29}}) {
    if (int k = alternate(first, last)) return k;
  }
  return 0;
}

// A token a designator glued after it belongs to: a section ("1253" +
// "(a)") or designators already ("(c)" + "(1)").
bool TakesDesignator(std::string_view t) {
  return !t.empty() && (IsDigit(t[0]) || t[0] == '(');
}

struct Lexed {
  Tokens tokens;
  // True when the designators keep the case they were written in, so "(c)"
  // (a subsection) and "(C)" (a subparagraph) differ; false when they are
  // all upper case because the case could not be carried through folding.
  bool designator_case = false;
};

// The case of each designator as written: the designators of the cleaned
// text (case kept), when they are the folded text's designators one for
// one; empty otherwise (a look-alike letter inside a designator, say).
std::vector<std::string_view> WrittenDesignators(
    const std::vector<std::string_view>& folded, std::string_view clean) {
  std::vector<std::string_view> written = DesignatorsOf(clean);
  if (written.size() != folded.size()) return {};
  for (size_t k = 0; k < written.size(); ++k) {
    if (AsciiUpper(written[k]) != AsciiUpper(folded[k])) return {};
  }
  return written;
}

// Upper-case tokens of the folded field. '§' and "§§" are tokens; list
// separators (',', ';', '/', '+', '|') become kList and '&' "AND";
// brackets become kOpen and kClose, except around a designator, which is
// glued to the section before it ("1253 (a)(1)" -> "1253(a)(1)") or
// stands alone ("subsection (c)" -> "(c)"); a period stays only between
// two digits ("241.4"), so "U.S.C." is "USC"; a hyphen stays inside a word
// ("13-2508", "(a)-(d)") and is kDash between spaces; letters of other
// scripts stay in their word and other symbols separate.
Lexed RawTokens(std::string_view text) {
  std::string folded = text::Fold(text);
  std::vector<std::string_view> designators = DesignatorsOf(folded);
  std::string clean;
  std::vector<std::string_view> written;
  bool letters = false;
  for (auto d : designators) letters = letters || !AllDigits(d);
  if (letters) {
    // ASCII text is its own cleaned form as far as designators go (the
    // text layer changes no ASCII letter, digit or bracket); skipping the
    // second ICU pass keeps the common case fast.
    bool ascii = std::all_of(text.begin(), text.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x80;
    });
    if (!ascii) clean = text::Clean(text);
    written = WrittenDesignators(designators, ascii ? text : clean);
  }
  Lexed lexed;
  lexed.designator_case = !letters || !written.empty();
  Tokens& out = lexed.tokens;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(std::move(cur));
    cur.clear();
  };
  auto push = [&](std::string_view token) {
    flush();
    out.emplace_back(token);
  };
  size_t seen = 0;  // designators so far
  for (size_t i = 0; i < folded.size();) {
    auto b = static_cast<unsigned char>(folded[i]);
    if (b >= 0x80) {
      size_t len = std::min(Utf8Length(b), folded.size() - i);
      std::string_view cp(folded.data() + i, len);
      i += len;
      if (cp == kSection) {
        flush();
        if (!out.empty() && out.back() == kSection) {
          out.back() = kSections;
        } else {
          out.emplace_back(kSection);
        }
      } else if (int k = BracketKind(DecodeUtf8(cp))) {
        push(k > 0 ? kOpen : kClose);
      } else if (text::HasLetter(cp)) {
        cur.append(cp);
      } else {
        flush();
      }
      continue;
    }
    char c = static_cast<char>(b);
    if (c == '(') {
      if (size_t len = DesignatorAt(folded, i)) {
        std::string d = "(";
        d += lexed.designator_case && !written.empty()
                 ? std::string(written[seen])
                 : AsciiUpper(folded.substr(i + 1, len - 2));
        d += ')';
        ++seen;
        // Glued to a bare section only: in "1253(a)(1) (c)" the "(c)" is a
        // subsection cited apart, not (a)(1)(c).
        if (cur.empty() && !out.empty() && TakesDesignator(out.back()) &&
            out.back().find('(') == std::string::npos) {
          cur = std::move(out.back());
          out.pop_back();
        }
        if (!TakesDesignator(cur)) flush();
        cur += d;
        i += len;
        continue;
      }
    }
    size_t at = i++;
    if (IsAlnum(c)) {
      cur += ToUpper(c);
    } else if (c == '.') {
      // "241.4" keeps its period; "U.S.C." loses its periods.
      if (at > 0 && IsDigit(folded[at - 1]) && i < folded.size() &&
          IsDigit(folded[i])) {
        cur += '.';
      }
    } else if (c == ',' || c == ';' || c == '/' || c == '+' || c == '|') {
      push(kList);
    } else if (c == '&') {
      push(kAnd);
    } else if (BracketKind(static_cast<char32_t>(b)) != 0) {
      push(BracketKind(static_cast<char32_t>(b)) > 0 ? kOpen : kClose);
    } else if (c == '-') {
      if (cur.empty()) {
        push(kDash);
      } else {
        cur += c;
      }
    } else {
      flush();  // spaces, quotes, colons
    }
  }
  flush();
  // Trailing hyphens ("1326-") carry nothing.
  for (auto& t : out) {
    while (t.size() > 1 && t.back() == '-') t.pop_back();
  }
  return lexed;
}

// Splits the names of codes and section signs glued to numbers:
// "8USC1253" and "8-USC-1227" -> "8", "USC", "1253"; "SEC1227" (from
// "sec.1227"), "S1227", "INA237", "TITLE26" -> "SEC", "1227". One pass over the
// token, however many markers it holds.
void SplitGlued(const std::string& t, Tokens* out) {
  // Only a word with both letters and digits can hold a glued marker.
  if (!HasDigit(t) || !std::any_of(t.begin(), t.end(), IsUpper)) {
    out->push_back(t);
    return;
  }
  std::string_view s = t;
  size_t from = 0;  // the start of what is not pushed yet
  for (size_t p = 0; p + 3 <= s.size(); ++p) {
    std::string_view marker = s.substr(p, 3);
    if (marker != "USC" && marker != "CFR") continue;
    size_t before = p;
    if (before >= from + 2 && s[before - 1] == '-' && IsDigit(s[before - 2])) {
      --before;
    }
    size_t after = p + 3;
    // "18USCA1546": the annotated editions are the Code too.
    if (marker == "USC" && after + 1 < s.size() &&
        (s[after] == 'A' || s[after] == 'S') &&
        (IsDigit(s[after + 1]) || s[after + 1] == '-')) {
      marker = s.substr(p, 4);
      ++after;
    }
    if (after + 1 < s.size() && s[after] == '-' && IsDigit(s[after + 1])) {
      ++after;
    }
    bool digits_before = before > from && IsDigit(s[before - 1]);
    bool digits_after = after < s.size() && IsDigit(s[after]);
    if (!digits_before && !digits_after) continue;
    if (before > from) out->emplace_back(s.substr(from, before - from));
    out->emplace_back(marker);
    from = after;
    p = after - 1;
  }
  std::string_view rest = s.substr(from);
  if (rest.empty()) return;
  static constexpr std::string_view kPrefixes[] = {
      "SECTIONS", "SECTION", "SECTS", "SECT", "SECS", "SEC",
      "SS",       "S",       "INA",   "IRC",  "TITLE"};
  for (std::string_view prefix : kPrefixes) {
    if (rest.size() <= prefix.size() || !StartsWith(rest, prefix)) continue;
    size_t k = prefix.size();
    if (rest[k] == '-' && k + 1 < rest.size()) ++k;
    if (!IsDigit(rest[k])) continue;
    out->emplace_back(prefix);
    out->emplace_back(rest.substr(k));
    return;
  }
  out->emplace_back(rest);
}

// Spelled-out names of codes, section words and list words, each replaced
// by its marker (or by one word: every list word is "AND"). The longest
// phrase starting at a word wins (each first word's phrases are listed
// longest first).
struct Phrase {
  std::vector<std::string_view> words;
  std::string_view replacement;
};

const std::vector<Phrase>& Phrases() {
  static const std::vector<Phrase> kPhrases = {
      {{"UNITED", "STATES", "CODE", "ANNOTATED"}, kUsc},
      {{"UNITED", "STATES", "CODE", "SERVICE"}, kUsc},
      {{"UNITED", "STATES", "CODE"}, kUsc},
      {{"U", "S", "C", "A"}, kUsc},
      {{"U", "S", "C", "S"}, kUsc},
      {{"U", "S", "CODE"}, kUsc},
      {{"U", "S", "C"}, kUsc},
      {{"US", "CODE"}, kUsc},
      {{"US", "C"}, kUsc},
      {{"U", "SC"}, kUsc},
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
      // Title 26 by its other names.
      {{"INTERNAL", "REVENUE", "CODE", "OF", "1986"}, kIrc},
      {{"INTERNAL", "REVENUE", "CODE", "OF", "1954"}, kIrc},
      {{"INTERNAL", "REVENUE", "CODE"}, kIrc},
      {{"INTERNAL", "REVENUE", "LAWS"}, kIrc},
      {{"INTERNAL", "REVENUE", "LAW"}, kIrc},
      {{"INTERNAL", "REVENUE"}, kIrc},
      {{"INT", "REVENUE", "CODE"}, kIrc},
      {{"INT", "REV", "CODE"}, kIrc},
      {{"INTERNAL", "REV", "CODE"}, kIrc},
      {{"I", "R", "CODE"}, kIrc},
      {{"IR", "CODE"}, kIrc},
      {{"INTREV", "CODE"}, kIrc},
      {{"INTREVCODE"}, kIrc},
      {{"REVENUE", "CODE"}, kIrc},
      {{"TAX", "CODE"}, kIrc},
      {{"IRS", "CODE"}, kIrc},
      {{"TAX", "LAWS"}, kIrc},
      {{"TAX", "LAW"}, kIrc},
      {{"I", "R", "C"}, kIrc},
      {{"IRC"}, kIrc},
      // Sections, and the larger units of a code.
      {{"SECTIONS"}, kSec},
      {{"SECCIONES"}, kSec},
      {{"SECCION"}, kSec},
      {{"SECTION"}, kSec},
      {{"SECTS"}, kSec},
      {{"SECT"}, kSec},
      {{"SECS"}, kSec},
      {{"SEC"}, kSec},
      {{"SS"}, kSec},
      {{"S"}, kSec},
      {{"PARAGRAPHS"}, kSec},
      {{"PARAGRAPH"}, kSec},
      {{"PARA"}, kSec},
      {{kSections}, kSec},
      {{kSection}, kSec},
      {{"SUBSECTIONS"}, kSubsec},
      {{"SUBSECTION"}, kSubsec},
      {{"SUBSECS"}, kSubsec},
      {{"SUBSEC"}, kSubsec},
      {{"CHAPTERS"}, kPart},
      {{"CHAPTER"}, kPart},
      {{"CHAP"}, kPart},
      {{"CH"}, kPart},
      {{"SUBCHAPTER"}, kPart},
      {{"SUBCH"}, kPart},
      {{"PARTS"}, kPart},
      {{"PART"}, kPart},
      {{"SUBPARTS"}, kPart},
      {{"SUBPART"}, kPart},
      {{"SUBTITLE"}, kPart},
      {{"TIT"}, "TITLE"},
      {{"TITULO"}, "TITLE"},
      {{"TITRE"}, "TITLE"},
      {{"THROUGH"}, kThrough},
      {{"THRU"}, kThrough},
      {{"TO"}, kThrough},
      // "et seq." before "et" the list word.
      {{"ET", "SEQUENTES"}, kEtSeq},
      {{"ET", "SEQQ"}, kEtSeq},
      {{"ET", "SEQ"}, kEtSeq},
      {{"ET", "AL"}, "ETAL"},
      {{"ETSEQ"}, kEtSeq},
      // Oregon's and Maine's statutes, whose abbreviations are list or
      // English words ("Or. Rev. Stat. § 165.800", "Me. Rev. Stat. tit.
      // 17-A"), before "or" the list word.
      {{"OR", "REV", "STATS"}, "ORS"},
      {{"OR", "REV", "STAT"}, "ORS"},
      {{"ME", "REV", "STAT"}, "MRSA"},
      {{"ME", "STAT"}, "MRSA"},
      // "Id." and "ibid." cite the code cited just before ("8 U.S.C. 1326;
      // id. § 1227"): the section after them is read as one of its.
      {{"ID", "AT"}, kAnd},
      {{"ID"}, kAnd},
      {{"IBID"}, kAnd},
      {{"IBIDEM"}, kAnd},
      // List words, in the languages agencies write.
      {{"AND", "OR"}, kAnd},
      {{"AS", "WELL", "AS"}, kAnd},
      {{"ALONG", "WITH"}, kAnd},
      {{"TOGETHER", "WITH"}, kAnd},
      {{"IN", "ADDITION", "TO"}, kAnd},
      {{"PLUS"}, kAnd},
      {{"ALSO"}, kAnd},
      {{"OR"}, kAnd},
      {{"NOR"}, kAnd},
      {{"Y"}, kAnd},
      {{"E"}, kAnd},
      {{"O"}, kAnd},
      {{"ET"}, kAnd},
      {{"OU"}, kAnd},
      {{"UND"}, kAnd},
      {{"ODER"}, kAnd},
      // Louisiana's "R. S.".
      {{"R", "S"}, "RS"},
  };
  return kPhrases;
}

Tokens ReplacePhrases(const Tokens& t) {
  static const auto* kByFirst = [] {
    auto* m = new std::unordered_map<std::string_view, std::vector<size_t>>;
    for (size_t k = 0; k < Phrases().size(); ++k) {
      (*m)[Phrases()[k].words[0]].push_back(k);
    }
    return m;
  }();
  Tokens out;
  out.reserve(t.size());
  for (size_t i = 0; i < t.size();) {
    const Phrase* match = nullptr;
    if (auto it = kByFirst->find(t[i]); it != kByFirst->end()) {
      for (size_t k : it->second) {
        const Phrase& p = Phrases()[k];
        if (i + p.words.size() > t.size()) continue;
        bool all = true;
        for (size_t w = 1; w < p.words.size() && all; ++w) {
          all = t[i + w] == p.words[w];
        }
        if (all) {
          match = &p;
          break;
        }
      }
    }
    if (match == nullptr) {
      out.push_back(t[i++]);
      continue;
    }
    // Two section signs in a row ("§ §") are one.
    if (!(match->replacement == kSec && !out.empty() && out.back() == kSec)) {
      out.emplace_back(match->replacement);
    }
    i += match->words.size();
  }
  return out;
}

// Pairs each opening bracket with its closing one (any kind with any kind:
// a mismatch is a typo, not a new meaning). Unpaired brackets, and pairs
// nested deeper than kMaxDepth, are dropped (read as separators). Returns,
// for each kOpen left, the index of its kClose.
std::vector<size_t> PairBrackets(Tokens* t) {
  const size_t n = t->size();
  std::vector<size_t> pair(n, n);
  std::vector<size_t> open;
  for (size_t i = 0; i < n; ++i) {
    if ((*t)[i] == kOpen) {
      open.push_back(i);
    } else if ((*t)[i] == kClose && !open.empty()) {
      pair[i] = open.back();
      pair[open.back()] = i;
      open.pop_back();
    }
  }
  std::vector<bool> keep(n, true);
  int depth = 0;
  for (size_t i = 0; i < n; ++i) {
    const std::string& tok = (*t)[i];
    if (tok != kOpen && tok != kClose) continue;
    if (pair[i] == n) {
      keep[i] = false;
    } else if (!keep[i]) {
      continue;  // the far side of a pair dropped for depth
    } else if (tok == kOpen) {
      if (depth >= kMaxDepth) {
        keep[i] = keep[pair[i]] = false;
      } else {
        ++depth;
      }
    } else {
      --depth;
    }
  }
  Tokens kept;
  std::vector<size_t> at(n, n);  // old index -> new index
  for (size_t i = 0; i < n; ++i) {
    if (!keep[i]) continue;
    at[i] = kept.size();
    kept.push_back(std::move((*t)[i]));
  }
  std::vector<size_t> match(kept.size(), kept.size());
  for (size_t i = 0; i < n; ++i) {
    if (keep[i] && at[i] < kept.size() && kept[at[i]] == kOpen) {
      match[at[i]] = at[pair[i]];
    }
  }
  *t = std::move(kept);
  return match;
}

// --- Words -------------------------------------------------------------------

// The words of a space-separated list.
WordSet SpacedWords(std::string_view spaced) {
  WordSet out;
  for (const auto& w : SplitWords(spaced)) out.insert(w);
  return out;
}

bool IsCodeMarker(std::string_view t) {
  return t == kUsc || t == kCfr || t == kIna || t == kIrc;
}

// Words that join or introduce citations and carry nothing of their own.
bool IsFiller(std::string_view t) {
  static const WordSet kWords = {
      "AND",      "SEE",       "CF",        "ETAL",       "SEQ",
      "IN",       "OF",        "UNDER",     "PURSUANT",   "THE",
      "AS",       "AMENDED",   "VIOLATION", "VIOLATIONS", "VIOLATING",
      "VIOLATED", "PER",       "AT",        "A",          "AN",
      "WITH",     "ALLEGED",   "ALLEGEDLY", "POSSIBLE",   "ETC",
      "U",        "AL",        "INCLUDING", "CHARGES",    "CHARGE",
      "CHARGED",  "STATUTE",   "STATUTES",  "STATUTORY",  "AUTHORITY",
      "CITED",    "CITE",      "CITATION",  "CITATIONS",  "ARTICLE",
      "ART",      "TITLE",     "LEGAL",     "BASIS",      "REFERENCE",
      "REF",      "NOTE",      "ID",        "IBID",       "SUPRA",
      "INFRA",    "PROVISION", "PROVISIONS"};
  return t == kList || t == kSec || t == kDash || t == kThrough ||
         t == kSubsec || t == kPart || kWords.count(t) > 0;
}

// Words that describe an offence ("illegal reentry", "false statements"):
// a field may describe what it cites in words without parentheses. The
// list is closed on purpose: a word it lacks ("SOP", "Title Twenty-Six",
// "civil") is not ignored but makes the field STATUTE_UNKNOWN, so nothing
// that names other law can slip through as a description. No word here
// names a code, a kind of law, a tax or an agency rule.
bool IsDescriptionWord(std::string_view t) {
  static const WordSet kWords = SpacedWords(
      "ILLEGAL ILLEGALLY UNLAWFUL UNLAWFULLY IMPROPER IMPROPERLY ENTRY "
      "ENTRIES ENTER ENTERED ENTERING REENTRY RE-ENTRY REENTER RE-ENTER "
      "REENTERED RE-ENTERED REENTERING ATTEMPT ATTEMPTED ATTEMPTING "
      "FAILURE FAILING FAILED FAIL DEPART DEPARTURE DEPARTED WILLFUL "
      "WILLFULLY WILFUL WILFULLY KNOWING KNOWINGLY REMOVED REMOVAL "
      "DEPORTED DEPORTATION EXCLUDED FINAL ORDER ALIEN ALIENS "
      "NONCITIZEN NONCITIZENS NON-CITIZEN NON-CITIZENS PERSON PERSONS "
      "INDIVIDUAL SUBJECT FALSE FALSELY STATEMENT STATEMENTS CLAIM "
      "CLAIMS CLAIMING CITIZEN CITIZENSHIP MISREPRESENTATION FRAUD "
      "FRAUDS FRAUDULENT FRAUDULENTLY IDENTITY THEFT AGGRAVATED "
      "IDENTIFICATION DOCUMENT DOCUMENTS PASSPORT PASSPORTS VISA VISAS "
      "PERMIT PERMITS CARD CARDS MISUSE USE FORGERY FORGED COUNTERFEIT "
      "COUNTERFEITING ALTERED FALSIFIED HARBORING HARBOURING SMUGGLING "
      "TRANSPORTING TRANSPORTATION BRINGING CONCEALING CONCEALMENT "
      "SHIELDING ENCOURAGING INDUCING EMPLOYING HIRING CONSPIRACY "
      "CONSPIRING AIDING ABETTING ASSISTING ACCESSORY MISPRISION "
      "MARRIAGE REGISTRATION REGISTER CARRY CERTIFICATE EVIDENCE "
      "NATURALIZATION PERJURY OBSTRUCTION OBSTRUCTING TAMPERING WITNESS "
      "VICTIM INFORMANT ASSAULT ASSAULTING IMPEDING RESISTING OFFICER "
      "OFFICERS FEDERAL FLIGHT AVOID PROSECUTION APPEAR ARREST WARRANT "
      "CUSTODY ESCAPE TRAFFICKING HUMAN SEX LABOR FORCED PEONAGE "
      "SLAVERY SERVITUDE LAUNDERING MONEY MONETARY WIRE MAIL BANK "
      "STRUCTURING DRUG DRUGS NARCOTICS CONTROLLED SUBSTANCE SUBSTANCES "
      "POSSESSION DISTRIBUTION IMPORTATION FIREARM FIREARMS WEAPON "
      "WEAPONS SOCIAL SECURITY NUMBER EMPLOYMENT PATTERN PRACTICE TERMS "
      "RELEASE SUPERVISION FELONY FELONIES FELON MISDEMEANOR OFFENSE "
      "OFFENSES OFFENCE OFFENCES CRIME CRIMES CRIMINAL CONVICTION "
      "CONVICTED PRIOR SUBSEQUENT SECOND THIRD PENALTY PENALTIES UNITED "
      "STATES US USA AFTER BEFORE FOR BY FROM INTO ON NOT WITHOUT WHILE "
      "WHO THAT IS WAS BEING HAVING HIS HER THEIR THIS SUCH ANY OTHER "
      "CERTAIN RELATED RELATING REGARDING CONCERNING INVOLVING RE "
      "SUSPECTED INVESTIGATION");
  return kWords.count(t) > 0;
}

// A leftover token that may stand in a field without making it unknown.
bool IsHarmless(std::string_view t) {
  return IsFiller(t) || IsDescriptionWord(t) ||
         (IsDesignatorToken(t) && !HasDigit(t));
}

bool IsPolicyWord(std::string_view t) {
  static const WordSet kWords = {
      "POLICY",    "POLICIES",    "DIRECTIVE",    "DIRECTIVES", "MEMORANDUM",
      "MEMORANDA", "MEMO",        "GUIDANCE",     "MOU",        "MOA",
      "MANUAL",    "HANDBOOK",    "GUIDELINES",   "GUIDELINE",  "PROTOCOL",
      "BULLETIN",  "INSTRUCTION", "INSTRUCTIONS", "REGULATION", "REGULATIONS",
      "REGS",      "REG",         "PROCLAMATION", "RULE",       "RULES",
      "SOP",       "SOPS",        "PROCEDURE",    "PROCEDURES", "AGREEMENT"};
  return kWords.count(t) > 0;
}

// Words that make a citation state or local law: the name of a state code
// ("Penal Code", "Stat.", "Rev. Stat.", "R.S.", "PC"), a bill ("SB 4") or
// local law, after a state's name or abbreviation.
bool IsStateCodeWord(std::string_view t) {
  static const WordSet kWords = {
      "PENAL",    "PEN",          "PC",         "STAT", "STATS",
      "STATUTES", "STATUTE",      "CODE",       "LAW",  "LAWS",
      "REV",      "RS",           "ANN",        "CRIM", "CRIMINAL",
      "COMP",     "GEN",          "GENERAL",    "VEH",  "VEHICLE",
      "CONSOL",   "ORDINANCE",    "ORDINANCES", "SB",   "HB",
      "AB",       "SF",           "HF",         "BILL", "ACT",
      "CONST",    "CONSTITUTION", "ADMIN",      "ILCS"};
  return kWords.count(t) > 0;
}

// A state's code acronym ("A.R.S.", "O.C.G.A.", "ILCS") or local law.
bool IsStateCodeAcronym(std::string_view t) {
  static const WordSet kWords = {
      "ARS",  "OCGA", "RCW",   "ILCS",      "MGL",        "NRS",  "ORS",
      "NMSA", "CRS",  "KRS",   "RSMO",      "MCL",        "NJSA", "CGS",
      "HRS",  "RSA",  "MCA",   "NDCC",      "SDCL",       "ORC",  "TCA",
      "VAC",  "NCGS", "PENAL", "ORDINANCE", "ORDINANCES", "MRSA"};
  return kWords.count(t) > 0;
}

// Words that open the name of local law when a code word follows ("City
// ordinance", "state law"). The first words of two-word state names ("New
// York") are not among them: the second word is a state name, and the
// first is taken as part of its name ("new law" names no state).
bool OpensLocalCode(std::string_view t) {
  static const WordSet kWords = {"STATE", "CITY", "COUNTY", "MUNICIPAL",
                                 "LOCAL"};
  return kWords.count(t) > 0;
}

// Names and abbreviations of states, with their postal codes except those
// that are English words ("IN", "OR", "ME", "HI", "OK", "ID", "DE").
bool IsStateName(std::string_view t) {
  static const WordSet kWords = {"ALABAMA",
                                 "ALA",
                                 "AL",
                                 "ALASKA",
                                 "AK",
                                 "ARIZONA",
                                 "ARIZ",
                                 "AZ",
                                 "ARKANSAS",
                                 "ARK",
                                 "AR",
                                 "CALIFORNIA",
                                 "CAL",
                                 "CALIF",
                                 "CA",
                                 "COLORADO",
                                 "COLO",
                                 "CO",
                                 "CONNECTICUT",
                                 "CONN",
                                 "CT",
                                 "DELAWARE",
                                 "DEL",
                                 "FLORIDA",
                                 "FLA",
                                 "FL",
                                 "GEORGIA",
                                 "GA",
                                 "HAWAII",
                                 "HAW",
                                 "IDAHO",
                                 "ILLINOIS",
                                 "ILL",
                                 "IL",
                                 "INDIANA",
                                 "IND",
                                 "IOWA",
                                 "IA",
                                 "KANSAS",
                                 "KAN",
                                 "KS",
                                 "KENTUCKY",
                                 "KY",
                                 "LOUISIANA",
                                 "LA",
                                 "MAINE",
                                 "MARYLAND",
                                 "MD",
                                 "MASSACHUSETTS",
                                 "MASS",
                                 "MA",
                                 "MICHIGAN",
                                 "MICH",
                                 "MI",
                                 "MINNESOTA",
                                 "MINN",
                                 "MN",
                                 "MISSISSIPPI",
                                 "MISS",
                                 "MS",
                                 "MISSOURI",
                                 "MO",
                                 "MONTANA",
                                 "MONT",
                                 "MT",
                                 "NEBRASKA",
                                 "NEB",
                                 "NE",
                                 "NEVADA",
                                 "NEV",
                                 "NV",
                                 "HAMPSHIRE",
                                 "JERSEY",
                                 "MEXICO",
                                 "YORK",
                                 "NY",
                                 "NJ",
                                 "NM",
                                 "NH",
                                 "NC",
                                 "ND",
                                 "CAROLINA",
                                 "DAKOTA",
                                 "OHIO",
                                 "OH",
                                 "OKLAHOMA",
                                 "OKLA",
                                 "OREGON",
                                 "ORE",
                                 "PENNSYLVANIA",
                                 "PA",
                                 "RHODE",
                                 "RI",
                                 "SC",
                                 "SD",
                                 "TENNESSEE",
                                 "TENN",
                                 "TN",
                                 "TEXAS",
                                 "TEX",
                                 "TX",
                                 "UTAH",
                                 "UT",
                                 "VERMONT",
                                 "VT",
                                 "VIRGINIA",
                                 "VA",
                                 "WV",
                                 "WASHINGTON",
                                 "WASH",
                                 "WA",
                                 "WISCONSIN",
                                 "WIS",
                                 "WI",
                                 "WYOMING",
                                 "WYO",
                                 "WY",
                                 "RICO",
                                 "PR",
                                 "DC",
                                 "COLUMBIA",
                                 "GUAM",
                                 "GU",
                                 "VI"};
  return kWords.count(t) > 0;
}

// --- Grammar -----------------------------------------------------------------

// Where the sections of a list belong: a title of the U.S.C. or C.F.R.
// (I.R.C. is Title 26), the INA (through the table's `ina` column), or
// not known yet ("Sections 1253 and 1326 of Title 8": kept until "of").
struct Source {
  enum class Kind { kNone, kTitle, kIna, kDeferred };
  Kind kind = Kind::kNone;
  CodeKind code = CodeKind::kUsc;
  int title = 0;

  static Source Title(CodeKind code, int title) {
    return {Kind::kTitle, code, title};
  }
  static Source Ina() { return {Kind::kIna, CodeKind::kUsc, 8}; }
  static Source Deferred() { return {Kind::kDeferred, CodeKind::kUsc, 0}; }
};

// A recursive-descent reader of the token stream. Scan reads a range of
// tokens: each step reads one citation (Step), a bracketed group (Group)
// or one leftover word. A group with a citation in it is judged like the
// text around it; a group with none is a description.
class Scanner {
 public:
  Scanner(const Tokens& t, const std::vector<size_t>& match, const InaMap& ina,
          bool designator_case)
      : t_(t),
        match_(match),
        ina_(ina),
        designator_case_(designator_case),
        end_(t.size()) {}

  std::vector<Citation> Run() {
    std::vector<size_t> left;
    left_ = &left;
    Scan(0);
    // Text that is not a citation: a word outside the harmless lists, or a
    // number, is a reference this parser does not know (STATUTE_UNKNOWN,
    // never ignored); harmless words alone, with nothing cited, are no
    // citation either.
    bool unknown = !left.empty() && out_.empty();
    for (size_t k : left) unknown = unknown || !IsHarmless(t_[k]);
    if (unknown) Unparsed();
    return std::move(out_);
  }

 private:
  bool At(size_t i, std::string_view w) const { return i < end_ && t_[i] == w; }
  size_t SkipSec(size_t i) const {
    while (i < end_ && t_[i] == kSec) ++i;
    return i;
  }
  size_t SkipList(size_t i) const {
    while (i < end_ && t_[i] == kList) ++i;
    return i;
  }
  // The words that may open a group before its sections ("(see also 1227)").
  size_t SkipJoiners(size_t i) const {
    while (i < end_ && (t_[i] == kList || t_[i] == kAnd || t_[i] == kSec ||
                        t_[i] == kDash || t_[i] == "SEE" || t_[i] == "CF")) {
      ++i;
    }
    return i;
  }

  // A title number at t[i]: digits, a number in words ("Twenty-six",
  // "Twenty six") or, after "Title", a roman numeral ("Title XXVI").
  // Returns the title and the index after it.
  std::optional<std::pair<int, size_t>> TitleAt(size_t i, bool roman) const {
    if (i >= end_) return std::nullopt;
    if (auto v = ParseTitle(t_[i])) return std::make_pair(*v, i + 1);
    if (int v = NumberWord(t_[i]); v > 0) {
      if (v >= 20 && v % 10 == 0 && i + 1 < end_) {
        if (int ones = NumberWord(t_[i + 1]); ones > 0 && ones < 10) {
          return std::make_pair(v + ones, i + 2);
        }
      }
      return std::make_pair(v, i + 1);
    }
    if (roman) {
      if (int v = RomanValue(t_[i]); v > 0) return std::make_pair(v, i + 1);
    }
    return std::nullopt;
  }

  // True when t[i] starts a citation of its own (a title before a code,
  // TITLE n, a code name), so a list must stop before it.
  bool StartsCitation(size_t i) const {
    if (i >= end_) return false;
    if (IsCodeMarker(t_[i]) || t_[i] == "TITLE") return true;
    auto title = TitleAt(i, false);
    return title && title->second < end_ && IsCodeMarker(t_[title->second]);
  }

  void Push(Citation c) { out_.push_back(std::move(c)); }
  void Unparsed() {
    Citation c;
    c.code = CodeKind::kUnparsed;
    Push(std::move(c));
  }

  void Add(CodeKind code, int title, std::string_view token) {
    Citation c;
    c.code = code;
    c.title = title;
    SectionRef r;
    bool parsed = ParseSectionRef(token, code == CodeKind::kCfr, &r) &&
                  r.to_subs.empty() && r.to_section.empty();
    if (code == CodeKind::kCfr && title >= 1 && title <= 50) {
      // A regulation is a regulation whatever its number looks like.
      c.section = parsed ? r.section : AsciiUpper(token);
      if (parsed) c.subsections = UpperSubsections(r.subs);
      Push(std::move(c));
      return;
    }
    if (code != CodeKind::kUsc || !parsed || title < 1 || title > 54) {
      Unparsed();
      return;
    }
    c.section = r.section;
    c.subsections = UpperSubsections(r.subs);
    Push(std::move(c));
  }

  void AddIna(std::string_view token) {
    SectionRef r;
    if (ParseSectionRef(token, false, &r) && r.to_subs.empty() &&
        r.to_section.empty()) {
      auto it = ina_.find(r.section);
      if (it != ina_.end()) {
        Citation c;
        c.code = CodeKind::kUsc;
        c.title = 8;
        c.section = it->second;
        c.subsections = UpperSubsections(r.subs);
        Push(std::move(c));
        return;
      }
    }
    Unparsed();
  }

  // A title cited with no section: "8 C.F.R." is a regulation, "26 U.S.C."
  // and "I.R.C." are Title 26; any other title is no specific statute.
  void TitleOnly(const Source& src) {
    if (src.kind == Source::Kind::kTitle && src.code == CodeKind::kCfr &&
        src.title >= 1 && src.title <= 50) {
      Citation c;
      c.code = CodeKind::kCfr;
      c.title = src.title;
      Push(std::move(c));
      last_src_ = src;
    } else if (src.kind == Source::Kind::kTitle && src.code == CodeKind::kUsc &&
               src.title == 26) {
      Citation c;
      c.title = 26;
      c.section = "*";
      Push(std::move(c));
      last_src_ = src;
    } else {
      Unparsed();
    }
  }

  // One section (with its subsections, no range) of `src`.
  void Emit(const Source& src, std::string_view token) {
    switch (src.kind) {
      case Source::Kind::kDeferred:
        pending_.emplace_back(token);
        return;
      case Source::Kind::kTitle:
        Add(src.code, src.title, token);
        break;
      case Source::Kind::kIna:
        AddIna(token);
        break;
      case Source::Kind::kNone:
        Unparsed();
        return;
    }
    last_src_ = src;
  }

  // Whether designator `b` can stand at the level of `a` ("(c)" after
  // "(a)", "(iv)" after "(iii)", "(2)" after "(1)"): both numbers; else the
  // same case (when the case is known) and both letters, both doubled
  // letters or both roman numerals ("(i)" is both a letter and a numeral).
  bool Compatible(std::string_view a, std::string_view b) const {
    if (AllDigits(a) || AllDigits(b)) return AllDigits(a) && AllDigits(b);
    if (designator_case_ && IsLower(a[0]) != IsLower(b[0])) return false;
    if (a.size() == 1 && b.size() == 1) return true;
    if (LetterOrdinal(a) > 26 && LetterOrdinal(b) > 26) return true;
    return RomanValue(a) > 0 && RomanValue(b) > 0;
  }

  // The designators after `a` up to `b` in every reading they allow
  // (numbers, letters, roman numerals: "(i)-(v)" is both i, j, ..., v and
  // i, ii, ..., v), written like `b`, appended to *out. Returns 1 when some
  // reading leads from a to b, 0 when none does, -1 when one spans more
  // than kMaxRange.
  int Between(std::string_view a, std::string_view b,
              std::vector<std::string>* out) const {
    bool lower = designator_case_ && IsLower(b[0]);
    int result = 0;
    auto span = [&](int from, int to, auto name) {
      if (from <= 0 || to <= from) return;
      if (to - from > kMaxRange) {
        result = -1;
        return;
      }
      for (int v = from + 1; v <= to; ++v) {
        std::string d = name(v);
        out->push_back(lower ? AsciiLower(d) : d);
      }
      if (result == 0) result = 1;
    };
    if (AllDigits(a) || AllDigits(b)) {
      auto from = ParseInt(a), to = ParseInt(b);
      if (AllDigits(a) && AllDigits(b) && a.size() <= 2 && b.size() <= 2 &&
          from && to) {
        // Paragraph (0) does not exist; count from one below.
        span(static_cast<int>(*from) + 1, static_cast<int>(*to) + 1,
             [](int v) { return std::to_string(v - 1); });
      }
      return result;
    }
    int la = LetterOrdinal(a), lb = LetterOrdinal(b);
    if ((la > 26) == (lb > 26)) span(la, lb, LetterName);
    span(RomanValue(a), RomanValue(b), RomanName);
    return result;
  }

  // A section token of a list: the section with its subsections, then what
  // a range in it stands for ("1253(a)-(d)": (b), (c) and (d) too;
  // "1324-1327": 1325, 1326, 1327 too).
  void EmitSection(const Source& src, std::string_view token) {
    SectionRef r;
    if (!ParseSectionRef(token, true, &r)) {
      Emit(src, token);
      return;
    }
    last_section_ = r.section;
    last_subs_ = r.subs;
    Emit(src, Compose(r.section, r.subs));
    if (!r.to_subs.empty()) EmitRange(src, r.to_subs);
    if (!r.to_section.empty()) EmitSectionRange(src, r.to_section);
  }

  // "(a)(1) ... (b)(2)": designators after a section stand for another
  // subsection of it, at every level of the last one they fit, each judged
  // ("(2)" after "(a)(1)" is (a)(2); "(c)" after "(a)(1)(B)" is (c), since
  // "(B)" is upper case; "(C)" after "(A)(1)(B)" is both (C) and
  // (A)(1)(C): a reading is never chosen for the agency, so one civil
  // reading refuses); after "subsection" (`top`) at the first level.
  void EmitSibling(const Source& src, const std::vector<std::string>& d,
                   bool top) {
    if (last_section_.empty()) {
      Unparsed();
      return;
    }
    std::vector<size_t> levels;
    for (size_t l = last_subs_.size(); !top && l-- > 0;) {
      if (!Compatible(last_subs_[l], d[0])) continue;
      levels.push_back(l);
    }
    if (levels.empty()) levels.push_back(0);
    std::vector<std::string> subs, first;
    for (size_t l : levels) {
      subs.assign(last_subs_.begin(), last_subs_.begin() + l);
      subs.insert(subs.end(), d.begin(), d.end());
      Emit(src, Compose(last_section_, subs));
      if (first.empty()) first = subs;
    }
    last_subs_ = std::move(first);
  }

  // "(a)-(d)", "(a) through (d)", "(a)(1)-(d)": every subsection from the
  // last one to `to`, at the deepest level of the last one that leads to
  // `to` ("(a)(1)(A)(i)-(v)" are clauses (i) to (v); "(a)(1)-(d)" are
  // (b), (c), (d)); at every such level when the case is unknown. A range
  // that leads nowhere ("(d)-(a)") is read as a list.
  void EmitRange(const Source& src, const std::vector<std::string>& to) {
    const std::vector<std::string> last = last_subs_;
    std::vector<std::string> subs, steps;
    bool any = false;
    for (size_t l = last.size(); l-- > 0 && !(any && designator_case_);) {
      if (!Compatible(last[l], to[0])) continue;
      steps.clear();
      int between = Between(last[l], to[0], &steps);
      if (between < 0 || expanded_ + steps.size() > kMaxExpanded) {
        Unparsed();
        return;
      }
      if (between == 0) continue;
      any = true;
      expanded_ += steps.size();
      for (size_t s = 0; s < steps.size(); ++s) {
        subs.assign(last.begin(), last.begin() + l);
        subs.push_back(steps[s]);
        if (s + 1 == steps.size()) {
          subs.insert(subs.end(), to.begin() + 1, to.end());
        }
        Emit(src, Compose(last_section_, subs));
      }
      last_subs_ = subs;
    }
    if (!any) EmitSibling(src, to, false);
  }

  // "1324-1327", "1324 through 1327": the sections after the last one. A
  // range that leads nowhere ("1326 - 1227") is read as a list.
  void EmitSectionRange(const Source& src, std::string_view to) {
    SectionRef r;
    if (!ParseSectionRef(to, true, &r) || !r.to_subs.empty() ||
        !r.to_section.empty()) {
      Unparsed();
      return;
    }
    bool numbers = AllDigits(last_section_) && AllDigits(r.section) &&
                   r.section.size() <= 6 && last_section_.size() <= 6;
    int from = numbers ? std::stoi(last_section_) : 0;
    int until = numbers ? std::stoi(r.section) : 0;
    bool cfr = src.kind == Source::Kind::kTitle && src.code == CodeKind::kCfr;
    if (!numbers || until <= from || cfr) {
      // Not a range of numbered sections: a regulation is one whichever
      // part it cites; a range going backwards is a list; anything else
      // ("2000e-2") is not guessed.
      if (cfr || (numbers && until <= from)) {
        EmitSection(src, to);
      } else {
        Unparsed();
      }
      return;
    }
    if (until - from > kMaxRange ||
        expanded_ + static_cast<size_t>(until - from) > kMaxExpanded) {
      Unparsed();
      return;
    }
    expanded_ += static_cast<size_t>(until - from);
    for (int v = from + 1; v < until; ++v) Emit(src, std::to_string(v));
    EmitSection(src, to);
  }

  // A list of sections from t[start] ("1253(a)(1), 1227", "§§ 1253 and
  // 1227", "1326(a), (b)(2)", "1253(a)(1) and subsection (c)", "1253(a)
  // through (d)", "1326 y 1227"), each emitted for `src`. Groups inside it
  // are read in place. Returns the index after it, or `start` when t[start]
  // holds no section.
  size_t Sections(size_t start, Source src) {
    size_t i = SkipSec(start);
    if (i >= end_ || !IsSectionToken(t_[i])) return start;
    bool deferred = src.kind == Source::Kind::kDeferred;
    EmitSection(src, t_[i]);
    ++i;
    std::vector<std::string> d;
    while (i < end_ && !(deferred && At(i, "OF"))) {
      size_t k = i;
      bool range = false, top = false;
      for (; k < end_; ++k) {
        const std::string& w = t_[k];
        if (w == kSubsec) {
          top = true;
        } else if (w == kThrough || w == kDash) {
          range = true;
        } else if (w != kList && w != kAnd && w != kSec && w != "SEE" &&
                   w != "CF") {
          break;
        }
      }
      if (k >= end_) break;
      if (t_[k] == kOpen) {
        // A group inside the list is read in place; the list goes on
        // after it with its own section.
        std::string section = last_section_;
        std::vector<std::string> subs = last_subs_;
        i = Group(k, false);
        last_section_ = std::move(section);
        last_subs_ = std::move(subs);
        continue;
      }
      if (ParseDesignatorToken(t_[k], &d)) {
        if (range) {
          EmitRange(src, d);
        } else {
          EmitSibling(src, d, top);
        }
        i = k + 1;
        continue;
      }
      // "1326; 720 ILCS 5/16-1": a number before a state code's name is
      // that code's chapter, not a section of this list.
      if (!IsSectionToken(t_[k]) || StartsCitation(k) ||
          (At(k + 1, "OF") && !deferred) ||
          (k + 1 < end_ && IsStateCodeAcronym(t_[k + 1]))) {
        break;
      }
      if (range) {
        EmitSectionRange(src, t_[k]);
      } else {
        EmitSection(src, t_[k]);
      }
      i = k + 1;
    }
    return i;
  }

  // What follows a code and its title: sections ("8 U.S.C. 1253"), a part
  // or chapter ("8 C.F.R. Part 241") or nothing ("26 U.S.C."). Returns the
  // index after it (at least j).
  size_t Body(size_t j, const Source& src) {
    size_t p = SkipSec(j);
    if (At(p, kPart)) {
      if (src.kind == Source::Kind::kTitle && src.code == CodeKind::kCfr) {
        size_t q = Sections(p + 1, src);
        if (q > p + 1) return q;
      }
      // A chapter or part of a code is no specific section.
      TitleOnly(src);
      return p + 1 < end_ && IsSectionToken(t_[p + 1]) ? p + 2 : p + 1;
    }
    size_t k = Sections(j, src);
    if (k > j) return k;
    TitleOnly(src);
    return p;
  }

  // State, local or agency law runs to the next federal citation; the
  // groups inside it are read (they may cite federal law) but their numbers
  // belong to it.
  size_t SkipToFederal(size_t i) {
    // A title after a state code is the state's ("Me. Rev. Stat. tit.
    // 17-A"), unless a federal code marker follows it.
    auto federal = [&](size_t k) {
      if (t_[k] != "TITLE") return StartsCitation(k);
      auto title = TitleAt(k, false);
      return title && title->second < end_ && IsCodeMarker(t_[title->second]);
    };
    while (i < end_ && !federal(i)) {
      i = t_[i] == kOpen ? Group(i, true) : i + 1;
    }
    return i;
  }

  // The group opening at t[open]: "(see also 8 U.S.C. 1227)" is read and
  // judged, "(1227)" cites a section of the code cited last, "(illegal
  // reentry)" is a description. A description with a number in it
  // ("(Pub. L. 104-208)") is a reference this parser does not know, unless
  // `quiet_numbers` (the numbers of a state or agency citation).
  size_t Group(size_t open, bool quiet_numbers) {
    size_t close = match_[open];
    std::vector<size_t> inner;
    std::vector<size_t>* parent = left_;
    size_t saved_end = end_;
    left_ = &inner;
    end_ = close;
    size_t before = out_.size();
    size_t i = SkipJoiners(open + 1);
    if (last_src_.kind != Source::Kind::kNone && i < end_ &&
        IsSectionToken(t_[i]) && !StartsCitation(i)) {
      i = Sections(i, last_src_);
    } else {
      i = open + 1;
    }
    Scan(i);
    end_ = saved_end;
    left_ = parent;
    if (out_.size() > before) {
      parent->insert(parent->end(), inner.begin(), inner.end());
    } else if (std::vector<std::string> d;
               last_src_.kind != Source::Kind::kNone && close == open + 2 &&
               !last_section_.empty() &&
               ParseDesignatorToken(t_[open + 1], &d)) {
      // "8 U.S.C. 1253(a)(1) [(c)]": a subsection of the section cited last.
      EmitSibling(last_src_, d, false);
    } else if (last_src_.kind != Source::Kind::kNone && close == open + 2 &&
               t_[open + 1].size() <= 4 &&
               std::all_of(t_[open + 1].begin(), t_[open + 1].end(),
                           [](char c) { return IsAlnum(c); })) {
      // A designator alone in a group of its own after a citation ("8
      // U.S.C. 1253(a)(1) (c)"): a subsection cited apart, whose level the
      // case lost in reading cannot tell. Never dropped as a description:
      // it sends the request to a person (STATUTE_UNKNOWN).
      Unparsed();
    } else if (!quiet_numbers) {
      for (size_t k : inner) {
        if (HasDigit(t_[k])) {
          Unparsed();
          break;
        }
      }
    }
    return close + 1;
  }

  // Reads t[i, end_). Leftover words go to *left_; the words just before a
  // state or agency citation ("Houston City Code", "ICE Enforcement SOP")
  // are its name and are taken back.
  void Scan(size_t i) {
    size_t run = left_->size();
    while (i < end_) {
      const std::string& tok = t_[i];
      if (tok == kOpen) {
        i = Group(i, false);
        run = left_->size();
        continue;
      }
      if (tok == kList) {
        run = left_->size();
        ++i;
        continue;
      }
      bool named = false;
      size_t next = Step(i, &named);
      if (next > i) {
        if (named) left_->resize(run);
        run = left_->size();
        i = next;
        continue;
      }
      if (!IsFiller(tok)) left_->push_back(i);
      ++i;
    }
  }

  // One citation starting at t[i]: returns the index after it, or i when
  // t[i] starts none. Sets *named for a state or agency citation, whose
  // name may stand before it.
  size_t Step(size_t i, bool* named) {
    const std::string& tok = t_[i];
    // "8 U.S.C. § 1253(a)(1)", "Twenty-six U.S.C. 7201", "8 C.F.R. Part
    // 241", "8 U.S.C. §§ 1253, 1227"
    if (auto title = TitleAt(i, false);
        title && (At(title->second, kUsc) || At(title->second, kCfr))) {
      CodeKind code = At(title->second, kCfr) ? CodeKind::kCfr : CodeKind::kUsc;
      return Body(title->second + 1, Source::Title(code, title->first));
    }
    // "Title 8, United States Code, Section 1325(a)"; "Title 8 Section
    // 1253"; "Title XXVI"
    if (tok == "TITLE") {
      auto title = TitleAt(i + 1, true);
      if (!title) return i;
      size_t j = SkipList(title->second);
      CodeKind code = CodeKind::kUsc;
      if (At(j, kUsc) || At(j, kCfr)) {
        code = At(j, kCfr) ? CodeKind::kCfr : CodeKind::kUsc;
        j = SkipList(j + 1);
      }
      return Body(j, Source::Title(code, title->first));
    }
    // "U.S.C. Title 8 Section 1253"; "Code of Federal Regulations, Title 8,
    // Part 241"; a code named with no title: a regulation cited is a
    // regulation, "U.S.C." alone resolves nothing.
    if (tok == kUsc || tok == kCfr) {
      CodeKind code = tok == kCfr ? CodeKind::kCfr : CodeKind::kUsc;
      size_t j = SkipList(i + 1);
      if (At(j, "TITLE")) {
        if (auto title = TitleAt(j + 1, true)) {
          return Body(SkipList(title->second),
                      Source::Title(code, title->first));
        }
      }
      if (code == CodeKind::kCfr) {
        Citation c;
        c.code = CodeKind::kCfr;
        Push(std::move(c));
      } else {
        Unparsed();
      }
      return i + 1;
    }
    // "INA § 237(a)", "INA section 276"
    if (tok == kIna) return Body(SkipList(i + 1), Source::Ina());
    // "I.R.C. § 7201", "Internal Revenue Code", "the Tax Code"
    if (tok == kIrc) {
      return Body(SkipList(i + 1), Source::Title(CodeKind::kUsc, 26));
    }
    // "Section 1253 of Title 8 [U.S.C.]", "Sections 1253 and 1326 of Title
    // 8", "Section 276 of the INA", "Section 7201 of the Internal Revenue
    // Code"
    if (tok == kSec && i + 1 < end_ && IsSectionToken(t_[i + 1])) {
      // A group inside the list may hold a list of its own: keep ours.
      std::vector<std::string> outer;
      outer.swap(pending_);
      size_t j = Sections(i + 1, Source::Deferred());
      std::vector<std::string> sections;
      sections.swap(pending_);
      pending_.swap(outer);
      if (At(j, "OF")) {
        size_t k = At(j + 1, "THE") ? j + 2 : j + 1;
        std::optional<Source> src;
        size_t end = k;
        if (At(k, "TITLE")) {
          if (auto title = TitleAt(k + 1, true)) {
            CodeKind code = CodeKind::kUsc;
            end = title->second;
            size_t c = SkipList(end);
            if (At(c, kUsc) || At(c, kCfr)) {
              code = At(c, kCfr) ? CodeKind::kCfr : CodeKind::kUsc;
              end = c + 1;
            }
            src = Source::Title(code, title->first);
          }
        } else if (At(k, kIna)) {
          src = Source::Ina();
          end = k + 1;
        } else if (At(k, kIrc)) {
          src = Source::Title(CodeKind::kUsc, 26);
          end = k + 1;
        }
        if (src) {
          for (const auto& s : sections) Emit(*src, s);
          return end;
        }
      }
      // A section of no code: not a citation this parser can resolve.
      Unparsed();
      return j;
    }
    // "et seq.": the sections after the one cited, which the table cannot
    // enumerate (STATUTE_UNKNOWN).
    if (tok == kEtSeq) {
      Unparsed();
      return i + 1;
    }
    // State and local law ("Tex. Penal Code 38.04", "Arizona SB 1070",
    // "720 ILCS 5/16-1").
    bool state = IsStateCodeAcronym(tok);
    if (!state && (IsStateName(tok) || OpensLocalCode(tok))) {
      for (size_t k = i + 1; k < end_ && k <= i + 3; ++k) {
        // "state law enforcement" names no law.
        if (IsStateCodeWord(t_[k]) &&
            !(t_[k] == "LAW" && At(k + 1, "ENFORCEMENT"))) {
          state = true;
        }
      }
    }
    // Agency policies, directives, memoranda, regulations, procedures,
    // executive orders.
    bool policy = IsPolicyWord(tok) || tok == "EO" ||
                  (tok == "EXECUTIVE" && At(i + 1, "ORDER"));
    if (state || policy) {
      Citation c;
      c.code = state ? CodeKind::kState : CodeKind::kPolicy;
      Push(std::move(c));
      last_src_ = Source{};  // "(38.04)" after it is no federal section
      *named = true;
      return SkipToFederal(i + 1);
    }
    return i;
  }

  const Tokens& t_;
  const std::vector<size_t>& match_;
  const InaMap& ina_;
  const bool designator_case_;
  size_t end_;                           // end of the range being read
  std::vector<size_t>* left_ = nullptr;  // leftover tokens of that range
  Source last_src_;                      // the code cited last
  std::string last_section_;             // the section cited last
  std::vector<std::string> last_subs_;   // and its subsections
  std::vector<std::string> pending_;     // sections of a deferred list
  size_t expanded_ = 0;                  // subsections expanded from ranges
  std::vector<Citation> out_;
};

// Used by StatuteTable::Parse for table rows; a row is one section, never a
// range.
bool ParseSection(std::string_view t, bool allow_dot, std::string* section,
                  std::string* subsections) {
  SectionRef r;
  if (!ParseSectionRef(t, allow_dot, &r) || !r.to_subs.empty() ||
      !r.to_section.empty()) {
    return false;
  }
  *section = r.section;
  *subsections = UpperSubsections(r.subs);
  return true;
}

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
  Lexed lexed = RawTokens(text);
  Tokens split;
  split.reserve(lexed.tokens.size());
  for (const auto& t : lexed.tokens) SplitGlued(t, &split);
  Tokens t = ReplacePhrases(split);
  std::vector<size_t> match = PairBrackets(&t);
  if (t.empty()) return {};
  return Scanner(t, match, ina_, lexed.designator_case).Run();
}

std::optional<Citation> StatuteTable::ParseCitation(
    std::string_view text) const {
  auto all = ParseCitations(text);
  if (all.empty() || all[0].code == CodeKind::kUnparsed) return std::nullopt;
  return all[0];
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
