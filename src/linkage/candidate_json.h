// CandidatesJson: a match's candidates as JSON, for the reviewer's evidence
// (pipeline/processor.cc) and `taxgate match --explain`: each with its
// record id, weight, probability, whether the request rules it out, and
// its per-field weights (levels, never values). Pure.
#ifndef TAXGATE_LINKAGE_CANDIDATE_JSON_H_
#define TAXGATE_LINKAGE_CANDIDATE_JSON_H_

#include <nlohmann/json.hpp>
#include <vector>

#include "linkage/matcher.h"

namespace taxgate::linkage {

inline nlohmann::json CandidatesJson(const std::vector<Candidate>& candidates) {
  nlohmann::json out = nlohmann::json::array();
  for (const Candidate& c : candidates) {
    nlohmann::json weights = nlohmann::json::array();
    for (const FieldWeight& w : c.weights) {
      weights.push_back(
          {{"field", w.field}, {"level", w.Label()}, {"weight", w.weight}});
    }
    out.push_back({{"record_id", c.record_id},
                   {"probability", c.probability},
                   {"match_weight", c.match_weight},
                   {"ruled_out", c.ruled_out},
                   {"weights", std::move(weights)}});
  }
  return out;
}

}  // namespace taxgate::linkage

#endif  // TAXGATE_LINKAGE_CANDIDATE_JSON_H_
