// Comparison and ComparisonLevel: how two Persons are compared, field by
// field, into a comparison vector (Fellegi-Sunter's gamma).
//
// Each Comparison has ordered levels, strongest first; a pair falls in the
// first level whose condition holds. kMissing (either side unknown) is
// neutral: it contributes no weight. The levels, in order:
//
//   first_name:  exact (compatible given names) / nickname / given_token
//                (another of the given names, or its familiar form:
//                CARLOS for JUAN CARLOS, LUPE for MARIA GUADALUPE) /
//                jw_0.92 / jw_0.80 / else
//   middle_name: exact / initial / else
//   surname:     exact / swapped (both surnames, in the other order) /
//                token_shared (one surname of two, particles ignored) /
//                jw_0.92 / jw_0.80 / phonetic / else
//   dob:         exact / day_month_swap / one_digit / same_year / else
//   address:     exact (number + street name) / fuzzy / street_only / else
//   place:       zip5_city / zip5 / city / else
//   unit:        exact / jw_0.88 / else
//   tin:         exact / transposition / one_digit / else
//
// Each level is described once (DescribeLevel): its name in the model file,
// the condition it stands for in words, and whether it counts as an
// agreeing identifier (a date of birth exact, swapped or one digit off; a
// TIN exact, transposed or one digit off; a street address exact or fuzzy)
// or as a contradiction (the last level, "else"). The code names levels by
// the enums below, never by number. Level names and counts are part of the
// model file format (model.h), which carries the descriptions too.
// Pure, thread-safe.
#ifndef TAXGATE_LINKAGE_COMPARISON_H_
#define TAXGATE_LINKAGE_COMPARISON_H_

#include <array>
#include <cstdint>
#include <string_view>

#include "linkage/person.h"

namespace taxgate::linkage {

enum class Field : uint8_t {
  kFirstName,
  kMiddleName,
  kSurname,
  kDob,
  kAddress,
  kPlace,
  kUnit,
  kTin,
};
inline constexpr int kNumFields = 8;
inline constexpr uint8_t kMissing = 255;
inline constexpr int kMaxLevels = 7;

// The levels of each comparison, strongest first (values of
// ComparisonVector::level; kMissing when either side is unknown).
enum FirstNameLevel : uint8_t {
  kFirstExact,
  kFirstNickname,
  kFirstGivenToken,
  kFirstJw92,
  kFirstJw80,
  kFirstElse
};
enum MiddleNameLevel : uint8_t { kMiddleExact, kMiddleInitial, kMiddleElse };
enum SurnameLevel : uint8_t {
  kSurnameExact,
  kSurnameSwapped,
  kSurnameTokenShared,
  kSurnameJw92,
  kSurnameJw80,
  kSurnamePhonetic,
  kSurnameElse
};
enum DobLevel : uint8_t {
  kDobExact,
  kDobDayMonthSwap,
  kDobOneDigit,
  kDobSameYear,
  kDobElse
};
enum AddressLevel : uint8_t {
  kAddressExact,
  kAddressFuzzy,
  kAddressStreetOnly,
  kAddressElse
};
enum PlaceLevel : uint8_t { kPlaceZipCity, kPlaceZip, kPlaceCity, kPlaceElse };
enum UnitLevel : uint8_t { kUnitExact, kUnitJw88, kUnitElse };
enum TinLevel : uint8_t {
  kTinExact,
  kTinTransposition,
  kTinOneDigit,
  kTinElse
};

struct LevelDescriptor {
  const char* name;       // "exact": the key in the model file
  const char* condition;  // what holds for a pair at this level, in words
  // The pair agrees on an identifier: date of birth, TIN or street address.
  bool agreeing_identifier = false;
  // The values contradict each other (the last level of a comparison).
  bool disagrees = false;
};

// "first_name", "middle_name", "surname", ...
const char* FieldName(int field);
int NumLevels(int field);
// The description of a level; for kMissing, {"missing", ...} (neither
// agreeing nor disagreeing). REQUIRES: level < NumLevels(field) or kMissing.
const LevelDescriptor& DescribeLevel(int field, uint8_t level);
const char* LevelName(int field, int level);  // "exact", ...; "missing"

struct ComparisonVector {
  std::array<uint8_t, kNumFields> level{};  // a level index or kMissing
  bool operator==(const ComparisonVector&) const = default;
};

inline uint8_t LevelOf(const ComparisonVector& v, Field f) {
  return v.level[static_cast<int>(f)];
}
// True when the field's level is an agreeing identifier / a contradiction.
inline bool AgreesOn(const ComparisonVector& v, Field f) {
  return DescribeLevel(static_cast<int>(f), LevelOf(v, f)).agreeing_identifier;
}
inline bool DisagreesOn(const ComparisonVector& v, Field f) {
  return DescribeLevel(static_cast<int>(f), LevelOf(v, f)).disagrees;
}

// Compares query-side `a` with record-side `b`; `s` resolves the ids of both
// (a request's Strings, or a Strings over the store's pool alone).
ComparisonVector Compare(const CompactPerson& a, const CompactPerson& b,
                         const Strings& s);
// The same on full Persons (interned into a scratch pool first): for tests
// and tools, not for hot paths.
ComparisonVector Compare(const Person& a, const Person& b);

}  // namespace taxgate::linkage

#endif  // TAXGATE_LINKAGE_COMPARISON_H_
