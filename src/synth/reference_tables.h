// ReferenceTables: the reference lists under <data_dir>/reference/ that the
// synthesizer draws from (data/reference/README.md describes each file):
// Census 2000 surnames with their Hispanic share, the Census Spanish surname
// list, SSA first names with counts by sex, Hispanic given names (Tzioumis,
// p_hispanic >= 0.5), name particles, English nicknames, and the USPS
// street suffixes, secondary unit designators, directionals and Spanish
// street prefixes. Names are upper-case ASCII as in the files.
//
// Loaded once, then read-only: safe to share between threads.
#ifndef TAXGATE_SYNTH_REFERENCE_TABLES_H_
#define TAXGATE_SYNTH_REFERENCE_TABLES_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace taxgate::synth {

struct SurnameRow {
  std::string name;
  double count = 0;
  double pct_hispanic = -1;  // -1 when the Census suppressed it
};

struct FirstNameRow {
  std::string name;
  double count = 0;
  double count_female = 0;
  double count_male = 0;
  double count_1940_2023 = 0;
};

struct SuffixRow {
  std::string primary_name;           // "AVENUE"
  std::string variant;                // "AVEN"
  std::string standard_abbreviation;  // "AVE"
};

struct UnitRow {
  std::string designator;    // "APARTMENT"
  std::string abbreviation;  // "APT", "#"
  bool requires_range = true;
};

struct ReferenceTables {
  std::vector<SurnameRow> surnames;
  std::vector<std::string> spanish_surnames;  // sorted
  std::vector<FirstNameRow> first_names;
  std::vector<std::string> hispanic_first_names;  // sorted
  std::vector<std::string> particles;             // "DE", "DE LA", ...
  // (name, nickname), sorted by name then nickname.
  std::vector<std::pair<std::string, std::string>> nicknames;
  std::vector<SuffixRow> suffixes;
  std::vector<UnitRow> units;
  std::vector<std::pair<std::string, std::string>> directionals;  // en only
  std::vector<std::pair<std::string, std::string>> spanish_street_prefixes;

  // Reads every list from `data_dir`/reference/.
  // Errors: NotFound naming the missing file; InvalidArgument when a file
  // lacks a required column or is empty.
  static Result<ReferenceTables> Load(const std::string& data_dir);

  bool IsSpanishSurname(std::string_view upper) const;
  bool IsHispanicFirstName(std::string_view upper) const;
  // Nicknames of `upper_name` from nicknames.csv (empty when none).
  std::vector<std::string_view> NicknamesOf(std::string_view upper_name) const;
};

}  // namespace taxgate::synth

#endif  // TAXGATE_SYNTH_REFERENCE_TABLES_H_
