// Field selection by provenance (LAW.md, "What may be released").
//
// Given every row the store holds for the matched taxpayer, the tax periods
// asked for, the identity fields asked for and the release profile, picks
// what may go out: by default the address of the latest row whose tax year
// is one of the periods (and the name as held on that row), each field with
// its source and tax year. Never anything but identity (name, address, TIN).
// When no row may be released the answer is no_record.
//
// Pure: no storage, no clock. Thread-safe.
#ifndef TAXGATE_DISCLOSURE_FIELD_SELECTOR_H_
#define TAXGATE_DISCLOSURE_FIELD_SELECTOR_H_

#include <optional>
#include <string>
#include <vector>

#include "domain/record.h"

namespace taxgate::disclosure {

// Release profiles of the policy file.
inline constexpr char kProfileDcCircuit2026[] = "dc-circuit-2026";
inline constexpr char kProfileConservative[] = "conservative";

// True when `profile` lets identity from `source` out: dc-circuit-2026 any
// source; conservative only irs and info_return (never what the taxpayer
// supplied on a return). Unknown profiles release nothing.
bool ProfileAllows(const std::string& profile, domain::Source source);

struct ReleasedField {
  std::string name;  // "name", "address", "tin"
  // The released value, component by component (e.g. street, unit, city,
  // state, zip for an address), in a fixed order.
  std::vector<std::pair<std::string, std::string>> parts;
  domain::Source source = domain::Source::kReturn;
  int tax_year = 0;
  std::string record_id;  // the row it came from
};

struct Selection {
  bool released = false;  // false: answer no_record
  std::vector<ReleasedField> fields;
};

// REQUIRES: `fields_requested` holds identity fields only (the policy has
// rejected anything else). An empty list means {"address"}. Among rows of
// the latest eligible year, precedence is irs, then return, then
// info_return (the IRS's own record of a change is the newest knowledge).
Selection SelectFields(const std::vector<domain::Record>& taxpayer_rows,
                       const std::vector<int>& tax_periods,
                       const std::vector<std::string>& fields_requested,
                       const std::string& profile);

}  // namespace taxgate::disclosure

#endif  // TAXGATE_DISCLOSURE_FIELD_SELECTOR_H_
