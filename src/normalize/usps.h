// The USPS vocabulary (Publication 28) and the grammar of box addresses:
// one reading of an address line, shared by the address check of the
// statute rules (policy/address_check.h) and by normalization for matching
// (normalize/address.h), so the two can never disagree on what a unit, a
// state, a PO box or a rural route is.
//
// The vocabulary is parsed from the bytes of data/reference/usps_*.csv and
// data/reference/informal_spellings.csv (spellings agencies write that
// Publication 28 does not list); nothing here reads a file.
//
// The box grammar reads a line's tokens (AddressTokens):
//   PO box:        "PO Box 12", "P.O. Box 12", "POB 12", "Post Office Box
//                  12", "PO Drawer 12", "Box 12", "Apartado 12",
//                  "Caixa Postal 12", "Casilla 12", "Boite Postale 12"
//   route box:     "RR 2 Box 15", "RR2 Box 15", "Rural Route 2 Box 15",
//                  "HC 1 Box 9", "HCR 1 Box 9", "Highway Contract 1 Box 9",
//                  "Star Route 1 Box 9" (a star route is a highway contract
//                  route and may have no number: "Star Route Box 9")
//   military box:  "PSC 1234 Box 5678", "CMR 450 Box 123", "Unit 2050 Box
//                  4190"
// A box keeps its route: RR 2 Box 15 and RR 7 Box 15 are two addresses.
//
// Thread-safety: values; share freely.
#ifndef TAXGATE_NORMALIZE_USPS_H_
#define TAXGATE_NORMALIZE_USPS_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/input_files.h"
#include "common/status.h"

namespace taxgate::normalize {

struct UspsVocabulary {
  struct State {
    std::string name, code, kind;  // "TEXAS", "TX", "state"|"military"|...
  };
  struct Suffix {
    std::string primary, variant, abbreviation;  // AVENUE, AVEN, AVE
  };
  struct Unit {
    std::string designator, abbreviation;  // APARTMENT, APT
    bool requires_range = true;            // false: FRONT, REAR, ...
  };
  struct Directional {
    std::string word, abbreviation;  // NORTH, N; NORTE, N
  };
  struct SpanishPrefix {
    std::string prefix, abbreviation;  // CALLE, CLL
  };
  struct Zip3Range {
    int first = 0, last = 0;          // 3-digit ZIP prefixes
    std::vector<std::string> states;  // USPS codes
  };
  std::vector<State> states;  // with informal names ("WASHINGTON DC")
  std::vector<Suffix> suffixes;
  std::vector<Unit> units;  // with informal spellings ("APTO", "NO")
  std::vector<Directional> directionals;
  std::vector<SpanishPrefix> spanish_prefixes;
  std::vector<Zip3Range> zip3;  // sorted by first
};

// The files ParseUsps reads, by their names under the data folder.
inline constexpr const char* kUspsFiles[] = {
    "reference/usps_states.csv",
    "reference/usps_street_suffixes.csv",
    "reference/usps_secondary_units.csv",
    "reference/usps_directionals.csv",
    "reference/usps_spanish_street_prefixes.csv",
    "reference/usps_zip3_states.csv",
    "reference/informal_spellings.csv"};

// Errors: NotFound when a file was not read; InvalidArgument naming the
// file, line and column of a malformed row (a missing column, a ZIP range
// that is no number, an informal spelling of an unknown kind).
Result<UspsVocabulary> ParseUsps(const InputFiles& files);

// ---- The grammar of an address line ----

using AddressWords = std::vector<std::string>;

// The line as tokens, after the text layer (text/text.h): folded, upper
// case; periods and apostrophes dropped ("P.O." -> "PO"); '#' is a token
// of its own; '/', '-' and '&' stay inside a token ("1/2", "C/O", "45-12")
// but a lone '/' or '-' is dropped; every other character that is no letter
// or digit separates. Glued prefixes are split: "RR2" -> "RR", "2";
// "PSC1234" -> "PSC", "1234".
AddressWords AddressTokens(std::string_view line);

// A box, route or unit number: letters and digits with a digit ("15",
// "15A", "1-2").
bool IsBoxNumber(std::string_view t);
// Skips "#", "NO", "NUM", "NUMBER", "NBR" before a number.
size_t SkipNumberSign(const AddressWords& t, size_t i);
// Length of a PO box prefix at t[i] ("PO BOX", "APARTADO"), or 0.
size_t PoBoxPrefix(const AddressWords& t, size_t i);
// Length of a rural route / highway contract prefix at t[i], or 0. Sets
// *strict for the spellings that are routes only; "ROUTE", "RTE" and "RT"
// alone may also open a street name ("Route 66").
size_t RuralPrefix(const AddressWords& t, size_t i, bool* strict);

enum class BoxKind { kNone, kPoBox, kRoute, kMilitary };

struct Box {
  BoxKind kind = BoxKind::kNone;
  std::string route;  // "RR 2", "HC 1", "HC" (star route), "PSC 1234"; ""
  std::string box;    // "15"
  size_t end = 0;     // one past the box number's token
};

// The box address that starts at t[i], or kind kNone.
Box ReadBox(const AddressWords& t, size_t i);

}  // namespace taxgate::normalize

#endif  // TAXGATE_NORMALIZE_USPS_H_
