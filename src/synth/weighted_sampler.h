// WeightedSampler: draws an index with probability proportional to its
// weight in O(1) (Walker/Vose alias method). Built once from a weight list,
// then shared read-only; Sample() is const and thread-safe given one Rng per
// thread. The table depends only on the weights and their order, so sampling
// is deterministic for a given Rng.
#ifndef TAXGATE_SYNTH_WEIGHTED_SAMPLER_H_
#define TAXGATE_SYNTH_WEIGHTED_SAMPLER_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "synth/rng.h"

namespace taxgate::synth {

class WeightedSampler {
 public:
  WeightedSampler() = default;
  // Negative weights count as zero. If every weight is zero, sampling is
  // uniform.
  explicit WeightedSampler(const std::vector<double>& weights);

  // An index in [0, size()). REQUIRES: !empty().
  size_t Sample(Rng& rng) const {
    size_t i = rng.Uniform(prob_.size());
    return rng.Double() < prob_[i] ? i : alias_[i];
  }
  size_t size() const { return prob_.size(); }
  bool empty() const { return prob_.empty(); }

 private:
  std::vector<double> prob_;
  std::vector<uint32_t> alias_;
};

}  // namespace taxgate::synth

#endif  // TAXGATE_SYNTH_WEIGHTED_SAMPLER_H_
