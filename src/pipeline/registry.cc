#include "pipeline/registry.h"

#include "common/strings.h"

namespace taxgate::pipeline {

policy::OfficialLookup Registry::Lookup() const {
  return [this](const std::string& id) -> const domain::Official* {
    auto it = by_id.find(id);
    return it == by_id.end() ? nullptr : &it->second;
  };
}

std::string Registry::AgencyOf(const domain::Request& r) const {
  std::string agency = policy::AgencyOf(r, Lookup());
  return agency.empty() ? "UNKNOWN" : agency;
}

Result<Registry> Registry::AsRecorded(storage::Database* db) {
  TG_ASSIGN_OR_RETURN(auto officials, db->ReadOfficials());
  Registry reg;
  for (auto& o : officials) reg.by_id[o.official_id] = std::move(o);
  return reg;
}

Result<Registry> Registry::ForDecisions(storage::Database* db,
                                        const Date& as_of) {
  TG_ASSIGN_OR_RETURN(Registry reg, AsRecorded(db));
  const std::string day = as_of.ToString();
  for (auto& [id, o] : reg.by_id) {
    std::string revoked(Trim(o.revoked_on));
    if (!revoked.empty() && revoked > day) o.revoked_on = day;
  }
  return reg;
}

}  // namespace taxgate::pipeline
