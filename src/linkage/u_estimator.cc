#include "linkage/u_estimator.h"

#include <algorithm>
#include <thread>

namespace taxgate::linkage {
namespace {

uint64_t HashId(std::string_view s, uint64_t seed) {
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

UEstimate EstimateU(std::span<const CompactPerson> persons,
                    const StringPool& pool,
                    const std::function<std::string_view(size_t)>& id_of,
                    std::span<const uint32_t> taxpayer, size_t max_pairs,
                    uint64_t seed, ThreadPool* thread_pool) {
  UEstimate est;
  const size_t n = persons.size();
  using Counts = std::array<std::array<double, kMaxLevels>, kNumFields>;
  Counts counts{};
  std::array<double, kNumFields> totals{};
  if (n >= 2) {
    std::vector<std::pair<uint64_t, uint32_t>> order(n);
    for (size_t i = 0; i < n; ++i) {
      order[i] = {HashId(id_of(i), seed), static_cast<uint32_t>(i)};
    }
    std::sort(order.begin(), order.end());
    // The pairs, in a fixed order: the k-th record with the (k + offset)-th,
    // for growing offsets spread over 1..n-1.
    std::vector<std::pair<uint32_t, uint32_t>> pairs;
    pairs.reserve(std::min(max_pairs, n * (n - 1) / 2));
    for (size_t round = 0; pairs.size() < max_pairs && round + 1 < n; ++round) {
      const size_t offset = 1 + (round * 0x9E3779B1ULL) % (n - 1);
      for (size_t k = 0; k < n && pairs.size() < max_pairs; ++k) {
        uint32_t a = order[k].second;
        uint32_t b = order[(k + offset) % n].second;
        if (taxpayer[a] != taxpayer[b]) pairs.emplace_back(a, b);
      }
    }
    // Compared in slices on the pool's threads; counts are whole numbers,
    // so their sum does not depend on how the pairs were shared out.
    const size_t slices = 64;
    std::vector<Counts> part_counts(slices, Counts{});
    std::vector<std::array<double, kNumFields>> part_totals(slices);
    ForSlices(thread_pool, pairs.size(), slices,
              [&](size_t t, size_t begin, size_t end) {
                const Strings strings(&pool);
                Counts& c = part_counts[t];
                auto& tot = part_totals[t];
                tot.fill(0);
                for (size_t p = begin; p < end; ++p) {
                  ComparisonVector v =
                      Compare(persons[pairs[p].first], persons[pairs[p].second],
                              strings);
                  for (int f = 0; f < kNumFields; ++f) {
                    if (v.level[f] == kMissing) continue;
                    c[f][v.level[f]] += 1;
                    tot[f] += 1;
                  }
                }
              });
    for (size_t t = 0; t < slices; ++t) {
      for (int f = 0; f < kNumFields; ++f) {
        totals[f] += part_totals[t][f];
        for (int l = 0; l < kMaxLevels; ++l)
          counts[f][l] += part_counts[t][f][l];
      }
    }
    est.pairs = pairs.size();
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
