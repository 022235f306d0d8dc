// Person: a record or a request's person in the normalized form the
// comparisons and blocking rules read (folded names split into given names
// and surname units, USPS address, parsed date of birth, TIN digits).
//
// Records and requests go through the same NormalizePerson so that the two
// sides of a comparison are always alike. Pure; reads only the tables.
#ifndef TAXGATE_LINKAGE_PERSON_H_
#define TAXGATE_LINKAGE_PERSON_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/date.h"
#include "domain/record.h"
#include "domain/request.h"
#include "normalize/address.h"
#include "normalize/name.h"
#include "normalize/tables.h"

namespace taxgate::linkage {

struct Person {
  normalize::ParsedName name;
  // Nickname groups of the first given name, of the first two given names
  // together ("JOSE MARIA") and of the whole given phrase; sorted, unique.
  std::vector<uint32_t> nickname_groups;
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
