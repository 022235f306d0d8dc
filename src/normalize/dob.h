// Dates of birth: parsing and the comparison levels the matcher uses.
//
// CompareDob tells apart the errors clerks make: the same date; day and
// month swapped (1980-03-04 vs 1980-04-03); one digit mistyped or two
// adjacent digits transposed in YYYYMMDD; the same year only; anything else.
// Pure, thread-safe.
#ifndef TAXGATE_NORMALIZE_DOB_H_
#define TAXGATE_NORMALIZE_DOB_H_

#include <optional>
#include <string_view>

#include "common/date.h"

namespace taxgate::normalize {

enum class DobMatch {
  kExact,
  kDayMonthSwap,
  kOneDigit,  // one digit differs, or two adjacent digits swapped
  kSameYear,
  kDifferent,
};

const char* DobMatchName(DobMatch m);  // "exact", "day_month_swap", ...

// "YYYY-MM-DD" (also "YYYYMMDD" and "YYYY/MM/DD"); nullopt when not a
// calendar date.
std::optional<Date> ParseDob(std::string_view s);

DobMatch CompareDob(const Date& a, const Date& b);

}  // namespace taxgate::normalize

#endif  // TAXGATE_NORMALIZE_DOB_H_
