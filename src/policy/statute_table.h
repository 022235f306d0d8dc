// Statute citations and the statute table.
//
// Agencies cite their authority in many forms and often several at once
// ("8 U.S.C. § 1253(a)(1)", "8 USC s 1227(a)", "8 U. S. C. Sect. 1227",
// "Title 8, United States Code, Section 1325(a)", "Section 1253 of Title 8",
// "8 U.S.C. §§ 1253, 1227", "INA § 237", "I.R.C. § 7201", "8 C.F.R. 241.4",
// "Tex. Penal Code § 38.04", "ICE Policy Directive 11064.3"). The field is
// read through the text layer (text/text.h) and then parsed, not split
// blindly: ParseCitations finds every citation in it, separated by ';', ',',
// "and", "or", '&', '/', line breaks or a "§§" list, while the commas of one
// citation ("Title 8, United States Code, Section 1325(a)") do not make it
// several. A description in parentheses ("(illegal reentry)") is not part
// of a citation; subsections in parentheses ("(a)(1)") are. Immigration and
// Nationality Act sections stand for their Title 8 sections ("INA § 237" is
// 8 U.S.C. 1227) through the table's `ina` column; "I.R.C." and "Internal
// Revenue Code" are Title 26.
//
// StatuteTable says what kind of law a parsed citation is, from a data file
// counsel maintains (config/statutes.csv: title,section,kind,description
// and an optional ina column). Nothing is guessed (LAW.md, STATUTE_UNKNOWN):
// a U.S.C. citation the table does not list is kUnknown, whatever its
// title; a section whose subsections differ in kind (kind "mixed": 8 U.S.C.
// 1253, where (a) is criminal and (c) civil) cited without a subsection
// that resolves it is kUnknown; text with a number that is no citation is
// kUnknown. Regulations (C.F.R.), agency policies (directives, memoranda,
// executive orders) and state or local law are never federal criminal
// statutes.
//
// Table rows: `section` is a section number as the Code writes it ("1253",
// "1229a", "1028A"; compared case-insensitively), optionally with
// subsections ("1253(d)") to override the section's row for that
// subsection (the longest listed prefix wins), or "*" for a whole title.
//
// Thread-safety: a StatuteTable is immutable after Load; share it freely.
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
  // Reads a statutes.csv. Errors (InvalidArgument, naming file and line): a
  // missing column, a bad title, an empty section, a kind other than
  // criminal/civil/regulation/tax_administration/mixed, a row listed twice,
  // an INA section mapped twice; NotFound when the file cannot be opened.
  static Result<StatuteTable> Load(const std::string& path);
  // Same, from CSV text; `name` is used in messages.
  static Result<StatuteTable> FromCsv(const std::string& name,
                                      const std::string& content);

  // Every citation of a statute field, in order (empty when the field holds
  // none; a field with words but no number and no citation gives one
  // kUnparsed citation).
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
