// Tables: the reference data normalization runs on, passed in as a value.
//
// The pure functions of this module (names, addresses) read only a Tables;
// nothing is loaded behind the caller's back. BuildTables parses one from
// the bytes of the data folder's files (read by the ruleset's loader,
// ruleset/ruleset.h); tests may build one by hand. Every map key and value
// is folded upper-case ASCII.
//
// Immutable after construction; share one instance (shared_ptr<const>)
// between threads.
#ifndef TAXGATE_NORMALIZE_TABLES_H_
#define TAXGATE_NORMALIZE_TABLES_H_

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/input_files.h"
#include "common/status.h"
#include "normalize/nickname.h"
#include "normalize/usps.h"

namespace taxgate::normalize {

struct Tables {
  // The USPS vocabulary the maps below are made from; the address check of
  // the statute rules reads the same one.
  UspsVocabulary usps;
  // Name particles as token lists, longest first ({"DE","LA"} before {"DE"}).
  std::vector<std::vector<std::string>> particles;
  NicknameTable nicknames;
  // Street suffix variant -> USPS standard abbreviation (AVENUE -> AVE).
  std::unordered_map<std::string, std::string> street_suffixes;
  // Directional word or abbreviation -> abbreviation (NORTH -> N, N -> N).
  std::unordered_map<std::string, std::string> directionals;
  // Secondary unit designator or abbreviation -> abbreviation (APARTMENT ->
  // APT), plus the informal forms APTS, NO, NUMBER -> the closest one.
  std::unordered_map<std::string, std::string> unit_designators;
  // State name or code -> USPS code (TEXAS -> TX, TX -> TX).
  std::unordered_map<std::string, std::string> states;
  // Spanish street-name prefix -> abbreviation (CALLE -> CLL).
  std::unordered_map<std::string, std::string> spanish_street_prefixes;
  // Surnames known to the Census lists (to tell DELGADO from DEL + GADO).
  std::unordered_set<std::string> known_surnames;
};

// The files BuildTables reads besides kUspsFiles, by their names under the
// data folder.
inline constexpr const char* kNameFiles[] = {
    "reference/name_particles.csv", "reference/nicknames.csv",
    "spanish_hypocorisms.csv", "reference/census2000_surnames_top50000.csv",
    "reference/census_spanish_surnames.csv"};

// Parses the tables from `files` (kUspsFiles and kNameFiles).
// Errors: NotFound naming a file that was not read; InvalidArgument naming
// the file, line and column of a malformed row.
Result<Tables> BuildTables(const InputFiles& files);

}  // namespace taxgate::normalize

#endif  // TAXGATE_NORMALIZE_TABLES_H_
