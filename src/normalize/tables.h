// Tables: the reference data normalization runs on, passed in as a value.
//
// The pure functions of this module (names, addresses) read only a Tables;
// nothing is loaded behind the caller's back. LoadTables (tables_loader.h)
// fills one from the repository's data/ folder; tests may build one by hand.
// Every map key and value is folded upper-case ASCII.
//
// Immutable after construction; share one instance (shared_ptr<const>)
// between threads.
#ifndef TAXGATE_NORMALIZE_TABLES_H_
#define TAXGATE_NORMALIZE_TABLES_H_

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "normalize/nickname.h"

namespace taxgate::normalize {

struct Tables {
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

}  // namespace taxgate::normalize

#endif  // TAXGATE_NORMALIZE_TABLES_H_
