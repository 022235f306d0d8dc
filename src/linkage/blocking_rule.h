// BlockingRule: which store records a request is compared with at all.
//
// A rule turns a Person into zero or more blocking keys; a request and a
// record are candidates when they share a key of any rule (the rules are
// unioned, the candidates deduplicated). The rules:
//
//   tin                      the 9 TIN digits
//   surname_phonetic_zip3    Soundex of each surname unit + first 3 of ZIP
//   first_initial_dob        first letter of the first name + date of birth
//   dob_zip5                 date of birth + ZIP5
//   house_number_zip5        house number + ZIP5 (or PO box + ZIP5)
//   surname_phonetic_year    Soundex of each surname unit + birth year
//   name_phonetic_pair       the two Soundex codes of first name and
//                            surname, unordered (catches swapped names)
//   street_zip5              street name + ZIP5 (address without number)
//   dob_house_number         date of birth + house number (ZIP typos)
//   name_phonetic_dob        Soundex of the first name or of a surname unit
//                            + date of birth (names swapped, one misspelt)
//   street_city              street text (no number, no spaces) + city
//   house_street_state       house number + first 4 letters of the street
//                            text + state (ZIP and city typos)
//   given_surname            a second or third given name + Soundex of
//                            each surname unit; a request without a date
//                            of birth also keys its first given name and
//                            the formal names its given names are familiar
//                            forms of: one given
//                            name of a compound (CARLOS for JUAN CARLOS)
//                            and hypocorisms of a later given name (LUPE
//                            for MARIA GUADALUPE) without a date of birth
//                            or the address on file
//
// name_phonetic_pair also keys the Soundex of the formal names a given name
// is a familiar form of (PEPE, BOB: JOSE, ROBERT) and, for a request, of
// its later given names (JUAN CARLOS for CARLOS); a request looks these up
// only without a date of birth (with one, the surname + dob rules find
// those records, and the lookups would only add pairs). Records key only what
// every request needs to find them (their own names; a nickname's formal
// names): the extra keys a request makes are looked up, not stored.
//
// A key shared by more than `max_block_size` records is not used for that
// request (a GARCIA in a big ZIP3 says too little to be worth comparing);
// TIN keys have their own, smaller cap. Works without TIN and dob: the
// name and address rules remain. Pure, thread-safe.
#ifndef TAXGATE_LINKAGE_BLOCKING_RULE_H_
#define TAXGATE_LINKAGE_BLOCKING_RULE_H_

#include <cstdint>
#include <vector>

#include "linkage/person.h"

namespace taxgate::linkage {

inline constexpr int kNumBlockingRules = 13;
inline constexpr uint8_t kTinRule = 0;              // "tin"
inline constexpr uint8_t kHouseNumberZipRule = 4;   // "house_number_zip5"
inline constexpr uint8_t kNamePhoneticDobRule = 9;  // "name_phonetic_dob"
const char* BlockingRuleName(int rule);

struct BlockingKey {
  uint64_t key;  // hash of the rule and its values
  uint8_t rule;
};

// Appends the keys of `p` to *out (not cleared; may hold duplicates):
// a record's keys (stored in the index) or, with `query`, a request's
// (looked up; a superset).
void BlockingKeys(const Person& p, std::vector<BlockingKey>* out,
                  bool query = false);

struct BlockingOptions {
  size_t max_block_size = 400;  // keys shared by more records are skipped
  size_t max_tin_block_size = 50;
};

}  // namespace taxgate::linkage

#endif  // TAXGATE_LINKAGE_BLOCKING_RULE_H_
