// Statute citations and the statute table.
//
// Agencies cite their authority in many forms ("8 U.S.C. § 1253(a)(1)",
// "8 USC 1253", "Title 8, Section 1253", "Section 1253 of Title 8",
// "8 U.S. Code § 1253", "8 C.F.R. 241.4"). ParseCitation reduces each form to
// (code, title, section, subsections); StatuteTable says what kind of law a
// parsed citation is, from a data file counsel maintains
// (config/statutes.csv: title,section,kind,description).
//
// Nothing is guessed (LAW.md, STATUTE_UNKNOWN): a U.S.C. citation the table
// does not list is kUnknown, whatever its title. Regulations (C.F.R.) and
// agency policies (directives, memoranda, executive orders) are never
// criminal statutes and are classified kRegulation without a lookup.
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
  kTaxAdministration,  // Title 26: goes through other routes
  kUnknown,            // not in the table, or not a citation at all
};

// "criminal", "civil", "regulation", "tax_administration", "unknown".
const char* StatuteKindName(StatuteKind k);
std::optional<StatuteKind> ParseStatuteKind(std::string_view s);

enum class CodeKind {
  kUsc,     // United States Code
  kCfr,     // Code of Federal Regulations
  kPolicy,  // an agency policy, directive, memorandum, executive order
};

struct Citation {
  CodeKind code = CodeKind::kUsc;
  int title = 0;                 // 0 for kPolicy
  std::string section;           // upper case, e.g. "1253", "1229A", "241.4"
  std::string subsections;       // e.g. "(A)(1)" (upper case), may be empty
  std::string ToString() const;  // "8 U.S.C. 1253(A)(1)"
};

// Parses one citation. Returns nullopt when the text is not recognizably a
// U.S.C. or C.F.R. citation nor an agency policy (e.g. "immigration law").
std::optional<Citation> ParseCitation(std::string_view text);

// Splits a statute field citing several authorities ("8 U.S.C. 1326;
// 18 U.S.C. 1546") on ';'. Empty pieces are dropped.
std::vector<std::string> SplitCitations(std::string_view text);

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
  // criminal/civil/regulation/tax_administration, a row listed twice;
  // NotFound when the file cannot be opened.
  static Result<StatuteTable> Load(const std::string& path);
  // Same, from CSV text; `name` is used in messages.
  static Result<StatuteTable> FromCsv(const std::string& name,
                                      const std::string& content);

  // The kind of a parsed citation: kRegulation for kCfr and kPolicy; for
  // kUsc the row of (title, longest listed section+subsection prefix), else
  // the title's "*" row, else kUnknown.
  StatuteKind Classify(const Citation& c) const;
  // ParseCitation then Classify; kUnknown when the text does not parse.
  StatuteKind ClassifyText(std::string_view text) const;

  size_t size() const { return entries_.size(); }

 private:
  static Result<StatuteTable> Parse(const std::string& name,
                                    const std::string& content);
  // key: title + ":" + section (upper case)
  std::map<std::string, StatuteEntry> entries_;
};

}  // namespace taxgate::policy

#endif  // TAXGATE_POLICY_STATUTE_TABLE_H_
