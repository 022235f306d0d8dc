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

#include <cstdint>
#include <string_view>

namespace taxgate::normalize {

// 1.0 for equal strings (two empty strings included), 0.0 when one is empty
// or nothing matches.
double Jaro(std::string_view a, std::string_view b);
double JaroWinkler(std::string_view a, std::string_view b);
// An upper bound of JaroWinkler(a, b) from a cheap count: no more characters
// of `a` can match than there are characters of `a` whose byte occurs in `b`
// at all (and the other way round), and transpositions only lower the score.
double JaroWinklerUpperBound(std::string_view a, std::string_view b);
// JaroWinkler(a, b) when it may reach `floor`, else a value below `floor`
// (the bound). For comparisons that only ask "is it at least t" with
// t >= floor, the answer is the same as JaroWinkler's, and most pairs of
// unrelated strings cost a few nanoseconds instead of a full Jaro.
double JaroWinklerAtLeast(std::string_view a, std::string_view b, double floor);
// The byte classes of `s` as a 64-bit set (byte & 63), for the bound below.
uint64_t ByteClassMask(std::string_view s);
// JaroWinklerAtLeast with the strings' ByteClassMasks known (precomputed
// once per distinct string): first an O(1) bound from the masks and lengths
// (every byte class of `a` absent from `b` costs at least one unmatched
// character), then the counting bound, then the score.
double JaroWinklerAtLeast(std::string_view a, std::string_view b,
                          uint64_t mask_a, uint64_t mask_b, double floor);
// Edits (insert, delete, substitute, swap two adjacent) from a to b.
int DamerauLevenshtein(std::string_view a, std::string_view b);

}  // namespace taxgate::normalize

#endif  // TAXGATE_NORMALIZE_STRING_SIMILARITY_H_
