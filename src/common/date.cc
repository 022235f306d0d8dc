#include "common/date.h"

#include <chrono>
#include <cstdio>

#include "common/strings.h"

namespace taxgate {

bool IsValidDate(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1)
    return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int dim = kDays[month - 1];
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && leap) dim = 29;
  return day <= dim;
}

int64_t Date::ToDays() const {
  // Howard Hinnant's days_from_civil.
  int64_t y = year - (month <= 2);
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date Date::FromDays(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return Date{static_cast<int>(y + (m <= 2)), m, d};
}

std::string Date::ToString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::optional<Date> ParseIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto y = ParseInt(s.substr(0, 4));
  auto m = ParseInt(s.substr(5, 2));
  auto d = ParseInt(s.substr(8, 2));
  if (!y || !m || !d) return std::nullopt;
  if (!IsValidDate(static_cast<int>(*y), static_cast<int>(*m),
                   static_cast<int>(*d)))
    return std::nullopt;
  return Date{static_cast<int>(*y), static_cast<int>(*m), static_cast<int>(*d)};
}

Date TodayUtc() {
  auto now = std::chrono::system_clock::now();
  auto days =
      std::chrono::duration_cast<std::chrono::days>(now.time_since_epoch())
          .count();
  return Date::FromDays(days);
}

}  // namespace taxgate
