// Field selection by provenance (LAW.md, "What may be released").
//
// Given every row the store holds for the matched taxpayer, the tax periods
// asked for, the identity fields asked for and the sources the release
// profile of the policy file lets out ([release.profiles.NAME] sources),
// picks
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

// The sources a release profile names ("return", "info_return", "irs"), as
// Sources; a name that is none is left out (the policy file's loader
// refuses such a profile).
std::vector<domain::Source> ProfileSources(
    const std::vector<std::string>& names);

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
// Only rows whose source is one of `allowed` may go out (an empty list
// releases nothing).
Selection SelectFields(const std::vector<domain::Record>& taxpayer_rows,
                       const std::vector<int>& tax_periods,
                       const std::vector<std::string>& fields_requested,
                       const std::vector<domain::Source>& allowed);

}  // namespace taxgate::disclosure

#endif  // TAXGATE_DISCLOSURE_FIELD_SELECTOR_H_
