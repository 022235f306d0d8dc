// Rng: the synthesizer's own seeded pseudo-random generator (xoshiro256**,
// seeded through splitmix64), so that the same seed gives the same files on
// every platform and standard library. Never seeded from the clock or
// std::random_device.
//
// Streams: MixSeed(seed, stream, index) derives an independent seed for one
// item (a person, a request), so items can be generated in any order or on
// any thread and still come out the same.
//
// Thread-compatible: one Rng per thread.
#ifndef TAXGATE_SYNTH_RNG_H_
#define TAXGATE_SYNTH_RNG_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace taxgate::synth {

// One step of splitmix64: advances *state and returns the next output.
inline uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// A seed for item `index` of stream `stream` under the master `seed`.
inline uint64_t MixSeed(uint64_t seed, uint64_t stream, uint64_t index) {
  uint64_t s = seed ^ (stream * 0xD1B54A32D192ED03ULL);
  uint64_t a = SplitMix64(&s);
  s = a ^ (index * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL);
  return SplitMix64(&s);
}

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    uint64_t x = seed;
    for (auto& s : s_) s = SplitMix64(&x);
  }

  // The next 64 random bits.
  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n). REQUIRES: n > 0.
  uint64_t Uniform(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >>
                                 64);
  }

  // Uniform in [lo, hi], both included. REQUIRES: lo <= hi.
  int64_t Range(int64_t lo, int64_t hi) {
    return lo +
           static_cast<int64_t>(Uniform(static_cast<uint64_t>(hi - lo) + 1));
  }

  // Uniform in [0, 1).
  double Double() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

  // True with probability p.
  bool Chance(double p) { return Double() < p; }

  // A uniformly chosen element. REQUIRES: !v.empty().
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Uniform(v.size())];
  }
  template <typename T, size_t N>
  const T& Pick(const T (&a)[N]) {
    return a[Uniform(N)];
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace taxgate::synth

#endif  // TAXGATE_SYNTH_RNG_H_
