// PopulationGenerator: the synthetic people and the rows the IRS holds on
// them (records.csv).
//
// Person `index` is a pure function of (seed, index): the store holds people
// 0..people-1; requests for people not in the store use higher indexes,
// generated the same way but never written. Each person has a name, a date
// of birth (an adult), an SSN or (about 5%, more among Hispanic people) an
// ITIN, a home, and moves (~15% a year). They appear in some of the four tax
// years latest_tax_year-3 .. latest_tax_year, with one row per (tax year,
// source): `return` (the person's 1040, written their own way every year),
// `info_return` (an employer's W-2 or 1099: initials, dropped second
// surname, no accents, "STREET" vs "ST", typos, an address a year late) and,
// rarely, `irs` (an address change the IRS recorded).
//
// Thread-safety: const methods; share between threads.
#ifndef TAXGATE_SYNTH_POPULATION_H_
#define TAXGATE_SYNTH_POPULATION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/date.h"
#include "domain/record.h"
#include "synth/address_generator.h"
#include "synth/name_generator.h"
#include "synth/record_ids.h"

namespace taxgate::synth {

// One row the store holds on a person, before rendering.
struct PlannedRow {
  int tax_year = 0;
  domain::Source source = domain::Source::kReturn;
  int slot = 0;  // unique per person, < RecordIds::kSlotsPerPerson
};

struct Person {
  int64_t index = 0;
  PersonName name;
  Date dob;
  std::string tin;  // 9 digits
  bool itin = false;
  // Homes in order; homes[k] is lived in from tax year home_from[k] on.
  std::vector<Address> homes;
  std::vector<int> home_from;
  NameStyle filing_style;        // how the person writes their own name
  AddressStyle address_style;    // and their address
  std::vector<PlannedRow> rows;  // by tax year, then source

  // Index into homes of the home in `tax_year`.
  size_t HomeIn(int tax_year) const;
};

class PopulationGenerator {
 public:
  static constexpr int kYears = 4;

  // The generators must outlive this object.
  PopulationGenerator(const NameGenerator& names,
                      const AddressGenerator& addresses, uint64_t seed,
                      int latest_tax_year);

  int first_tax_year() const { return latest_tax_year_ - kYears + 1; }
  int latest_tax_year() const { return latest_tax_year_; }
  const AddressGenerator& addresses() const { return addresses_; }

  // The hard store (synth --difficulty hard): information returns filed
  // without the taxpayer's TIN (15%) or with two digits transposed (3%),
  // so that one person's rows carry different TINs, as in the IRS's own
  // files. Off: the rows are as before, draw for draw.
  void SetTinNoise(bool on) { tin_noise_ = on; }

  Person MakePerson(int64_t index) const;
  // Renders the person's rows, appending to *out; ids from `ids`.
  void RenderRecords(const Person& person, const RecordIds& ids,
                     std::vector<domain::Record>* out) const;
  // The row a truth file should point at: the person's latest row, a
  // return when there is one.
  const PlannedRow& RepresentativeRow(const Person& person) const;

 private:
  const NameGenerator& names_;
  const AddressGenerator& addresses_;
  uint64_t seed_;
  int latest_tax_year_;
  bool tin_noise_ = false;
};

// The person_id of records_truth.csv for person `index` ("P0000001").
std::string PersonId(int64_t index, int64_t people);

// A valid SSN (area 001-899 except 666, group 01-99, serial 0001-9999).
std::string MakeSsn(Rng& rng);
// A valid ITIN (9xx, group 50-65, 70-88, 90-92 or 94-99, serial 0001-9999).
std::string MakeItin(Rng& rng);
bool IsValidSsn(const std::string& tin);
bool IsValidItin(const std::string& tin);

}  // namespace taxgate::synth

#endif  // TAXGATE_SYNTH_POPULATION_H_
