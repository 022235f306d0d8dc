// StringPool and Strings: every distinct normalized string of the store
// (name tokens, surnames, Soundex codes, street names, cities, ZIPs, TINs)
// held once and named by a 32-bit id, so that a store record is a small
// array of ids (CompactPerson, person.h) and two values are equal exactly
// when their ids are.
//
// StringPool is the store's: ids 0.. in order of first interning, id 0 is
// the empty string. It also interns sorted sets of uint32 (the nickname
// groups of a given name), set id 0 being the empty set. Build it on one
// thread; afterwards it is immutable and Get/Find/GetSet are safe from many
// threads. Its arrays are Columns (common/column.h): a pool read back from
// an index file borrows them from the mapping (VisitColumns).
//
// Strings resolves ids for one comparison context: a request's strings are
// looked up in the store's pool and, when the pool does not have one, given
// an id of their own (>= the pool's size) in a small overlay. Since every
// distinct string still has exactly one id, equality of ids is equality of
// strings across the request and the store. A Strings with no overlay
// resolves store ids only (record-to-record comparisons). One Strings per
// thread; it borrows the pool, which must outlive it.
#ifndef TAXGATE_LINKAGE_STRING_POOL_H_
#define TAXGATE_LINKAGE_STRING_POOL_H_

#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/column.h"

namespace taxgate::linkage {

class StringPool {
 public:
  static constexpr uint32_t kAbsent = 0xFFFFFFFFu;

  StringPool();
  StringPool(StringPool&&) = default;
  StringPool& operator=(StringPool&&) = default;

  // The id of `s`, adding it when new. "" is 0. Errors (std::length_error):
  // more than 4 GiB of distinct string bytes.
  uint32_t Intern(std::string_view s);
  // The id of `s`, or kAbsent.
  uint32_t Find(std::string_view s) const;
  // REQUIRES: id < size(). The view is valid until the next Intern (the
  // arena is one array) and for the pool's life once it is built.
  std::string_view Get(uint32_t id) const {
    return {bytes_.data() + offsets_[id], offsets_[id + 1] - offsets_[id]};
  }
  // normalize::ByteClassMask of the string (for Jaro-Winkler bounds).
  uint64_t Mask(uint32_t id) const { return masks_[id]; }
  uint32_t size() const { return static_cast<uint32_t>(masks_.size()); }

  // Sets: `sorted` must be sorted and unique. The empty set is 0.
  uint32_t InternSet(std::span<const uint32_t> sorted);
  uint32_t FindSet(std::span<const uint32_t> sorted) const;  // or kAbsent
  std::span<const uint32_t> GetSet(uint32_t id) const {
    return {set_data_.data() + set_offsets_[id],
            set_offsets_[id + 1] - set_offsets_[id]};
  }
  uint32_t set_count() const {
    return static_cast<uint32_t>(set_offsets_.size() - 1);
  }

  // Bytes held (arena, offsets, hash tables, sets), for memory reports.
  size_t MemoryBytes() const;

  // Calls v(id, column) for every array, ids `first`, `first` + 1, ...
  // (record_store/index_file.h stores and maps them). Returns the next id.
  template <class V>
  uint32_t VisitColumns(V& v, uint32_t first) {
    v(first + 0, bytes_);
    v(first + 1, offsets_);
    v(first + 2, hashes_);
    v(first + 3, masks_);
    v(first + 4, table_);
    v(first + 5, set_data_);
    v(first + 6, set_offsets_);
    v(first + 7, set_table_);
    return first + 8;
  }
  // Whether the arrays read back fit together (sizes, offsets in range), so
  // that no lookup reads outside them.
  bool Consistent() const;

 private:
  uint32_t Lookup(std::string_view s, uint64_t hash) const;  // or kAbsent
  uint32_t LookupSet(std::span<const uint32_t> s, uint64_t hash) const;
  void Grow();
  void GrowSets();

  Column<char> bytes_;
  Column<uint32_t> offsets_;  // size() + 1
  Column<uint32_t> hashes_;   // low 32 bits of each string's hash
  Column<uint64_t> masks_;    // byte-class mask of each string
  Column<uint32_t> table_;    // open addressing: id + 1, 0 = free
  Column<uint32_t> set_data_;
  Column<uint32_t> set_offsets_;
  Column<uint32_t> set_table_;  // open addressing: set id + 1, 0 = free
};

class Strings {
 public:
  // REQUIRES: pool != nullptr.
  explicit Strings(const StringPool* pool)
      : pool_(pool), base_(pool->size()), set_base_(pool->set_count()) {}

  // The pool's id of `s`, else an overlay id (the same one for the same
  // string).
  uint32_t Intern(std::string_view s);
  uint32_t InternSet(std::span<const uint32_t> sorted);

  std::string_view Get(uint32_t id) const {
    return id < base_ ? pool_->Get(id) : std::string_view(extra_[id - base_]);
  }
  uint64_t Mask(uint32_t id) const {
    return id < base_ ? pool_->Mask(id) : extra_masks_[id - base_];
  }
  std::span<const uint32_t> GetSet(uint32_t id) const {
    if (id < set_base_) return pool_->GetSet(id);
    const auto& s = extra_sets_[id - set_base_];
    return {s.data(), s.size()};
  }
  // True when this resolves the ids of `pool` (a request prepared for
  // another index would compare wrong ids).
  bool Over(const StringPool* pool) const { return pool_ == pool; }

 private:
  const StringPool* pool_;
  uint32_t base_;
  uint32_t set_base_;
  std::deque<std::string> extra_;  // deque: elements never move
  std::vector<uint64_t> extra_masks_;
  std::deque<std::vector<uint32_t>> extra_sets_;
};

}  // namespace taxgate::linkage

#endif  // TAXGATE_LINKAGE_STRING_POOL_H_
