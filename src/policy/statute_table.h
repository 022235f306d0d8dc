// Statute citations and the statute table.
//
// Agencies cite their authority in many forms and often several at once
// ("8 U.S.C. § 1253(a)(1)", "8 USC s 1227(a)", "8 U. S. C. Sect. 1227",
// "Title 8, United States Code, Section 1325(a)", "Section 1253 of Title 8",
// "8 U.S.C. §§ 1253, 1227", "INA § 237", "I.R.C. § 7201", "8 C.F.R. 241.4",
// "8 C.F.R. Part 241", "Tex. Penal Code § 38.04", "Arizona SB 1070",
// "ICE Policy Directive 11064.3"), and adversaries disguise them. The field
// is read through the text layer (text/text.h: NFKC, look-alikes, digits of
// any script) and then parsed, not split blindly: a lexer makes tokens
// (names of codes and section signs become markers, also when glued to a
// number, "8USC1227", "sec.1227", "8-USC-1227"; list words of several
// languages, "and", "y", "et", "und", "plus", "as well as", become one),
// and a recursive-descent grammar reads citations from them:
//
//  - Lists: citations separated by ';', ',', '/', '&', list words, line
//    breaks or a "§§" list are each judged, while the commas of one
//    citation ("Title 8, United States Code, Section 1325(a)") do not make
//    it several. A bare section after a citation is of the same code
//    ("8 U.S.C. 1326 y 1227").
//  - Titles: digits, words ("Twenty-six U.S.C."), roman numerals after
//    "Title" ("Title XXVI"). A title with no section is a regulation for
//    the C.F.R., Title 26 for "26 U.S.C.", "Title 26", "I.R.C.",
//    "Internal Revenue Code", "the Tax Code", "Internal Revenue laws", and
//    no specific statute (kUnparsed) for any other code.
//  - Subsections: "(a)(1)" after a section is part of it. A range
//    ("(a)-(d)", "(a) through (d)", "(a)(1)-(d)", "1324-1327") stands for
//    every subsection or section in it; designators after a citation
//    ("(b)(2)", "and subsection (c)") stand for another subsection of its
//    section. They go at the deepest level of the last subsection they fit
//    ("(2)" after "(a)(1)" is (a)(2)), the case written deciding ("(c)" is
//    a subsection, "(C)" a subparagraph); when a disguise hides the case,
//    every level they fit is judged. Bounded: a range wider than 64, or
//    more than 1024 expanded in a field, is not guessed (kUnparsed).
//  - Brackets (parentheses, square brackets, braces, full-width and other
//    scripts' brackets, "【 】"): a group holding a citation is judged like
//    the rest of the field ("8 U.S.C. 1326 (see also 8 U.S.C. 1227)"); a
//    bare section in a group is of the code cited before it ("8 U.S.C.
//    1326 (1227)"); a group with no citation is a description ("(illegal
//    reentry)"), unless it holds a number, which is a reference this
//    parser does not know. Unpaired brackets, and brackets nested deeper
//    than 16, are read as separators.
//  - INA sections stand for their Title 8 sections ("INA § 237" is 8 U.S.C.
//    1227) through the table's `ina` column.
//  - State and local law, and agency policies (directives, memoranda,
//    regulations, "SOP", procedures, executive orders), run to the next
//    federal citation; the words just before them are their name ("ICE
//    Enforcement SOP", "Houston City Code", "720 ILCS 5/16-1").
//  - "et seq." cites sections after the one named that the table cannot
//    enumerate: kUnparsed.
//  - Leftover text is never ignored: a number, or a word that is neither a
//    list word nor one of a closed list of offence descriptions ("illegal
//    reentry", "false statements"), is a reference this parser does not
//    know (one kUnparsed citation), and so is a field of words alone.
//
// Every step is linear in the length of the field.
//
// StatuteTable says what kind of law a parsed citation is, from a data file
// counsel maintains (config/statutes.csv: title,section,kind,description
// and an optional ina column). Nothing is guessed (LAW.md, STATUTE_UNKNOWN):
// a U.S.C. citation the table does not list is kUnknown, whatever its
// title; a section whose subsections differ in kind (kind "mixed": 8 U.S.C.
// 1253, where (a) is criminal and (c) civil) cited without a subsection
// that resolves it is kUnknown; text that is no citation (kUnparsed) is
// kUnknown. A subsection the table does not list falls under the row of
// its section ("8 U.S.C. 1326(z)" is criminal, as 1326 is throughout).
// Regulations (C.F.R.), agency policies (directives, memoranda, executive
// orders) and state or local law are never federal criminal statutes.
//
// Table rows: `section` is a section number as the Code writes it ("1253",
// "1229a", "1028A"; compared case-insensitively), optionally with
// subsections ("1253(d)") to override the section's row for that
// subsection (the longest listed prefix wins), or "*" for a whole title.
//
// Thread-safety: a StatuteTable is immutable after FromCsv; share it freely.
#ifndef TAXGATE_POLICY_STATUTE_TABLE_H_
#define TAXGATE_POLICY_STATUTE_TABLE_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace taxgate::policy {

enum class StatuteKind {
  kCriminal,           // a federal criminal statute: (i)(2) may be used
  kCivil,              // a civil provision (removal, deportability, ...)
  kRegulation,         // a regulation (C.F.R.) or an agency policy
  kStateLaw,           // a state or local statute: not federal
  kTaxAdministration,  // Title 26: goes through other routes
  kMixed,              // table only: subsections differ in kind
  kUnknown,            // not in the table, or not a citation at all
};

// "criminal", "civil", "regulation", "state_law", "tax_administration",
// "mixed", "unknown".
const char* StatuteKindName(StatuteKind k);
std::optional<StatuteKind> ParseStatuteKind(std::string_view s);

enum class CodeKind {
  kUsc,       // United States Code (INA and I.R.C. citations land here)
  kCfr,       // Code of Federal Regulations
  kPolicy,    // an agency policy, directive, memorandum, executive order
  kState,     // a state or local code
  kUnparsed,  // text with a number that is no citation this parser knows
};

struct Citation {
  CodeKind code = CodeKind::kUsc;
  int title = 0;                 // 0 for kPolicy, kState, kUnparsed
  std::string section;           // upper case, e.g. "1253", "1229A", "241.4"
  std::string subsections;       // e.g. "(A)(1)" (upper case), may be empty
  std::string ToString() const;  // "8 U.S.C. 1253(A)(1)"
};

struct StatuteEntry {
  int title = 0;
  std::string section;  // as in the file, upper-cased
  StatuteKind kind = StatuteKind::kUnknown;
  std::string description;
};

class StatuteTable {
 public:
  StatuteTable() = default;
  // Parses a statutes.csv from its text; `name` is used in messages.
  // Errors (InvalidArgument, naming file and line): a missing column, a bad
  // title, an empty section, a kind other than
  // criminal/civil/regulation/tax_administration/mixed, a row listed twice,
  // an INA section mapped twice.
  static Result<StatuteTable> FromCsv(const std::string& name,
                                      const std::string& content);

  // Every citation of a statute field, in order (empty when the field holds
  // no token; text that is no citation, as above, adds one kUnparsed
  // citation at the end).
  std::vector<Citation> ParseCitations(std::string_view text) const;
  // The first citation of `text`, or nullopt (convenience for tests).
  std::optional<Citation> ParseCitation(std::string_view text) const;

  // The kind of a parsed citation: kRegulation for kCfr and kPolicy,
  // kStateLaw for kState, kUnknown for kUnparsed; for kUsc the row of
  // (title, longest listed section+subsection prefix), else the title's "*"
  // row, else kUnknown; a kMixed row gives kUnknown.
  StatuteKind Classify(const Citation& c) const;
  // The kinds of every citation of `text` (ParseCitations, then Classify).
  std::vector<StatuteKind> ClassifyAll(std::string_view text) const;
  // The kind of the first citation of `text`; kUnknown when there is none.
  StatuteKind ClassifyText(std::string_view text) const;

  size_t size() const { return entries_.size(); }

 private:
  static Result<StatuteTable> Parse(const std::string& name,
                                    const std::string& content);
  // key: title + ":" + section (upper case)
  std::map<std::string, StatuteEntry> entries_;
  // INA section (upper case) -> Title 8 section ("237" -> "1227").
  std::map<std::string, std::string, std::less<>> ina_;
};

}  // namespace taxgate::policy

#endif  // TAXGATE_POLICY_STATUTE_TABLE_H_
