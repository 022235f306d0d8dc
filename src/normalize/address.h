// Postal addresses in USPS Publication 28 standard form.
//
// NormalizeAddress folds to upper-case ASCII and splits the street line:
//  - a PO box ("PO BOX 12", "P.O. Box 12", "Post Office Box 12", "POB 12",
//    "BOX 12") becomes po_box "12" and nothing else; a box on a route or a
//    military unit keeps its route ("RR 2 Box 15", "Rural Route 2 Box 15",
//    "HC 1 Box 9", "PSC 1234 Box 5678": box_route "RR 2", po_box
//    "RR 2 BOX 15"), so two routes' boxes 15 are two addresses; boxes are
//    read by the box grammar of usps.h, the one the address check uses;
//  - the house number is the first token when it holds a digit ("1420",
//    "12A", "12-14"); spelled numbers ONE..TWENTY become digits;
//  - directionals (NORTH, N, NORTE ...) before or after the name become
//    abbreviations; the last word, when it is a suffix variant (AVENUE, AVEN,
//    AV ...), becomes the standard abbreviation (AVE); a Spanish prefix
//    (CALLE) becomes its abbreviation (CLL);
//  - ordinal street names FIRST..TWENTIETH become 1ST..20TH;
//  - a secondary unit inside the street line ("APT 3B", "# 12", "STE 100")
//    is split off and merged with the unit field, as "APT 3B" / "# 12".
// ZIP+4 (9 digits, or 5-4) becomes ZIP5; other postcodes (foreign, 4-digit)
// keep their digits. State names become USPS codes; unknown states are kept
// cleaned (foreign addresses are data, not errors).
//
// Pure; reads only `tables`. Thread-safe.
#ifndef TAXGATE_NORMALIZE_ADDRESS_H_
#define TAXGATE_NORMALIZE_ADDRESS_H_

#include <string>
#include <string_view>

#include "normalize/tables.h"

namespace taxgate::normalize {

struct Address {
  std::string house_number;     // "1420", "12A"
  std::string predirectional;   // "N"
  std::string street_name;      // "MAIN", "1ST", "CLL LUNA"
  std::string suffix;           // "ST"
  std::string postdirectional;  // "SW"
  std::string unit;             // "APT 3B", "# 12", or the unit field cleaned
  std::string unit_id;          // the unit without its designator: "3B"
  std::string po_box;           // "12", or "RR 2 BOX 15" on a route
  std::string box_route;        // "RR 2", "HC 1", "PSC 1234"; "" for PO box
  std::string city;
  std::string state;
  std::string zip5;

  // "1420 N MAIN ST" (or "PO BOX 12"); "" when there is no street.
  std::string StreetLine() const;
};

Address NormalizeAddress(std::string_view street, std::string_view unit,
                         std::string_view city, std::string_view state,
                         std::string_view zip, const Tables& tables);

// ZIP+4 -> ZIP5; other values keep their digits ("" when none).
std::string NormalizeZip(std::string_view zip);

}  // namespace taxgate::normalize

#endif  // TAXGATE_NORMALIZE_ADDRESS_H_
