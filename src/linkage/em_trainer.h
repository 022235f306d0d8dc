// EmTrainer: m-probabilities (and the share of matches) by expectation
// maximisation, without labels, from comparison vectors of candidate pairs.
//
// The input is the distinct comparison vectors ("agreement patterns") with
// how often each occurs. Each field's level is conditionally independent of
// the others given match status (the Fellegi-Sunter assumption); kMissing
// levels contribute nothing. E-step: the posterior that each pattern is a
// match; M-step: m, u and lambda from the posterior-weighted counts. With
// fix_u the u-probabilities stay at their start values (Splink's default
// when u comes from random sampling).
//
// Pure and deterministic (iteration order is the input order).
#ifndef TAXGATE_LINKAGE_EM_TRAINER_H_
#define TAXGATE_LINKAGE_EM_TRAINER_H_

#include <array>
#include <cstdint>
#include <vector>

#include "common/progress.h"
#include "linkage/comparison.h"

namespace taxgate::linkage {

struct PatternCount {
  ComparisonVector gamma;
  double count = 0;
};

struct EmParams {
  std::array<std::array<double, kMaxLevels>, kNumFields> m{};
  std::array<std::array<double, kMaxLevels>, kNumFields> u{};
  double lambda = 0.01;  // share of matches among the pairs
};

struct EmOptions {
  int max_iterations = 200;
  double tolerance = 1e-6;  // stop when no parameter moves more
  bool fix_u = false;
  double min_probability = 1e-6;  // floor for every m and u
  ProgressFn progress;            // told of each iteration (stage "EM")
};

struct EmResult {
  EmParams params;
  int iterations = 0;
  bool converged = false;
};

EmResult RunEm(const std::vector<PatternCount>& patterns, const EmParams& start,
               const EmOptions& options = {});

}  // namespace taxgate::linkage

#endif  // TAXGATE_LINKAGE_EM_TRAINER_H_
