// The address classifier: does a request set forth the taxpayer's address?
// (26 U.S.C. 6103(i)(2)(B)(i); Kollar-Kotelly, Feb 2026: a ZIP code is not
// an address, "Failed to Provide" is not one either, and a name+TIN match
// does not make up for a missing address.)
//
// Every field is read through the text layer first (text/text.h), so
// full-width, look-alike and invisible characters change nothing.
//
// Verdicts (LAW.md; a request gets one address code at most):
//  - kMissing (ADDRESS_MISSING): street, city, state and ZIP are all empty
//    after the text rules (a unit alone is no address).
//  - kNotReal (ADDRESS_NOT_REAL): something was written, but it is no
//    address:
//      * a placeholder of the policy's lists in any language, spelling or
//        script, filling a field ("N/A", "NA NA", "Unknown", "Failed to
//        Provide", "Don't Care", "Homeless", "In custody", "General
//        Delivery", "Sin dirección", "地址不详"), or inside the street address
//        or the city, or split across them (street "1 Not", city
//        "Provided"); a run of X ("123 XXX St");
//      * a specimen: a specimen city ("Anytown"), or a specimen ZIP (00000,
//        11111, 12345, 99999) with no real city and state;
//      * no street line (a ZIP alone, a city alone, city and state alone);
//      * a street line that is a known half-address: a house number with no
//        street name, a street name with no house number, a unit alone, a
//        PO box, rural route or military box without its numbers;
//      * no locality: neither city and state nor a valid ZIP;
//      * a military box outside APO/FPO/DPO + AA/AE/AP, or APO/FPO/DPO with
//        a civilian line or state.
//  - kUnverified (ADDRESS_UNVERIFIED, review): an address this check can
//    neither confirm nor refuse: a foreign one (a state that is no US state
//    or territory, a postcode with letters, a foreign place of the policy's
//    list when no US state is written, a street or city in another script, a
//    ZIP of another state than the one written) or a
//    street line of a shape it does not know. It is not guessed.
//  - kReal: a street address found in the street line, with city and state
//    (the state as USPS code or name, "TX" or "Texas") or a valid ZIP:
//      * house number ("123", "123A", "12-34", "123 1/2", "123½", Wisconsin
//        grid "W156N11500", or spelled out: "One Microsoft Way"), then a
//        street name;
//      * a number after the street name: "Calle Luna 25", "Avenida Juárez
//        1200", "Main St 25";
//      * PO box: "PO Box 12", "P.O. Box 12", "POB 12", "Post Office Box 12",
//        "PO Drawer 12", "Box 12", "Apartado 12", "Caixa Postal 12";
//      * rural route / highway contract box: "RR 2 Box 15", "Rural Route 2
//        Box 15", "HC 1 Box 9", "HCR 1 Box 9", "Highway Contract 1 Box 9",
//        "Star Route 1 Box 9";
//      * military: "PSC 1234 Box 5678", "Unit 2050 Box 4190", "CMR 450 Box
//        123", "USS Ship Name", with city APO/FPO/DPO or state AA/AE/AP;
//      * Puerto Rico: "URB Las Gladiolas 150 Calle A" (and the other area
//        designators: RES, COND, BO, BDA, PARC, EXT, JARD, REPTO, VILLA ...);
//        "Carr 2 Km 3.4".
//    What comes before the street address in the street line (a facility
//    name, "c/o Maria Lopez", a placeholder word) does not make it unreal:
//    the street address decides.
// The unit field is never judged (an "N/A" unit is the common way of
// writing "no unit").
//
// The USPS vocabularies (state codes and names, street suffixes, unit
// designators, directionals) and the grammar of box addresses are
// normalization's (normalize/usps.h: data/reference/usps_*.csv, Publication
// 28, and informal_spellings.csv), so the check and matching read an
// address line alike; the placeholder lists, specimen ZIPs and foreign
// places come from the policy file.
// Thread-safety: immutable after Build; share freely.
#ifndef TAXGATE_POLICY_ADDRESS_CHECK_H_
#define TAXGATE_POLICY_ADDRESS_CHECK_H_

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/request.h"
#include "normalize/usps.h"
#include "policy/phrase_list.h"
#include "policy/placeholders.h"

namespace taxgate::policy {

enum class AddressVerdict { kReal, kMissing, kNotReal, kUnverified };

enum class AddressKind {
  kNone,  // no accepted street line
  kStreet,
  kPoBox,
  kRuralRoute,  // rural route or highway contract box
  kMilitary,
  kUrbanization,  // Puerto Rico area designator + number
};

// "real", "missing", "not_real", "unverified".
const char* AddressVerdictName(AddressVerdict v);
const char* AddressKindName(AddressKind k);

struct AddressCheck {
  AddressVerdict verdict = AddressVerdict::kNotReal;
  AddressKind kind = AddressKind::kNone;
  std::string why;  // for every verdict but kReal: which test decided
};

// What the address check takes from the policy file.
struct AddressLists {
  PlaceholderLists placeholders;           // any, fields, addresses
  std::vector<std::string> specimen_zips;  // "00000", "12345", ...
  PhraseList foreign_places;               // "Mexico", "Ontario", ...
};

class AddressClassifier {
 public:
  // An empty classifier knows no state codes, suffixes or units: use Build.
  AddressClassifier() = default;
  // From the USPS vocabulary normalization reads too (normalize/usps.h).
  // Errors: InvalidArgument when it has no state codes.
  static Result<AddressClassifier> Build(const normalize::UspsVocabulary& usps,
                                         AddressLists lists = {});

  // REQUIRES: built (see Build).
  AddressCheck Classify(const domain::PersonQuery& person) const;
  AddressCheck Classify(std::string_view street, std::string_view unit,
                        std::string_view city, std::string_view state,
                        std::string_view zip) const;

  // The USPS code of a state written as code or name ("tx", "Texas",
  // "N.Y." -> "NY"); "" when it is no US state, territory or military
  // state.
  std::string StateCode(std::string_view state) const;

  // True when `street` holds a street address of an accepted kind (used by
  // NAME_MISSING: a surname that is an address).
  bool LooksLikeStreetAddress(std::string_view street) const;

  bool loaded() const { return !states_.empty(); }

  // False when the ZIP's 3-digit prefix belongs to other states than
  // `state_code` (usps_zip3_states.csv); true when it fits or the prefix is
  // not in the table.
  bool ZipFitsState(std::string_view five, std::string_view state_code) const;

 private:
  using Tokens = std::vector<std::string>;
  struct Core {
    AddressKind kind = AddressKind::kNone;
    size_t begin = 0;  // first token of the street address in the line
  };
  // What the parsers below look for from a token on, found for every token
  // of a line at once: FindCore tries each token as the start of the street
  // address, and searching the rest of the line from each would take n^2
  // steps on a long line. Indexed by token, with one entry past the end.
  struct LineIndex {
    std::vector<size_t> number_words_end;  // first k >= p no number word
    std::vector<size_t> name_end;      // first k >= p that ends a street name
    std::vector<size_t> house_number;  // first k >= p: a house number that
                                       // ends the line or precedes a unit
    std::vector<size_t> letters;       // tokens with a letter before p
    std::vector<size_t> directionals;  // directionals before p
    std::vector<bool> digit_from;      // a token with a digit at or after p
  };
  LineIndex IndexLine(const Tokens& t) const;
  Core FindCore(const Tokens& tokens) const;
  AddressKind ParseAt(const Tokens& t, const LineIndex& line, size_t i) const;
  AddressKind ParseStreetAddress(const Tokens& t, const LineIndex& line,
                                 size_t i) const;
  AddressKind ParseNumberAfterName(const Tokens& t, const LineIndex& line,
                                   size_t i) const;
  bool ValidStreetName(const LineIndex& line, const Tokens& t, size_t begin,
                       size_t end) const;
  std::string WhyNoCore(const Tokens& t) const;
  // Placeholders anywhere in a street line or city ("123 Unknown St").
  bool IsPlaceholderText(const Words& words) const;
  // A whole field of placeholders with numbers beside them ("Overseas",
  // "Cell 12", "City", "ZIP"), and single letters too when `single_letters`
  // ("City X"; not in a street line, where "5 N Street" is an address).
  bool WholeFieldPlaceholder(const Words& words, bool single_letters) const;
  // A placeholder as the whole name of the street or ship ("123 NA St",
  // "123 None St", "USS NA").
  bool PlaceholderStreetName(const Tokens& t, const Core& core) const;
  // A placeholder written with a slash inside the line ("123 N/A St").
  bool HasSlashPlaceholder(std::string_view street) const;
  bool IsUnitDesignator(std::string_view t) const;
  // True when a number after the token `t` numbers a unit or a place in a
  // jail, shelter, camp or park ("Apt", "Cell", "Bunk", "Tent", "Bench"),
  // not a house.
  bool NumbersAPlace(std::string_view t) const;
  // True when the street address of `core` has a street type ("St",
  // "Calle").
  bool TypedStreet(const Tokens& t, const Core& core) const;

  std::set<std::string, std::less<>> states_;           // "IL", "AE", ...
  std::set<std::string, std::less<>> military_states_;  // AA, AE, AP
  std::map<std::string, std::string, std::less<>> state_names_;  // folded
  std::set<std::string, std::less<>> suffixes_;        // variants + abbrevs
  std::set<std::string, std::less<>> units_;           // designators
  std::set<std::string, std::less<>> units_no_range_;  // FRONT, REAR, ...
  std::set<std::string, std::less<>> directionals_;    // N, NORTH, NORTE
  struct Zip3Range {
    int first = 0, last = 0;
    std::vector<std::string> states;
  };
  std::vector<Zip3Range> zip3_;  // sorted by first
  AddressLists lists_;
};

}  // namespace taxgate::policy

#endif  // TAXGATE_POLICY_ADDRESS_CHECK_H_
