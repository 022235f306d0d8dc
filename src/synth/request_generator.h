// RequestGenerator: an agency's batch of (i)(2) disclosure requests
// (requests.csv) and its truth (truth.csv).
//
// The person: a share (1 - absent_share) of the requests name people in the
// store, the rest people who are not (generated the same way, never written
// to records.csv). The agency knows them imperfectly: typos, nicknames
// (English and Spanish), a dropped, swapped or hyphenated second surname, a
// given/family swap, a dob with day and month swapped or missing, an older
// address, mostly no TIN (sometimes one with two digits transposed), and for
// a few percent an address that is no address ("Failed to Provide",
// "UNKNOWN ADDRESS", "NA NA", a ZIP alone, a city alone).
//
// The policy columns: most requests are lawful (signed by the head, IG or a
// delegate of the agency, an investigator engaged, a unique case number, a
// criminal statute, closed tax years, a specific reason); a realistic share
// breaks one or two rules (missing or open tax periods, civil, Title 26 or
// unknown statutes, missing statute/reason/case, boilerplate reasons,
// unknown or foreign-agency officials, forbidden purposes, return
// information asked for, repeated request ids). INV-BULK is attached to
// max(8% of the batch, min(110, 25% of the batch)) requests, each a
// distinct matter, so it exceeds 100 matters whenever the batch has 500
// requests or more.
//
// Deterministic for a seed. Thread-compatible.
#ifndef TAXGATE_SYNTH_REQUEST_GENERATOR_H_
#define TAXGATE_SYNTH_REQUEST_GENERATOR_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/request.h"
#include "synth/name_generator.h"
#include "synth/officials_generator.h"
#include "synth/population.h"
#include "synth/record_ids.h"

namespace taxgate::synth {

struct RequestBatchOptions {
  int64_t people = 0;  // people in the store (indexes 0..people-1)
  int64_t requests = 0;
  double absent_share = 0.2;
  uint64_t seed = 1;
  int latest_tax_year = 2025;
  // The hard batch (synth --difficulty hard): the classes a held-out set
  // showed the linkage misses (issue 15). Much more often than in the
  // normal batch: nicknames and hypocorisms (Pepe, Paco, Lupe), one of two
  // surnames or both swapped, one given name of a compound (Carlos for
  // Juan Carlos), no date of birth; and two classes the normal batch has
  // not: name-only requests (no date of birth, and an address the store
  // never had for the person), and near-namesake relatives absent from the
  // store (half the absent people share the surnames and home of someone
  // in the store). (synth's hard store also files information returns
  // without a TIN or with a mistyped one: population.h.) The normal batch
  // is unchanged by this option's existence (the same seed gives the same
  // files).
  bool hard = false;
};

struct GeneratedRequest {
  domain::Request request;
  std::string truth_record_id;  // "" when the person is not in the store
  int64_t person_index = 0;
  bool repeated = false;  // re-sends an earlier request (same id, person)
};

// How many of `requests` requests INV-BULK is attached to.
int64_t BulkRequestCount(int64_t requests);

class RequestGenerator {
 public:
  // All referenced objects must outlive the generator.
  RequestGenerator(const PopulationGenerator& population,
                   const NameGenerator& names, const OfficialRoster& roster,
                   const RecordIds& ids, RequestBatchOptions options);

  // Generates the batch in order, handing each request to `sink`; stops at
  // and returns the first error `sink` returns. Memory stays bounded: a
  // repeated request id repeats one of the last kRecent requests.
  Status Generate(
      const std::function<Status(const GeneratedRequest&)>& sink) const;
  // The whole batch in memory (for small batches and tests).
  std::vector<GeneratedRequest> Generate() const;

  static constexpr size_t kRecent = 4096;

 private:
  domain::PersonQuery AgencyView(Rng& rng, const Person& person) const;
  // The hard batch's further changes (a stream of its own, so the normal
  // batch's draws stay as they are).
  void Harder(Rng& rng, domain::PersonQuery* q) const;

  const PopulationGenerator& population_;
  const NameGenerator& names_;
  const OfficialRoster& roster_;
  const RecordIds& ids_;
  RequestBatchOptions options_;
};

}  // namespace taxgate::synth

#endif  // TAXGATE_SYNTH_REQUEST_GENERATOR_H_
