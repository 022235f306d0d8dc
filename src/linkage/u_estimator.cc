#include "linkage/u_estimator.h"

#include <algorithm>
#include <thread>
#include <unordered_map>
#include <utility>

#include "normalize/dob.h"

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

// Calls f(x, y) for every pair of rows of one taxpayer; `by_taxpayer` lists
// the rows with each taxpayer's together.
template <class F>
void ForPairsWithinTaxpayers(const std::vector<uint32_t>& by_taxpayer,
                             std::span<const uint32_t> taxpayer, F f) {
  for (size_t g = 0; g < by_taxpayer.size();) {
    size_t end = g;
    while (end < by_taxpayer.size() &&
           taxpayer[by_taxpayer[end]] == taxpayer[by_taxpayer[g]]) {
      ++end;
    }
    for (size_t x = g; x < end; ++x) {
      for (size_t y = x + 1; y < end; ++y) f(by_taxpayer[x], by_taxpayer[y]);
    }
    g = end;
  }
}

// How many rows hold each value of `field` (0, unknown, not counted), and
// how many hold one at all.
std::unordered_map<uint32_t, double> CountValues(
    std::span<const CompactPerson> persons, uint32_t CompactPerson::*field,
    double* known) {
  std::unordered_map<uint32_t, double> count;
  *known = 0;
  for (const CompactPerson& p : persons) {
    if (p.*field != 0) {
      count[p.*field] += 1;
      *known += 1;
    }
  }
  return count;
}

// YYYYMMDD as CompactPerson keeps it, and back.
Date DateOf(uint32_t v) {
  return Date{static_cast<int>(v / 10000), static_cast<int>(v / 100 % 100),
              static_cast<int>(v % 100)};
}

// Every pair of records with a date of birth on both sides, counted by the
// dob level it falls in (exact, day_month_swap, one_digit) from the
// dates' frequencies: all pairs, no sample, less the pairs within one
// taxpayer (which random sampling skips too). A store's distinct dates are
// few (about 36,500 a century), so this is cheap at any size.
struct DobPairs {
  double both = 0;  // pairs with a date on both sides
  std::array<double, 3> level{};
};

DobPairs CountDobPairs(std::span<const CompactPerson> persons,
                       const std::vector<uint32_t>& by_taxpayer,
                       std::span<const uint32_t> taxpayer) {
  DobPairs out;
  double dated = 0;
  const auto count = CountValues(persons, &CompactPerson::dob, &dated);
  out.both = dated * (dated - 1) / 2;
  auto add = [&](uint32_t a, uint32_t b, double pairs) {
    if (a == b) {
      out.level[kDobExact] += pairs;
      return;
    }
    const auto m = normalize::CompareDob(DateOf(a), DateOf(b));
    if (m == normalize::DobMatch::kDayMonthSwap) {
      out.level[kDobDayMonthSwap] += pairs;
    } else if (m == normalize::DobMatch::kOneDigit) {
      out.level[kDobOneDigit] += pairs;
    }
  };
  for (const auto& [v, c] : count) {
    add(v, v, c * (c - 1) / 2);
    // The dates a swap, one digit or two adjacent digits away; each
    // unordered pair of dates is met from both ends, hence the halves.
    const Date d = DateOf(v);
    std::vector<uint32_t> near;
    if (d.day <= 12 && d.day != d.month) {
      near.push_back(
          static_cast<uint32_t>(d.year * 10000 + d.day * 100 + d.month));
    }
    // Digits of YYYYMMDD, most significant first, and their place values.
    static constexpr uint32_t kPlace[8] = {10000000, 1000000, 100000, 10000,
                                           1000,     100,     10,     1};
    int digit[8];
    for (int k = 0; k < 8; ++k) digit[k] = static_cast<int>(v / kPlace[k] % 10);
    for (int k = 0; k < 8; ++k) {
      const int64_t base = static_cast<int64_t>(v) - digit[k] * kPlace[k];
      for (int c = 0; c < 10; ++c) {
        if (c != digit[k]) {
          near.push_back(static_cast<uint32_t>(base + c * kPlace[k]));
        }
      }
      if (k + 1 < 8 && digit[k] != digit[k + 1]) {
        const int64_t diff = static_cast<int64_t>(digit[k + 1] - digit[k]) *
                             (kPlace[k] - kPlace[k + 1]);
        near.push_back(static_cast<uint32_t>(static_cast<int64_t>(v) + diff));
      }
    }
    std::sort(near.begin(), near.end());
    near.erase(std::unique(near.begin(), near.end()), near.end());
    for (uint32_t w : near) {
      auto it = count.find(w);
      if (it != count.end() && w != v) add(v, w, c * it->second / 2);
    }
  }
  // Less the pairs within one taxpayer.
  ForPairsWithinTaxpayers(by_taxpayer, taxpayer, [&](uint32_t x, uint32_t y) {
    const uint32_t a = persons[x].dob, b = persons[y].dob;
    if (a == 0 || b == 0) return;
    out.both -= 1;
    add(a, b, -1);
  });
  return out;
}

// The same for the TIN's exact level: pairs of records with one TIN, less
// those within one taxpayer, among the pairs with a TIN on both sides.
std::pair<double, double> CountTinPairs(
    std::span<const CompactPerson> persons,
    const std::vector<uint32_t>& by_taxpayer,
    std::span<const uint32_t> taxpayer) {
  double with = 0;
  const auto count = CountValues(persons, &CompactPerson::tin, &with);
  double both = with * (with - 1) / 2, exact = 0;
  for (const auto& [v, c] : count) exact += c * (c - 1) / 2;
  ForPairsWithinTaxpayers(by_taxpayer, taxpayer, [&](uint32_t x, uint32_t y) {
    const uint32_t a = persons[x].tin, b = persons[y].tin;
    if (a == 0 || b == 0) return;
    both -= 1;
    if (a == b) exact -= 1;
  });
  return {both, exact};
}

// Replaces the first `counted` levels of a field's u by counted shares
// `share` (of all pairs with the field on both sides) and scales the
// sampled others to the rest, so the levels still sum to one.
void UseCountedLevels(std::array<double, kMaxLevels>* u, int levels,
                      const double* share, int counted) {
  double counted_total = 0, sampled_total = 0;
  for (int l = 0; l < counted; ++l) counted_total += share[l];
  for (int l = counted; l < levels; ++l) sampled_total += (*u)[l];
  const double rest = std::max(1.0 - counted_total, 0.0);
  for (int l = 0; l < counted; ++l) (*u)[l] = share[l];
  for (int l = counted; l < levels; ++l) {
    (*u)[l] = sampled_total > 0 ? (*u)[l] / sampled_total * rest : 0;
  }
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
    // One pseudo-pair per level (Laplace): a rare level seen never in the
    // sample gets u of about 1/pairs, an upper bound rather than a guess,
    // so its weight errs low (e.g. surnames swapped, u about 5e-5).
    const double pseudo = 1.0;
    for (int l = 0; l < levels; ++l) {
      est.u[f][l] = (counts[f][l] + pseudo) / (totals[f] + pseudo * levels);
    }
  }
  if (n >= 2) {
    // The identifiers' rare levels are counted over every pair instead
    // (a few random pairs meet a shared birthday or TIN a handful of
    // times, or never): rows in taxpayer order first.
    std::vector<uint32_t> by_taxpayer(n);
    for (size_t i = 0; i < n; ++i) by_taxpayer[i] = static_cast<uint32_t>(i);
    std::stable_sort(
        by_taxpayer.begin(), by_taxpayer.end(),
        [&](uint32_t a, uint32_t b) { return taxpayer[a] < taxpayer[b]; });
    const DobPairs dob = CountDobPairs(persons, by_taxpayer, taxpayer);
    if (dob.both >= 1) {
      double share[3];
      for (int l = 0; l < 3; ++l) {
        share[l] = std::max(dob.level[l], 0.1) / dob.both;
      }
      UseCountedLevels(&est.u[static_cast<int>(Field::kDob)],
                       NumLevels(static_cast<int>(Field::kDob)), share, 3);
    }
    const auto [tin_both, tin_exact] =
        CountTinPairs(persons, by_taxpayer, taxpayer);
    if (tin_both >= 1) {
      const double share = std::max(tin_exact, 0.1) / tin_both;
      UseCountedLevels(&est.u[static_cast<int>(Field::kTin)],
                       NumLevels(static_cast<int>(Field::kTin)), &share, 1);
    }
  }
  return est;
}

}  // namespace taxgate::linkage
