#include "normalize/dob.h"

#include <cstdio>
#include <string>

#include "common/strings.h"

namespace taxgate::normalize {

const char* DobMatchName(DobMatch m) {
  switch (m) {
    case DobMatch::kExact:
      return "exact";
    case DobMatch::kDayMonthSwap:
      return "day_month_swap";
    case DobMatch::kOneDigit:
      return "one_digit";
    case DobMatch::kSameYear:
      return "same_year";
    case DobMatch::kDifferent:
      return "different";
  }
  return "different";
}

std::optional<Date> ParseDob(std::string_view s) {
  s = Trim(s);
  if (auto d = ParseIsoDate(s)) return d;
  std::string digits = DigitsOnly(s);
  if (digits.size() != 8 || (s.size() != 8 && s.size() != 10)) {
    return std::nullopt;
  }
  int y = std::stoi(digits.substr(0, 4));
  int m = std::stoi(digits.substr(4, 2));
  int d = std::stoi(digits.substr(6, 2));
  if (!IsValidDate(y, m, d)) return std::nullopt;
  return Date{y, m, d};
}

DobMatch CompareDob(const Date& a, const Date& b) {
  if (a == b) return DobMatch::kExact;
  if (a.year == b.year && a.month == b.day && a.day == b.month) {
    return DobMatch::kDayMonthSwap;
  }
  char sa[16], sb[16];
  std::snprintf(sa, sizeof sa, "%04d%02d%02d", a.year % 10000, a.month % 100,
                a.day % 100);
  std::snprintf(sb, sizeof sb, "%04d%02d%02d", b.year % 10000, b.month % 100,
                b.day % 100);
  int diffs = 0, first = -1, second = -1;
  for (int i = 0; i < 8; ++i) {
    if (sa[i] != sb[i]) {
      if (diffs == 0) first = i;
      if (diffs == 1) second = i;
      ++diffs;
    }
  }
  if (diffs == 1) return DobMatch::kOneDigit;
  if (diffs == 2 && second == first + 1 && sa[first] == sb[second] &&
      sa[second] == sb[first]) {
    return DobMatch::kOneDigit;
  }
  if (a.year == b.year) return DobMatch::kSameYear;
  return DobMatch::kDifferent;
}

}  // namespace taxgate::normalize
