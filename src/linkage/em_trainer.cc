#include "linkage/em_trainer.h"

#include <algorithm>
#include <cmath>

namespace taxgate::linkage {

EmResult RunEm(const std::vector<PatternCount>& patterns, const EmParams& start,
               const EmOptions& options) {
  EmResult r;
  r.params = start;
  EmParams& p = r.params;
  using Table = std::array<std::array<double, kMaxLevels>, kNumFields>;
  for (int it = 0; it < options.max_iterations; ++it) {
    if (options.progress) options.progress("EM", it, options.max_iterations);
    Table mc{}, uc{};
    std::array<double, kNumFields> mt{}, ut{};
    double match_total = 0, total = 0;
    std::array<std::array<double, kMaxLevels>, kNumFields> log_ratio{};
    for (int f = 0; f < kNumFields; ++f) {
      for (int l = 0; l < NumLevels(f); ++l) {
        log_ratio[f][l] = std::log(p.m[f][l]) - std::log(p.u[f][l]);
      }
    }
    const double prior = std::log(p.lambda) - std::log1p(-p.lambda);
    for (const PatternCount& pc : patterns) {
      double lr = prior;
      for (int f = 0; f < kNumFields; ++f) {
        uint8_t l = pc.gamma.level[f];
        if (l != kMissing) lr += log_ratio[f][l];
      }
      double post = lr > 0 ? 1.0 / (1.0 + std::exp(-lr))
                           : std::exp(lr) / (1.0 + std::exp(lr));
      double wm = pc.count * post, wu = pc.count * (1.0 - post);
      match_total += wm;
      total += pc.count;
      for (int f = 0; f < kNumFields; ++f) {
        uint8_t l = pc.gamma.level[f];
        if (l == kMissing) continue;
        mc[f][l] += wm;
        mt[f] += wm;
        uc[f][l] += wu;
        ut[f] += wu;
      }
    }
    if (total <= 0) break;
    double delta = 0;
    auto update = [&](double& target, double value) {
      value = std::max(value, options.min_probability);
      delta = std::max(delta, std::abs(target - value));
      target = value;
    };
    for (int f = 0; f < kNumFields; ++f) {
      for (int l = 0; l < NumLevels(f); ++l) {
        if (mt[f] > 0) update(p.m[f][l], mc[f][l] / mt[f]);
        if (!options.fix_u && ut[f] > 0) update(p.u[f][l], uc[f][l] / ut[f]);
      }
    }
    update(p.lambda, std::min(match_total / total, 1.0 - 1e-9));
    r.iterations = it + 1;
    if (delta < options.tolerance) {
      r.converged = true;
      break;
    }
  }
  return r;
}

}  // namespace taxgate::linkage
