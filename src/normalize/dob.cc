#include "normalize/dob.h"

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
  // The eight digits YYYYMMDD of each date (no formatting: this runs for
  // every compared pair).
  auto digits = [](const Date& d, char* out) {
    int v[3] = {d.year % 10000, d.month % 100, d.day % 100};
    int widths[3] = {4, 2, 2};
    int pos = 0;
    for (int k = 0; k < 3; ++k) {
      int x = v[k] < 0 ? 0 : v[k];
      for (int w = widths[k] - 1; w >= 0; --w) {
        out[pos + w] = static_cast<char>('0' + x % 10);
        x /= 10;
      }
      pos += widths[k];
    }
  };
  char sa[8], sb[8];
  digits(a, sa);
  digits(b, sb);
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
