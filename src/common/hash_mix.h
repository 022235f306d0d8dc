// Mix64: the splitmix64 finalizer, which spreads the bits of a 64-bit hash
// (FNV-1a here) so that its top bits are uniform: blocking keys are bucketed
// and the string pool's table indexed by them. Pure, constexpr.
#ifndef TAXGATE_COMMON_HASH_MIX_H_
#define TAXGATE_COMMON_HASH_MIX_H_

#include <cstdint>

namespace taxgate {

constexpr uint64_t Mix64(uint64_t h) {
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

}  // namespace taxgate

#endif  // TAXGATE_COMMON_HASH_MIX_H_
