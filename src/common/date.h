// Civil dates (proleptic Gregorian), without time zones: dates of birth,
// validity dates, the --as-of date. Pure, thread-safe.
#ifndef TAXGATE_COMMON_DATE_H_
#define TAXGATE_COMMON_DATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace taxgate {

struct Date {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31

  // Days since 1970-01-01 (negative before).
  int64_t ToDays() const;
  static Date FromDays(int64_t days);
  // "YYYY-MM-DD".
  std::string ToString() const;
  auto operator<=>(const Date&) const = default;
};

bool IsValidDate(int year, int month, int day);
// Parses "YYYY-MM-DD" (a real calendar date); nullopt otherwise.
std::optional<Date> ParseIsoDate(std::string_view s);
// Today's date in UTC from the system clock (faces only: pure modules take
// the date as an argument).
Date TodayUtc();

}  // namespace taxgate

#endif  // TAXGATE_COMMON_DATE_H_
