// ErrorEstimate: the model's own, label-free estimate of its errors over a
// batch, from the posteriors as fastLink reports them: among `match`
// answers the expected number of false matches is the sum of (1 - p);
// among `possible` and `no_match` the expected number of true persons left
// is the sum of p of each request's best candidate (a request without one
// adds nothing). The rates divide by the matches and by the persons the
// model thinks are in the store (right matches plus persons left).
//
// What it cannot see: a person whose best candidate the model scores low
// (a request with only the name right) counts as absent.
// docs/linkage_model.md gives the measured gaps. Value type.
#ifndef TAXGATE_LINKAGE_ERROR_ESTIMATE_H_
#define TAXGATE_LINKAGE_ERROR_ESTIMATE_H_

#include <algorithm>
#include <cstdint>
#include <string_view>

namespace taxgate::linkage {

struct ErrorEstimate {
  int64_t matches = 0;
  double expected_false_matches = 0;
  int64_t not_matched = 0;  // possible + no_match with a candidate
  double expected_missed = 0;

  // Counts one request's best candidate: its decision ("match", ...) and
  // probability.
  void Add(std::string_view decision, double p) {
    p = std::clamp(p, 0.0, 1.0);
    if (decision == "match") {
      ++matches;
      expected_false_matches += 1 - p;
    } else {
      ++not_matched;
      expected_missed += p;
    }
  }
  // Expected share of false matches among the matches.
  double FalseMatchRate() const {
    return matches ? expected_false_matches / static_cast<double>(matches)
                   : 0.0;
  }
  // Expected share of the persons in the store the batch asked for that
  // were not matched.
  double MissedRate() const {
    const double in_store =
        static_cast<double>(matches) - expected_false_matches + expected_missed;
    return in_store > 0 ? expected_missed / in_store : 0.0;
  }
};

}  // namespace taxgate::linkage

#endif  // TAXGATE_LINKAGE_ERROR_ESTIMATE_H_
