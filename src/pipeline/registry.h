// The registry of officials as the rules see it at one moment.
//
// LAW.md: a revocation takes effect from the moment it is recorded (or an
// earlier date the operator gives), for every decision made after it.
// `process` and the release of answers decide now, so every revocation the
// store holds applies to them whatever the as-of date (ForDecisions);
// `policy check`, a dry run that may reproduce an old decision, reads the
// revocation's effective date against its as-of date (AsRecorded).
#ifndef TAXGATE_PIPELINE_REGISTRY_H_
#define TAXGATE_PIPELINE_REGISTRY_H_

#include <string>
#include <unordered_map>

#include "common/date.h"
#include "common/status.h"
#include "domain/official.h"
#include "domain/request.h"
#include "policy/request_rules.h"
#include "storage/database.h"

namespace taxgate::pipeline {

struct Registry {
  std::unordered_map<std::string, domain::Official> by_id;

  // Registry ids compare exactly (a request's id trimmed of spaces).
  policy::OfficialLookup Lookup() const;
  // The agency code of a request (policy::AgencyOf), "UNKNOWN" when neither
  // of its officials is registered.
  std::string AgencyOf(const domain::Request& r) const;

  // The store's registry, every recorded revocation in force from `as_of`
  // on at the latest.
  static Result<Registry> ForDecisions(storage::Database* db,
                                       const Date& as_of);
  // The store's registry as recorded (revocations from their dates).
  static Result<Registry> AsRecorded(storage::Database* db);
};

}  // namespace taxgate::pipeline

#endif  // TAXGATE_PIPELINE_REGISTRY_H_
