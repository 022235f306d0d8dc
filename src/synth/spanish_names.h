// Spanish naming data the reference lists lack (data/reference/README.md,
// "Not included / gaps"): accented spellings of common names, Spanish
// hypocorisms (Pepe/José, Paco/Francisco, Chuy/Jesús ...), and common
// compound given names (José Luis, María de los Ángeles ...). Small tables
// compiled for this project from general knowledge of Spanish naming; keys
// are upper-case ASCII as in the Census and SSA lists. Thread-safe.
#ifndef TAXGATE_SYNTH_SPANISH_NAMES_H_
#define TAXGATE_SYNTH_SPANISH_NAMES_H_

#include <string_view>
#include <vector>

namespace taxgate::synth {

// The accented upper-case UTF-8 spelling of `upper_ascii` ("JOSE" ->
// "JOSÉ", "NUNEZ" -> "NÚÑEZ"), or "" when the table has none.
std::string_view AccentedForm(std::string_view upper_ascii);

// Spanish hypocorisms of `upper_ascii` ("FRANCISCO" -> {"PACO", "PANCHO"}),
// upper-case ASCII; empty when none.
std::vector<std::string_view> SpanishNicknames(std::string_view upper_ascii);

struct CompoundGivenName {
  std::string_view first;   // "MARIA"
  std::string_view second;  // "DE LOS ANGELES"
  double weight;
};
// Common compound given names for one sex.
const std::vector<CompoundGivenName>& CompoundGivenNames(bool female);

// Street-name words for Spanish streets ("REAL", "DEL SOL", "LAS FLORES").
const std::vector<std::string_view>& SpanishStreetNames();

}  // namespace taxgate::synth

#endif  // TAXGATE_SYNTH_SPANISH_NAMES_H_
