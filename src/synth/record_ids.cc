#include "synth/record_ids.h"

#include "synth/rng.h"
#include "synth/text_util.h"

namespace taxgate::synth {

RecordIds::RecordIds(uint64_t seed, int64_t people) {
  space_ = static_cast<uint64_t>(people) * kSlotsPerPerson;
  int bits = 2;
  while ((uint64_t{1} << bits) < space_) bits += 2;
  half_bits_ = bits / 2;
  half_mask_ = (uint64_t{1} << half_bits_) - 1;
  uint64_t s = MixSeed(seed, 0x1D5, 0);
  for (auto& k : keys_) k = SplitMix64(&s);
  width_ = static_cast<int>(std::to_string(space_ - 1).size());
}

uint64_t RecordIds::Round(uint64_t half, int round) const {
  uint64_t x = half ^ keys_[round];
  x = (x ^ (x >> 31)) * 0x7FB5D329728EA185ULL;
  x = (x ^ (x >> 27)) * 0x81DADEF4BC2DD44DULL;
  return (x ^ (x >> 33)) & half_mask_;
}

uint64_t RecordIds::Permute(uint64_t x) const {
  do {
    uint64_t left = x >> half_bits_;
    uint64_t right = x & half_mask_;
    for (int r = 0; r < 4; ++r) {
      uint64_t next = left ^ Round(right, r);
      left = right;
      right = next;
    }
    x = (left << half_bits_) | right;
  } while (x >= space_);  // cycle walking back into [0, space_)
  return x;
}

std::string RecordIds::Id(int64_t index, int slot) const {
  uint64_t x = static_cast<uint64_t>(index) * kSlotsPerPerson +
               static_cast<uint64_t>(slot);
  std::string id = "R";
  id += ZeroPad(static_cast<int64_t>(Permute(x)), width_);
  return id;
}

}  // namespace taxgate::synth
