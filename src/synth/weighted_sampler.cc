#include "synth/weighted_sampler.h"

namespace taxgate::synth {

WeightedSampler::WeightedSampler(const std::vector<double>& weights) {
  const size_t n = weights.size();
  prob_.assign(n, 1.0);
  alias_.resize(n);
  for (size_t i = 0; i < n; ++i) alias_[i] = static_cast<uint32_t>(i);
  if (n == 0) return;
  double total = 0;
  for (double w : weights) total += w > 0 ? w : 0;
  if (total <= 0) return;  // uniform
  std::vector<double> scaled(n);
  std::vector<uint32_t> small, large;
  for (size_t i = 0; i < n; ++i) {
    scaled[i] =
        (weights[i] > 0 ? weights[i] : 0) * static_cast<double>(n) / total;
    (scaled[i] < 1.0 ? small : large).push_back(static_cast<uint32_t>(i));
  }
  while (!small.empty() && !large.empty()) {
    uint32_t s = small.back();
    small.pop_back();
    uint32_t l = large.back();
    prob_[s] = scaled[s];
    alias_[s] = l;
    scaled[l] = (scaled[l] + scaled[s]) - 1.0;
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  for (uint32_t i : large) prob_[i] = 1.0;
  for (uint32_t i : small) prob_[i] = 1.0;  // rounding leftovers
}

}  // namespace taxgate::synth
