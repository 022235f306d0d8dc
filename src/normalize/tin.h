// Taxpayer identification numbers (SSN, ITIN): canonical digits and the
// comparison levels of the matcher.
//
// NormalizeTin keeps the digits ("123-45-6789" -> "123456789"); a value
// without 9 digits is kept as its digits (odd TINs are data, not errors) and
// IsWellFormedTin says whether it has the 9-digit shape. CompareTin tells an
// exact match from two adjacent digits swapped and from one digit mistyped.
// Pure, thread-safe.
#ifndef TAXGATE_NORMALIZE_TIN_H_
#define TAXGATE_NORMALIZE_TIN_H_

#include <string>
#include <string_view>

namespace taxgate::normalize {

enum class TinMatch { kExact, kTransposition, kOneDigit, kDifferent };

const char* TinMatchName(TinMatch m);  // "exact", "transposition", ...

std::string NormalizeTin(std::string_view tin);
bool IsWellFormedTin(std::string_view normalized);
// REQUIRES: both normalized and non-empty.
TinMatch CompareTin(std::string_view a, std::string_view b);

}  // namespace taxgate::normalize

#endif  // TAXGATE_NORMALIZE_TIN_H_
