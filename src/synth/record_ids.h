// RecordIds: opaque, unique record ids ("R" + zero-padded digits) that say
// nothing about the person or the row order. Row `slot` of person `index`
// gets a keyed permutation (a Feistel network with cycle walking) of
// index * kSlotsPerPerson + slot over [0, people * kSlotsPerPerson).
// Immutable after construction; thread-safe.
#ifndef TAXGATE_SYNTH_RECORD_IDS_H_
#define TAXGATE_SYNTH_RECORD_IDS_H_

#include <cstdint>
#include <string>

namespace taxgate::synth {

class RecordIds {
 public:
  static constexpr int64_t kSlotsPerPerson = 16;

  // REQUIRES: people >= 1.
  RecordIds(uint64_t seed, int64_t people);
  // REQUIRES: 0 <= index < people, 0 <= slot < kSlotsPerPerson.
  std::string Id(int64_t index, int slot) const;

 private:
  uint64_t Permute(uint64_t x) const;
  uint64_t Round(uint64_t half, int round) const;

  uint64_t space_;
  int half_bits_;
  uint64_t half_mask_;
  uint64_t keys_[4];
  int width_;
};

}  // namespace taxgate::synth

#endif  // TAXGATE_SYNTH_RECORD_IDS_H_
