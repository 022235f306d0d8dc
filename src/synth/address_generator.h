// AddressGenerator: US street addresses for synthetic people, and the ways
// different writers render one address (RenderAddress).
//
// An Address is the true location: house number, optional directional, a
// street name from a generated vocabulary (numbered streets 1ST..99TH,
// trees, presidents, common names, surnames; Spanish streets such as
// "CALLE REAL" in the Southwest, Florida and Puerto Rico), a USPS suffix from
// usps_street_suffixes.csv, an optional unit (APT 3B, #12, UNIT 4, STE 200)
// and a real city/state with a ZIP in one of the city's ZIP3 areas.
//
// Thread-safety: all methods are const; share one generator between
// threads, each with its own Rng.
#ifndef TAXGATE_SYNTH_ADDRESS_GENERATOR_H_
#define TAXGATE_SYNTH_ADDRESS_GENERATOR_H_

#include <string>
#include <vector>

#include "common/status.h"
#include "synth/name_generator.h"
#include "synth/reference_tables.h"
#include "synth/rng.h"
#include "synth/weighted_sampler.h"

namespace taxgate::synth {

struct Address {
  int house_number = 0;
  int predir = -1;          // index into the English directionals, or -1
  std::string street_name;  // "MAIN", "5TH", "REAL"
  int spanish_prefix = -1;  // index of CALLE, CAMINO ... (no suffix then)
  int suffix = -1;          // index into the suffix kinds, or -1
  int unit_kind = -1;       // index into the unit kinds, or -1
  std::string unit_number;  // "3B"
  int city = 0;             // index into UsCities()
  std::string zip5;
  std::string zip4;
};

enum class SuffixForm {
  kStandard,  // "ST"
  kLong,      // "STREET"
  kVariant,   // another spelling USPS lists ("STR", "AVEN")
};

// How one writer renders an address.
struct AddressStyle {
  SuffixForm suffix = SuffixForm::kStandard;
  bool long_directional = false;  // "NORTH" instead of "N"
  bool drop_directional = false;
  bool unit_in_street = false;  // "12 MAIN ST APT 3B", unit column empty
  bool drop_unit = false;
  bool long_unit = false;    // "APARTMENT 3B"
  bool zip4 = false;         // ZIP+4
  bool zip4_hyphen = true;   // "12345-6789" rather than "123456789"
  bool city_abbrev = false;  // "SAINT LOUIS" -> "ST LOUIS", "FORT" -> "FT"
  LetterCase letter_case = LetterCase::kUpper;
  int street_typos = 0;  // character edits in the street name
};

// An address as written into a file's columns.
struct FiledAddress {
  std::string street;
  std::string unit;
  std::string city;
  std::string state;
  std::string zip;
};

class AddressGenerator {
 public:
  // Errors: InvalidArgument when usps_street_suffixes.csv lacks STREET or
  // usps_secondary_units.csv lacks APT.
  static Result<AddressGenerator> Create(const ReferenceTables& tables);

  // A home for a new person; Hispanic people are placed by the Hispanic
  // population of each city.
  Address Generate(Rng& rng, bool hispanic) const;
  // A new home after a move: usually in the same city, else anywhere.
  Address Move(Rng& rng, const Address& from, bool hispanic) const;
  // `rng` picks among suffix variants when the style asks for one.
  FiledAddress Render(Rng& rng, const Address& a,
                      const AddressStyle& style) const;

 private:
  struct SuffixKind {
    std::string primary;   // "STREET"
    std::string standard;  // "ST"
    std::vector<std::string> variants;
  };
  struct UnitKind {
    std::string abbreviation;  // "APT"
    std::string designator;    // "APARTMENT"
  };
  AddressGenerator() = default;
  void FillStreet(Rng& rng, Address* a) const;
  void FillUnit(Rng& rng, Address* a) const;
  void FillZip(Rng& rng, Address* a) const;

  std::vector<SuffixKind> suffixes_;
  WeightedSampler suffix_sampler_;
  std::vector<UnitKind> units_;
  WeightedSampler unit_sampler_;
  std::vector<std::pair<std::string, std::string>> directionals_;
  std::vector<std::pair<std::string, std::string>> spanish_prefixes_;
  WeightedSampler spanish_prefix_sampler_;
  std::vector<std::string> surname_streets_;
  WeightedSampler city_hispanic_;
  WeightedSampler city_other_;
};

}  // namespace taxgate::synth

#endif  // TAXGATE_SYNTH_ADDRESS_GENERATOR_H_
