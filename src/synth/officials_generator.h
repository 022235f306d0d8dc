// MakeOfficials: the registry of officials for a synthetic batch
// (officials.csv): a few agencies (DHS, DOJ, TREAS), each with a head, an
// inspector general, delegates who may sign for the head, and investigators
// (a few dozen per agency, more for large batches so that no honest
// investigator is engaged in more than ~80 matters); plus INV-BULK, the DHS
// program official the batch attaches to thousands of matters, and one DHS
// investigator whose registration expired. Every official has an Ed25519
// key pair derived from the seed (domain::TestKeySeed(KeySeedText(seed),
// id), as ../shared/tools/sign_requests.py derives test keys): the public
// key goes into the registry, the private one signs the synthetic requests.
// Anyone who knows the seed can sign as these officials: synthetic data.
// Pure function of its arguments; thread-safe.
#ifndef TAXGATE_SYNTH_OFFICIALS_GENERATOR_H_
#define TAXGATE_SYNTH_OFFICIALS_GENERATOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "domain/official.h"
#include "synth/name_generator.h"

namespace taxgate::synth {

struct AgencyRoster {
  std::string code;  // "DHS"
  double share = 0;  // share of the batch's lawful requests
  size_t head = 0;   // index into OfficialRoster::officials
  size_t inspector_general = 0;
  std::vector<size_t> delegates;
  std::vector<size_t> investigators;  // without INV-BULK and the expired one
};

struct OfficialRoster {
  std::vector<domain::Official> officials;  // public_key set
  std::string key_seed_text;                // KeySeedText(seed)
  std::vector<AgencyRoster> agencies;       // agencies[0] is DHS
  size_t bulk = 0;                          // INV-BULK (DHS)
  size_t expired = 0;  // a DHS investigator, valid_to passed
};

// Investigators get at most this many matters each in a synthetic batch.
inline constexpr int kMattersPerInvestigator = 80;

// "taxgate-synth-<seed>": the text the officials' test keys derive from.
std::string KeySeedText(uint64_t seed);

OfficialRoster MakeOfficials(uint64_t seed, int64_t requests,
                             int latest_tax_year, const NameGenerator& names);

}  // namespace taxgate::synth

#endif  // TAXGATE_SYNTH_OFFICIALS_GENERATOR_H_
