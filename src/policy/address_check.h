// The address classifier: does a request set forth the taxpayer's address?
// (26 U.S.C. 6103(i)(2)(B)(i); Kollar-Kotelly, Feb 2026: a ZIP code is not
// an address, and "Failed to Provide" is not one either.)
//
// Verdicts (LAW.md, ADDRESS_MISSING / ADDRESS_NOT_REAL; at most one):
//  - kMissing: street, city, state and ZIP are all empty (a unit alone is no
//    address).
//  - kNotReal: something was written, but it is not a real address:
//      * a placeholder in the street or city, in any spelling or language
//        ("Failed to Provide", "Unknown Address", "NA NA", "N/A", "Don't
//        Care", "Homeless", "In custody", "Sin domicilio", "Desconocido",
//        "None", "TBD", "Refused", "No address");
//      * "General Delivery" / "Entrega General": a pickup arrangement at a
//        post office, not the person's address, and none of the kinds
//        LAW.md accepts;
//      * no street line (a ZIP alone, a city alone, city + state alone);
//      * a street line that is none of the accepted kinds below (a street
//        name without a house number, a house number without a street name,
//        a unit alone, a PO box / rural route / military box without its
//        number);
//      * a state that is not a USPS code, a ZIP that is not 5 or 9 digits or
//        is 00000 / 99999;
//      * a military box outside APO/FPO/DPO + AA/AE/AP, or APO/FPO/DPO with
//        a civilian line or state;
//      * no locality: neither city + state nor a ZIP.
//  - kReal: an accepted street line, with city + state or a ZIP:
//      * street address: house number ("123", "123A", "12-34", fractional
//        "123 1/2", Wisconsin grid "W156N11500"), then a street name
//        (directionals, suffixes, numbered streets, units allowed);
//      * PO box: "PO Box 12", "P.O. Box 12", "POB 12", "Post Office Box 12",
//        "PO Drawer 12", "Apartado 12";
//      * rural route / highway contract box: "RR 2 Box 15", "Rural Route 2
//        Box 15", "HC 1 Box 9", "Highway Contract 1 Box 9", "Star Route 1
//        Box 9";
//      * military: "PSC 1234 Box 5678", "Unit 2050 Box 4190", "CMR 450 Box
//        123", "USS Ship Name", with city APO/FPO/DPO or state AA/AE/AP;
//      * Puerto Rico: "URB Las Gladiolas 150 Calle A" (and the other area
//        designators: RES, COND, BO, BDA, PARC, EXT, JARD, REPTO, VILLA ...)
//        with a number; "Carr 2 Km 3.4".
// The unit field is never judged (an "N/A" unit is the common way of
// writing "no unit"). Not accepted, by design: house numbers spelled out
// ("One Main St"), numbers after the street name ("Main St 12"), a bare
// "Box 12".
//
// The USPS vocabularies (state codes, street suffixes, unit designators,
// directionals) come from data/reference/usps_*.csv (Publication 28).
// Thread-safety: immutable after Load; share freely.
#ifndef TAXGATE_POLICY_ADDRESS_CHECK_H_
#define TAXGATE_POLICY_ADDRESS_CHECK_H_

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/request.h"

namespace taxgate::policy {

enum class AddressVerdict { kReal, kMissing, kNotReal };

enum class AddressKind {
  kNone,  // no accepted street line
  kStreet,
  kPoBox,
  kRuralRoute,  // rural route or highway contract box
  kMilitary,
  kUrbanization,  // Puerto Rico area designator + number
};

// "real", "missing", "not_real".
const char* AddressVerdictName(AddressVerdict v);
const char* AddressKindName(AddressKind k);

struct AddressCheck {
  AddressVerdict verdict = AddressVerdict::kNotReal;
  AddressKind kind = AddressKind::kNone;
  std::string why;  // for kNotReal / kMissing: which test failed (no data)
};

class AddressClassifier {
 public:
  // An empty classifier knows no state codes, suffixes or units: use Load.
  AddressClassifier() = default;
  // Reads usps_states.csv, usps_street_suffixes.csv, usps_secondary_units.csv
  // and usps_directionals.csv from `reference_dir` (DataDir() +
  // "/reference"). Errors: NotFound / InvalidArgument naming the file.
  static Result<AddressClassifier> Load(const std::string& reference_dir);

  // REQUIRES: loaded (see Load).
  AddressCheck Classify(const domain::PersonQuery& person) const;
  AddressCheck Classify(std::string_view street, std::string_view unit,
                        std::string_view city, std::string_view state,
                        std::string_view zip) const;

  bool loaded() const { return !states_.empty(); }

 private:
  AddressKind ParseStreetLine(const std::vector<std::string>& tokens,
                              std::string* why) const;
  AddressKind ParseStreetAddress(const std::vector<std::string>& tokens,
                                 std::string* why) const;
  bool IsUnitDesignator(std::string_view t) const;

  std::set<std::string, std::less<>> states_;           // "IL", "AE", ...
  std::set<std::string, std::less<>> military_states_;  // AA, AE, AP
  std::set<std::string, std::less<>> suffixes_;         // variants + abbrevs
  std::set<std::string, std::less<>> units_;            // designators
  std::set<std::string, std::less<>> units_no_range_;   // FRONT, REAR, ...
  std::set<std::string, std::less<>> directionals_;     // N, NORTH, NORTE
};

}  // namespace taxgate::policy

#endif  // TAXGATE_POLICY_ADDRESS_CHECK_H_
