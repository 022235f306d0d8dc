// String similarity measures used by the comparison levels.
//
// Jaro and Jaro-Winkler (Winkler's prefix scale 0.1, prefix up to 4, applied
// whatever the Jaro score, as Splink and the jellyfish library do) and the
// Damerau-Levenshtein distance in its optimal-string-alignment form (adjacent
// transpositions count 1; no substring is edited twice). Byte-wise: callers
// pass folded ASCII. Pure, thread-safe, no heap allocation for strings up to
// 64 bytes.
#ifndef TAXGATE_NORMALIZE_STRING_SIMILARITY_H_
#define TAXGATE_NORMALIZE_STRING_SIMILARITY_H_

#include <string_view>

namespace taxgate::normalize {

// 1.0 for equal strings (two empty strings included), 0.0 when one is empty
// or nothing matches.
double Jaro(std::string_view a, std::string_view b);
double JaroWinkler(std::string_view a, std::string_view b);
// Edits (insert, delete, substitute, swap two adjacent) from a to b.
int DamerauLevenshtein(std::string_view a, std::string_view b);

}  // namespace taxgate::normalize

#endif  // TAXGATE_NORMALIZE_STRING_SIMILARITY_H_
