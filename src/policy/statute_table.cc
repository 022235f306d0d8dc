#include "policy/statute_table.h"

#include <cctype>
#include <memory>

#include "common/csv_reader.h"
#include "common/file_util.h"
#include "common/strings.h"

namespace taxgate::policy {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

// Upper case; '§' and separators become spaces; a period is kept only
// between two digits (CFR sections "241.4"), so "U.S.C." becomes "USC".
std::string NormalizeCitationText(std::string_view in) {
  std::string s;
  s.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(in[i]);
    if (c == 0xC2 && i + 1 < in.size() &&
        static_cast<unsigned char>(in[i + 1]) == 0xA7) {  // U+00A7 '§'
      s += ' ';
      ++i;
    } else if (c == '.') {
      bool between_digits = i > 0 && IsDigit(in[i - 1]) && i + 1 < in.size() &&
                            IsDigit(in[i + 1]);
      if (between_digits) s += '.';
    } else if (c == ',' || c == ';' || c == ':' || c == '\t') {
      s += ' ';
    } else if (c < 0x80) {
      s += static_cast<char>(std::toupper(c));
    } else {
      s += ' ';  // other non-ASCII text carries nothing a citation needs
    }
  }
  return s;
}

// Splits "8USC1253" into "8", "USC", "1253".
void SplitGluedMarkers(std::vector<std::string>* tokens) {
  std::vector<std::string> out;
  for (const auto& t : *tokens) {
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
  *tokens = std::move(out);
}

// Replaces spelled-out code names by the markers USC and CFR.
void ReplacePhrases(std::vector<std::string>* tokens) {
  struct Phrase {
    std::vector<std::string_view> words;
    std::string_view marker;
  };
  static const std::vector<Phrase> kPhrases = {
      {{"UNITED", "STATES", "CODE", "ANNOTATED"}, "USC"},
      {{"UNITED", "STATES", "CODE"}, "USC"},
      {{"U", "S", "CODE"}, "USC"},
      {{"US", "CODE"}, "USC"},
      {{"U", "S", "C", "A"}, "USC"},
      {{"U", "S", "C"}, "USC"},
      {{"USCA"}, "USC"},
      {{"USCS"}, "USC"},
      {{"CODE", "OF", "FEDERAL", "REGULATIONS"}, "CFR"},
      {{"C", "F", "R"}, "CFR"},
  };
  std::vector<std::string> out;
  const auto& t = *tokens;
  for (size_t i = 0; i < t.size();) {
    bool matched = false;
    for (const auto& p : kPhrases) {
      if (i + p.words.size() > t.size()) continue;
      bool all = true;
      for (size_t k = 0; k < p.words.size() && all; ++k) {
        all = t[i + k] == p.words[k];
      }
      if (all) {
        out.emplace_back(p.marker);
        i += p.words.size();
        matched = true;
        break;
      }
    }
    if (!matched) out.push_back(t[i++]);
  }
  *tokens = std::move(out);
}

// Tokens of a citation; a token opening with '(' is glued to the one before
// ("1253 (a)(1)" -> "1253(A)(1)").
std::vector<std::string> Tokens(std::string_view text) {
  std::vector<std::string> raw = SplitWords(NormalizeCitationText(text));
  std::vector<std::string> tokens;
  for (auto& t : raw) {
    if (!tokens.empty() && t[0] == '(') {
      tokens.back() += t;
    } else {
      tokens.push_back(std::move(t));
    }
  }
  SplitGluedMarkers(&tokens);
  ReplacePhrases(&tokens);
  return tokens;
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
// Trailing '-', ')' or '.' debris is tolerated only after a whole section.
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
      if (!IsDigit(t[k]) && !IsUpper(t[k])) return false;
    }
    i = close + 1;
  }
  *subsections = std::string(t.substr(sub_begin, i - sub_begin));
  // Anything else must be harmless trailing punctuation.
  for (; i < t.size(); ++i) {
    if (t[i] != '-' && t[i] != ')') return false;
  }
  return true;
}

bool IsSectionWord(std::string_view t) {
  return t == "SEC" || t == "SECTION" || t == "SECTIONS" || t == "SECS" ||
         t == "SS" || t == "PART" || t == "PT";
}

std::optional<Citation> MakeCitation(CodeKind code, int title,
                                     std::string_view section_token) {
  int max_title = code == CodeKind::kUsc ? 54 : 50;
  if (title < 1 || title > max_title) return std::nullopt;
  Citation c;
  c.code = code;
  c.title = title;
  if (!ParseSection(section_token, code == CodeKind::kCfr, &c.section,
                    &c.subsections)) {
    return std::nullopt;
  }
  return c;
}

// The first token at or after `i` that is not a section word.
size_t SkipSectionWords(const std::vector<std::string>& t, size_t i) {
  while (i < t.size() && IsSectionWord(t[i])) ++i;
  return i;
}

bool IsPolicyWord(std::string_view t) {
  static const std::vector<std::string_view> kWords = {
      "POLICY",     "POLICIES", "DIRECTIVE", "DIRECTIVES",
      "MEMORANDUM", "MEMO",     "GUIDANCE",  "MOU",
      "MOA",        "MANUAL",   "HANDBOOK",  "GUIDELINES",
      "GUIDELINE",  "PROTOCOL", "BULLETIN",  "INSTRUCTION"};
  for (auto w : kWords) {
    if (t == w) return true;
  }
  return false;
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
    case StatuteKind::kTaxAdministration:
      return "tax_administration";
    case StatuteKind::kUnknown:
      return "unknown";
  }
  return "unknown";
}

std::optional<StatuteKind> ParseStatuteKind(std::string_view s) {
  for (StatuteKind k :
       {StatuteKind::kCriminal, StatuteKind::kCivil, StatuteKind::kRegulation,
        StatuteKind::kTaxAdministration, StatuteKind::kUnknown}) {
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
  }
  return "";
}

std::optional<Citation> ParseCitation(std::string_view text) {
  std::vector<std::string> t = Tokens(text);
  if (t.empty()) return std::nullopt;
  // "[Title] 8 U.S.C. [§|Section] 1253(a)(1)", "8 C.F.R. 241.4"
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] != "USC" && t[i] != "CFR") continue;
    CodeKind code = t[i] == "USC" ? CodeKind::kUsc : CodeKind::kCfr;
    if (i > 0) {
      auto title = ParseTitle(t[i - 1]);
      size_t s = SkipSectionWords(t, i + 1);
      if (title && s < t.size()) {
        if (auto c = MakeCitation(code, *title, t[s])) return c;
      }
    }
    // "Section 1253 of Title 8 U.S.C." is handled below; "U.S.C. Title 8
    // Section 1253" here.
    if (i + 2 < t.size() && t[i + 1] == "TITLE") {
      auto title = ParseTitle(t[i + 2]);
      size_t s = SkipSectionWords(t, i + 3);
      if (title && s < t.size()) {
        if (auto c = MakeCitation(code, *title, t[s])) return c;
      }
    }
  }
  // "Title 8, Section 1253" (the U.S.C. is implied)
  for (size_t i = 0; i + 1 < t.size(); ++i) {
    if (t[i] != "TITLE") continue;
    auto title = ParseTitle(t[i + 1]);
    if (!title) continue;
    size_t j = i + 2;
    if (j < t.size() && (t[j] == "USC" || t[j] == "CFR")) continue;
    if (j < t.size() && IsSectionWord(t[j])) {
      size_t s = SkipSectionWords(t, j);
      if (s < t.size()) {
        if (auto c = MakeCitation(CodeKind::kUsc, *title, t[s])) return c;
      }
    }
  }
  // "Section 1253 of Title 8 [U.S.C.|C.F.R.]"
  for (size_t i = 0; i + 4 < t.size(); ++i) {
    if (!IsSectionWord(t[i])) continue;
    if (t[i + 2] != "OF" || t[i + 3] != "TITLE") continue;
    auto title = ParseTitle(t[i + 4]);
    if (!title) continue;
    CodeKind code = (i + 5 < t.size() && t[i + 5] == "CFR") ? CodeKind::kCfr
                                                            : CodeKind::kUsc;
    if (auto c = MakeCitation(code, *title, t[i + 1])) return c;
  }
  // Agency policies, directives, memoranda, executive orders.
  for (size_t i = 0; i < t.size(); ++i) {
    bool executive_order =
        t[i] == "EXECUTIVE" && i + 1 < t.size() && t[i + 1] == "ORDER";
    if (IsPolicyWord(t[i]) || executive_order) {
      Citation c;
      c.code = CodeKind::kPolicy;
      return c;
    }
  }
  return std::nullopt;
}

std::vector<std::string> SplitCitations(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& piece : Split(text, ';')) {
    std::string_view p = Trim(piece);
    if (!p.empty()) out.emplace_back(p);
  }
  return out;
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
                                                  {"description"}));
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
    if (!kind || *kind == StatuteKind::kUnknown) {
      return Status::InvalidArgument(
          where + "column 'kind': got '" + std::string(cols.Get(row, "kind")) +
          "', want criminal, civil, regulation or tax_administration");
    }
    e.kind = *kind;
    e.description = std::string(cols.Get(row, "description"));
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
  if (c.code != CodeKind::kUsc) return StatuteKind::kRegulation;
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
    if (found != entries_.end()) return found->second.kind;
  }
  auto whole = entries_.find(std::to_string(c.title) + ":*");
  if (whole != entries_.end()) return whole->second.kind;
  return StatuteKind::kUnknown;
}

StatuteKind StatuteTable::ClassifyText(std::string_view text) const {
  auto c = ParseCitation(text);
  return c ? Classify(*c) : StatuteKind::kUnknown;
}

}  // namespace taxgate::policy
