#include "linkage/u_estimator.h"

#include <algorithm>

namespace taxgate::linkage {
namespace {

uint64_t HashId(const std::string& s, uint64_t seed) {
  uint64_t h = 0xcbf29ce484222325ULL ^ seed;
  for (char c : s) {
    h ^= static_cast<uint8_t>(c);
    h *= 0x100000001b3ULL;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

}  // namespace

UEstimate EstimateU(const std::vector<Person>& persons,
                    const std::vector<std::string>& ids,
                    const std::vector<uint32_t>& taxpayer, size_t max_pairs,
                    uint64_t seed) {
  UEstimate est;
  const size_t n = persons.size();
  std::array<std::array<double, kMaxLevels>, kNumFields> counts{};
  std::array<double, kNumFields> totals{};
  if (n >= 2) {
    std::vector<std::pair<uint64_t, uint32_t>> order(n);
    for (size_t i = 0; i < n; ++i) {
      order[i] = {HashId(ids[i], seed), static_cast<uint32_t>(i)};
    }
    std::sort(order.begin(), order.end());
    // Pair the k-th record with the (k + offset)-th, for growing offsets;
    // offsets are spread over 1..n-1.
    for (size_t round = 0; est.pairs < max_pairs && round + 1 < n; ++round) {
      const size_t offset = 1 + (round * 0x9E3779B1ULL) % (n - 1);
      for (size_t k = 0; k < n && est.pairs < max_pairs; ++k) {
        uint32_t a = order[k].second;
        uint32_t b = order[(k + offset) % n].second;
        if (taxpayer[a] == taxpayer[b]) continue;
        ComparisonVector v = Compare(persons[a], persons[b]);
        for (int f = 0; f < kNumFields; ++f) {
          if (v.level[f] == kMissing) continue;
          counts[f][v.level[f]] += 1;
          totals[f] += 1;
        }
        ++est.pairs;
      }
    }
  }
  for (int f = 0; f < kNumFields; ++f) {
    const int levels = NumLevels(f);
    const double pseudo = 0.1;
    for (int l = 0; l < levels; ++l) {
      est.u[f][l] = (counts[f][l] + pseudo) / (totals[f] + pseudo * levels);
    }
  }
  return est;
}

}  // namespace taxgate::linkage
