#include "linkage/em_trainer.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace taxgate::linkage {
namespace {

// Draws a level from a distribution over `levels` entries.
uint8_t Draw(const std::array<double, kMaxLevels>& p, int levels,
             std::mt19937_64& rng) {
  double x = std::uniform_real_distribution<double>(0, 1)(rng);
  for (int l = 0; l < levels - 1; ++l) {
    if (x < p[l]) return static_cast<uint8_t>(l);
    x -= p[l];
  }
  return static_cast<uint8_t>(levels - 1);
}

// A distribution with `levels` entries, the first one heavy (for m) or the
// last one heavy (for u).
std::array<double, kMaxLevels> Dist(int levels, bool heavy_first, int field) {
  std::array<double, kMaxLevels> p{};
  double rest = 0.3 + 0.02 * field;
  for (int l = 0; l < levels; ++l) p[l] = rest / (levels - 1);
  p[heavy_first ? 0 : levels - 1] = 1.0 - rest;
  // Uneven middle levels so that every level differs.
  if (levels > 2) {
    p[1] += 0.03;
    p[heavy_first ? levels - 1 : 0] -= 0.03;
  }
  return p;
}

TEST(EmTrainerTest, RecoversKnownMAndUFromSimulatedPairs) {
  EmParams truth;
  for (int f = 0; f < kNumFields; ++f) {
    truth.m[f] = Dist(NumLevels(f), true, f);
    truth.u[f] = Dist(NumLevels(f), false, f);
  }
  truth.lambda = 0.2;
  std::mt19937_64 rng(7);
  std::map<uint64_t, PatternCount> patterns;
  const int kPairs = 200000;
  for (int i = 0; i < kPairs; ++i) {
    bool match =
        std::uniform_real_distribution<double>(0, 1)(rng) < truth.lambda;
    ComparisonVector v;
    for (int f = 0; f < kNumFields; ++f) {
      v.level[f] = Draw(match ? truth.m[f] : truth.u[f], NumLevels(f), rng);
    }
    // Some fields missing now and then: neutral for EM.
    if (i % 10 == 0) v.level[static_cast<int>(Field::kTin)] = kMissing;
    uint64_t key = 0;
    for (int f = 0; f < kNumFields; ++f) key = key * 256 + v.level[f];
    auto& pc = patterns[key];
    pc.gamma = v;
    pc.count += 1;
  }
  std::vector<PatternCount> list;
  for (auto& [k, pc] : patterns) list.push_back(pc);
  EmParams start;
  for (int f = 0; f < kNumFields; ++f) {
    const int n = NumLevels(f);
    for (int l = 0; l < n; ++l) {
      start.m[f][l] = l == 0 ? 0.6 : 0.4 / (n - 1);
      start.u[f][l] = l == n - 1 ? 0.6 : 0.4 / (n - 1);
    }
  }
  start.lambda = 0.05;
  EmResult r = RunEm(list, start);
  EXPECT_TRUE(r.converged);
  EXPECT_NEAR(r.params.lambda, truth.lambda, 0.01);
  for (int f = 0; f < kNumFields; ++f) {
    for (int l = 0; l < NumLevels(f); ++l) {
      EXPECT_NEAR(r.params.m[f][l], truth.m[f][l], 0.02)
          << FieldName(f) << " " << LevelName(f, l);
      EXPECT_NEAR(r.params.u[f][l], truth.u[f][l], 0.01)
          << FieldName(f) << " " << LevelName(f, l);
    }
  }
}

TEST(EmTrainerTest, FixedUStaysFixed) {
  EmParams start;
  for (int f = 0; f < kNumFields; ++f) {
    for (int l = 0; l < NumLevels(f); ++l) {
      start.m[f][l] = start.u[f][l] = 1.0 / NumLevels(f);
    }
  }
  ComparisonVector v;
  v.level.fill(0);
  EmOptions o;
  o.fix_u = true;
  EmResult r = RunEm({{v, 10}}, start, o);
  EXPECT_DOUBLE_EQ(r.params.u[0][0], start.u[0][0]);
}

}  // namespace
}  // namespace taxgate::linkage
