// Person names in the canonical form the matcher compares.
//
// ParseName folds every part to upper-case ASCII (ICU: accents, other
// scripts), removes punctuation and splits:
//  - given names: the tokens of first_name then middle_name; particles
//    inside a compound given name are dropped from the tokens but kept in
//    `given_phrase` ("MARIA DE LOS ANGELES" -> given {MARIA, ANGELES},
//    first MARIA, middle ANGELES);
//  - surnames: Hispanic two-surname forms ("GARCIA LOPEZ", "Garcia-Lopez",
//    "de la Cruz Ruiz", "Ortega y Gasset") become surname units with
//    particles and the conjunction Y/E removed: {GARCIA, LOPEZ},
//    {CRUZ, RUIZ}, {ORTEGA, GASSET}. A particle glued to a known surname
//    ("DELACRUZ", "VANBUREN") adds the bare surname as an alternative unit.
// Either surname order, or one surname dropped, then still shares a unit.
//
// Pure; reads only `tables`. Thread-safe.
#ifndef TAXGATE_NORMALIZE_NAME_H_
#define TAXGATE_NORMALIZE_NAME_H_

#include <string>
#include <string_view>
#include <vector>

#include "normalize/tables.h"

namespace taxgate::normalize {

struct ParsedName {
  std::vector<std::string> given;     // given-name tokens, particles removed
  std::string first;                  // given[0], or "" when none
  std::string middle;                 // given[1..] joined by ' '
  std::string given_phrase;           // all given words incl. particles, ' '
  std::vector<std::string> surnames;  // surname units in written order
  std::vector<std::string> alt_surnames;  // de-glued alternatives
  std::string surname_full;  // units joined without spaces ("CRUZRUIZ")
};

ParsedName ParseName(std::string_view first_name, std::string_view middle_name,
                     std::string_view last_name, const Tables& tables);

// Removes particles from a token list (a particle is removed only when a
// non-particle token follows it). Exposed for tests.
std::vector<std::string> DropParticles(const std::vector<std::string>& tokens,
                                       const Tables& tables);

}  // namespace taxgate::normalize

#endif  // TAXGATE_NORMALIZE_NAME_H_
