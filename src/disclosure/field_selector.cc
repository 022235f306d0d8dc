#include "disclosure/field_selector.h"

#include <algorithm>

#include "common/strings.h"

namespace taxgate::disclosure {
namespace {

int Precedence(domain::Source s) {
  switch (s) {
    case domain::Source::kIrs:
      return 3;
    case domain::Source::kReturn:
      return 2;
    case domain::Source::kInfoReturn:
      return 1;
  }
  return 0;
}

}  // namespace

std::vector<domain::Source> ProfileSources(
    const std::vector<std::string>& names) {
  std::vector<domain::Source> out;
  for (const auto& n : names) {
    if (auto s = domain::ParseSource(n)) out.push_back(*s);
  }
  return out;
}

Selection SelectFields(const std::vector<domain::Record>& rows,
                       const std::vector<int>& tax_periods,
                       const std::vector<std::string>& fields_requested,
                       const std::vector<domain::Source>& allowed) {
  const domain::Record* best = nullptr;
  for (const auto& r : rows) {
    if (std::find(tax_periods.begin(), tax_periods.end(), r.tax_year) ==
        tax_periods.end()) {
      continue;
    }
    if (std::find(allowed.begin(), allowed.end(), r.source) == allowed.end()) {
      continue;
    }
    if (!best || r.tax_year > best->tax_year ||
        (r.tax_year == best->tax_year &&
         (Precedence(r.source) > Precedence(best->source) ||
          (Precedence(r.source) == Precedence(best->source) &&
           r.record_id < best->record_id)))) {
      best = &r;
    }
  }
  Selection sel;
  if (!best) return sel;
  std::vector<std::string> wanted = fields_requested;
  if (wanted.empty()) wanted.push_back("address");
  // The address goes out with the name as the IRS holds it (LAW.md).
  if (std::find(wanted.begin(), wanted.end(), "address") != wanted.end()) {
    wanted.push_back("name");
  }
  // Fixed order whatever the request's order: name, address, tin.
  for (const char* name : {"name", "address", "tin"}) {
    if (std::find(wanted.begin(), wanted.end(), name) == wanted.end()) {
      continue;
    }
    ReleasedField f;
    f.name = name;
    f.source = best->source;
    f.tax_year = best->tax_year;
    f.record_id = best->record_id;
    if (f.name == "name") {
      f.parts = {{"first_name", best->first_name},
                 {"middle_name", best->middle_name},
                 {"last_name", best->last_name}};
    } else if (f.name == "address") {
      f.parts = {{"street", best->street},
                 {"unit", best->unit},
                 {"city", best->city},
                 {"state", best->state},
                 {"zip", best->zip}};
    } else {
      if (best->tin.empty()) continue;
      f.parts = {{"tin", best->tin}};
    }
    sel.fields.push_back(std::move(f));
  }
  sel.released = !sel.fields.empty();
  return sel;
}

}  // namespace taxgate::disclosure
