// Person: a record or a request's person in the normalized form the
// comparisons and blocking rules read (folded names split into given names
// and surname units, USPS address, parsed date of birth, TIN digits).
//
// Records and requests go through the same NormalizePerson so that the two
// sides of a comparison are always alike. Pure; reads only the tables.
#ifndef TAXGATE_LINKAGE_PERSON_H_
#define TAXGATE_LINKAGE_PERSON_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/date.h"
#include "domain/record.h"
#include "domain/request.h"
#include "linkage/string_pool.h"
#include "normalize/address.h"
#include "normalize/name.h"
#include "normalize/tables.h"

namespace taxgate::linkage {

struct Person {
  normalize::ParsedName name;
  // Nickname groups of the first given name, of the first two given names
  // together ("JOSE MARIA") and of the whole given phrase; sorted, unique.
  std::vector<uint32_t> nickname_groups;
  // Nickname groups of each given name (LUPE and MARIA GUADALUPE share
  // GUADALUPE's); sorted, unique.
  std::vector<uint32_t> token_nickname_groups;
  // What blocking reads of the given names beyond the first (blocking_rule.h,
  // given_surname): the second and third given names (initials skipped),
  // and the formal names of which a given name is a familiar form (PEPE:
  // JOSE; LUPE: GUADALUPE), each with its Soundex; unique.
  struct NamedSoundex {
    std::string name, soundex;
    bool operator==(const NamedSoundex&) const = default;
  };
  std::vector<NamedSoundex> later_given;
  std::vector<NamedSoundex> formal_given;
  std::string first_soundex;
  std::vector<std::string> surname_soundex;  // one per unit and alternative
  std::optional<Date> dob;
  normalize::Address address;
  // The street line after the house number and the unit field, as written
  // (cleaned) without spaces: "BREMERSTREET". They catch split or joined
  // words ("bremers treet") and street and unit written in each other's
  // place.
  std::string street_key;
  std::string unit_key;
  std::string tin;  // digits, "" when none
};

// A Person as the matcher stores and compares it: ids into a StringPool /
// Strings (string_pool.h) instead of strings, about 110 bytes, so that a
// million records fit in cache-friendly arrays and equality is one integer
// compare. Id 0 is the empty string (or set). Lists are capped (given names
// at 3, surname units at 3, de-glued alternatives at 2, Soundex codes at 4);
// longer ones keep their first entries, which is what the comparisons read.
struct CompactPerson {
  static constexpr int kMaxGiven = 3;
  static constexpr int kMaxSurnames = 3;
  static constexpr int kMaxAltSurnames = 2;
  static constexpr int kMaxSoundex = 4;
  std::array<uint32_t, kMaxGiven> given{};
  std::array<uint32_t, kMaxSurnames> surnames{};
  std::array<uint32_t, kMaxAltSurnames> alt_surnames{};
  std::array<uint32_t, kMaxSoundex> surname_soundex{};
  uint8_t n_given = 0, n_surnames = 0, n_alt_surnames = 0, n_soundex = 0;
  uint32_t surname_full = 0;
  uint32_t first_soundex = 0;
  uint32_t nickname_set = 0;        // a set id: the Person's nickname_groups
  uint32_t token_nickname_set = 0;  // ... its token_nickname_groups
  uint32_t dob = 0;  // year * 10000 + month * 100 + day; 0 unknown
  uint32_t house_number = 0, street_name = 0, suffix = 0, po_box = 0;
  uint32_t unit_id = 0, city = 0, state = 0, zip5 = 0;
  uint32_t street_key = 0, unit_key = 0, tin = 0;

  uint32_t first() const { return n_given ? given[0] : 0; }
  std::optional<Date> Dob() const {
    if (dob == 0) return std::nullopt;
    return Date{static_cast<int>(dob / 10000),
                static_cast<int>(dob / 100 % 100), static_cast<int>(dob % 100)};
  }
};

// Interns the strings of `p`: into the store's pool while it is built, or
// into a request's Strings (the pool's ids where it has them).
CompactPerson Compact(const Person& p, StringPool* pool);
CompactPerson Compact(const Person& p, Strings* strings);

Person NormalizePerson(std::string_view first, std::string_view middle,
                       std::string_view last, std::string_view dob,
                       std::string_view street, std::string_view unit,
                       std::string_view city, std::string_view state,
                       std::string_view zip, std::string_view tin,
                       const normalize::Tables& tables);
Person NormalizeRecord(const domain::Record& r,
                       const normalize::Tables& tables);
Person NormalizeQuery(const domain::PersonQuery& q,
                      const normalize::Tables& tables);

}  // namespace taxgate::linkage

#endif  // TAXGATE_LINKAGE_PERSON_H_
