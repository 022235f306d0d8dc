// Text helpers for generated names and addresses: UTF-8 aware case changes
// for Latin-1 letters (the accented letters of Spanish names), accent
// stripping, title case with Spanish particles, typing errors, ordinals.
// Pure functions apart from the Rng they are given; thread-safe.
#ifndef TAXGATE_SYNTH_TEXT_UTIL_H_
#define TAXGATE_SYNTH_TEXT_UTIL_H_

#include <initializer_list>
#include <string>
#include <string_view>

#include "synth/rng.h"

namespace taxgate::synth {

// Upper case of ASCII letters and of the Latin-1 letters U+00E0..U+00FE
// (written as C3 xx in UTF-8); other bytes unchanged.
std::string Utf8Upper(std::string_view s);
// Lower case, the inverse of Utf8Upper.
std::string Utf8Lower(std::string_view s);
// Title case: the first letter of each word (after a space, hyphen,
// apostrophe or period) upper, the rest lower; "MCDONALD" -> "McDonald";
// words that open with a digit keep their letters ("3B") unless they are
// ordinals ("5TH" -> "5th"). With `lower_particles`, the particles de, del,
// la, las, los, y, da, dos, van, von ... are lower case except as the first
// word ("DE LA CRUZ RUIZ" -> "De la Cruz Ruiz").
std::string TitleCase(std::string_view s, bool lower_particles = false);
// Replaces Latin-1 accented letters by their base ASCII letter ("PEÑA" ->
// "PENA", "Núñez" -> "Nunez").
std::string StripAccents(std::string_view s);
// True if `s` holds a byte >= 0x80.
bool HasNonAscii(std::string_view s);
// Applies `edits` random one-character edits (substitution by a neighbour on
// the keyboard, deletion, insertion, transposition of two neighbours) to
// ASCII letters of `s`; multi-byte characters are never split. Returns `s`
// unchanged when it has fewer than 3 ASCII letters.
std::string Typo(Rng& rng, std::string_view s, int edits = 1);
// Swaps two adjacent digits that differ; unchanged if there are none.
std::string TransposeDigits(Rng& rng, std::string_view digits);
// "1ST", "2ND", "3RD", "4TH", "11TH", "21ST" (upper case).
std::string Ordinal(int n);
// The parts joined, in one allocation.
std::string Concat(std::initializer_list<std::string_view> parts);
// `n` in decimal, left-padded with zeros to `width`.
std::string ZeroPad(int64_t n, int width);

}  // namespace taxgate::synth

#endif  // TAXGATE_SYNTH_TEXT_UTIL_H_
