#include "synth/officials_generator.h"

#include <algorithm>
#include <cmath>

#include "common/crypto.h"
#include "domain/request_signature.h"
#include "synth/text_util.h"

namespace taxgate::synth {
namespace {

constexpr uint64_t kOfficialStream = 3;

struct AgencySpec {
  const char* code;
  double share;
  int min_investigators;
  const char* head_title;
  const char* delegate_titles[3];
  const char* investigator_title;
};

constexpr AgencySpec kAgencies[] = {
    {"DHS",
     0.75,
     40,
     "Secretary of Homeland Security",
     {"Director, U.S. Immigration and Customs Enforcement",
      "Executive Associate Director, Homeland Security Investigations",
      "Deputy Director, U.S. Immigration and Customs Enforcement"},
     "Special Agent, Homeland Security Investigations"},
    {"DOJ",
     0.15,
     25,
     "Attorney General",
     {"Deputy Attorney General",
      "Assistant Attorney General, Criminal Division",
      "Director, Federal Bureau of Investigation"},
     "Special Agent, Federal Bureau of Investigation"},
    {"TREAS",
     0.10,
     15,
     "Secretary of the Treasury",
     {"Deputy Secretary of the Treasury", "Chief, IRS Criminal Investigation",
      "Deputy Inspector General for Investigations"},
     "Special Agent, Treasury Inspector General for Tax Administration"},
};

}  // namespace

std::string KeySeedText(uint64_t seed) {
  return "taxgate-synth-" + std::to_string(seed);
}

OfficialRoster MakeOfficials(uint64_t seed, int64_t requests,
                             int latest_tax_year, const NameGenerator& names) {
  Rng rng(MixSeed(seed, kOfficialStream, 0));
  OfficialRoster roster;
  const std::string valid_from = std::to_string(latest_tax_year - 5) + "-01-20";
  auto add = [&](std::string id, const std::string& agency, std::string title,
                 domain::Role role) {
    domain::Official o;
    o.official_id = std::move(id);
    auto [first, last] = names.OfficialName(rng);
    o.name = first + " " + last;
    o.agency = agency;
    o.title = std::move(title);
    o.role = role;
    o.valid_from = valid_from;
    roster.officials.push_back(std::move(o));
    return roster.officials.size() - 1;
  };
  for (const auto& spec : kAgencies) {
    AgencyRoster a;
    a.code = spec.code;
    a.share = spec.share;
    const std::string code = spec.code;
    a.head =
        add(code + "-HEAD", code, spec.head_title, domain::Role::kHeadOfAgency);
    a.inspector_general = add(code + "-IG", code, "Inspector General",
                              domain::Role::kInspectorGeneral);
    for (int d = 0; d < 3; ++d) {
      a.delegates.push_back(add(code + "-DEL-" + std::to_string(d + 1), code,
                                spec.delegate_titles[d],
                                domain::Role::kDelegate));
    }
    // Enough investigators that lawful requests spread thinly.
    double expected = static_cast<double>(requests) * spec.share;
    int64_t n = std::max<int64_t>(
        spec.min_investigators, static_cast<int64_t>(std::ceil(
                                    expected / (kMattersPerInvestigator / 2))));
    int width = std::max(3, static_cast<int>(std::to_string(n).size()));
    for (int64_t k = 1; k <= n; ++k) {
      a.investigators.push_back(add(code + "-INV-" + ZeroPad(k, width), code,
                                    spec.investigator_title,
                                    domain::Role::kInvestigator));
    }
    roster.agencies.push_back(std::move(a));
  }
  roster.bulk = add("INV-BULK", "DHS",
                    "Assistant Director, Enforcement and Removal Operations",
                    domain::Role::kInvestigator);
  roster.expired = add("DHS-INV-X01", "DHS", kAgencies[0].investigator_title,
                       domain::Role::kInvestigator);
  roster.officials[roster.expired].valid_to =
      std::to_string(latest_tax_year - 1) + "-06-30";
  roster.key_seed_text = KeySeedText(seed);
  for (auto& o : roster.officials) {
    o.public_key = Base64Encode(Ed25519PublicKey(
        domain::TestKeySeed(roster.key_seed_text, o.official_id)));
  }
  return roster;
}

}  // namespace taxgate::synth
