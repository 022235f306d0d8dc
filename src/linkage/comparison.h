// Comparison and ComparisonLevel: how two Persons are compared, field by
// field, into a comparison vector (Fellegi-Sunter's gamma).
//
// Each Comparison has ordered levels, strongest first; a pair falls in the
// first level whose condition holds. kMissing (either side unknown) is
// neutral: it contributes no weight. The levels, in order:
//
//   first_name:  exact (compatible given names) / nickname / jw_0.92 /
//                jw_0.80 / else
//   middle_name: exact / initial / else
//   surname:     exact (either order) / token_shared (one surname of two,
//                particles ignored) / jw_0.92 / jw_0.80 / phonetic / else
//   dob:         exact / day_month_swap / one_digit / same_year / else
//   address:     exact (number + street name) / fuzzy / street_only / else
//   place:       zip5_city / zip5 / city / else
//   unit:        exact / jw_0.88 / else
//   tin:         exact / transposition / one_digit / else
//
// Level names and counts are part of the model file format (model.h).
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
inline constexpr int kMaxLevels = 6;

// "first_name", "middle_name", "surname", ...
const char* FieldName(int field);
int NumLevels(int field);
const char* LevelName(int field, int level);  // "exact", ...; "missing"

struct ComparisonVector {
  std::array<uint8_t, kNumFields> level{};  // a level index or kMissing
  bool operator==(const ComparisonVector&) const = default;
};

// Compares query-side `a` with record-side `b`; `s` resolves the ids of both
// (a request's Strings, or a Strings over the store's pool alone).
ComparisonVector Compare(const CompactPerson& a, const CompactPerson& b,
                         const Strings& s);
// The same on full Persons (interned into a scratch pool first): for tests
// and tools, not for hot paths.
ComparisonVector Compare(const Person& a, const Person& b);

}  // namespace taxgate::linkage

#endif  // TAXGATE_LINKAGE_COMPARISON_H_
