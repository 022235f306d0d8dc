#include "linkage/string_pool.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "common/hash_mix.h"
#include "normalize/string_similarity.h"

namespace taxgate::linkage {
namespace {

uint64_t HashBytes(const void* data, size_t n) {
  // FNV-1a with a final avalanche (Mix64).
  const unsigned char* p = static_cast<const unsigned char*>(data);
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= 0x100000001b3ULL;
  }
  return Mix64(h);
}

uint64_t HashSet(std::span<const uint32_t> s) {
  return HashBytes(s.data(), s.size() * sizeof(uint32_t));
}

}  // namespace

StringPool::StringPool() {
  offsets_.assign(2, 0);  // id 0: ""
  hashes_.push_back(static_cast<uint32_t>(HashBytes("", 0)));
  masks_.push_back(0);
  table_.assign(1024, 0);
  table_.mut(HashBytes("", 0) & (table_.size() - 1)) = 1;
  set_offsets_.assign(2, 0);  // set 0: empty
  set_table_.assign(64, 0);
  set_table_.mut(HashSet({}) & (set_table_.size() - 1)) = 1;
}

uint32_t StringPool::Lookup(std::string_view s, uint64_t hash) const {
  const size_t mask = table_.size() - 1;
  const uint32_t h32 = static_cast<uint32_t>(hash);
  for (size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    uint32_t entry = table_[slot];
    if (entry == 0) return kAbsent;
    uint32_t id = entry - 1;
    if (hashes_[id] == h32 && Get(id) == s) return id;
  }
}

uint32_t StringPool::Find(std::string_view s) const {
  return Lookup(s, HashBytes(s.data(), s.size()));
}

void StringPool::Grow() {
  std::vector<uint32_t> bigger(table_.size() * 2, 0);
  const size_t mask = bigger.size() - 1;
  for (uint32_t id = 0; id < size(); ++id) {
    std::string_view v = Get(id);
    size_t slot = HashBytes(v.data(), v.size()) & mask;
    while (bigger[slot] != 0) slot = (slot + 1) & mask;
    bigger[slot] = id + 1;
  }
  table_.Adopt(std::move(bigger));
}

uint32_t StringPool::Intern(std::string_view s) {
  const uint64_t hash = HashBytes(s.data(), s.size());
  uint32_t found = Lookup(s, hash);
  if (found != kAbsent) return found;
  if (bytes_.size() + s.size() > 0xFFFFFFFFu) {
    throw std::length_error("StringPool: more than 4 GiB of strings");
  }
  if ((size() + 1) * 2 > table_.size()) Grow();
  const uint32_t id = size();
  bytes_.append(s.begin(), s.end());
  offsets_.push_back(static_cast<uint32_t>(bytes_.size()));
  hashes_.push_back(static_cast<uint32_t>(hash));
  masks_.push_back(normalize::ByteClassMask(s));
  const size_t mask = table_.size() - 1;
  size_t slot = hash & mask;
  while (table_[slot] != 0) slot = (slot + 1) & mask;
  table_.mut(slot) = id + 1;
  return id;
}

uint32_t StringPool::LookupSet(std::span<const uint32_t> s,
                               uint64_t hash) const {
  const size_t mask = set_table_.size() - 1;
  for (size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    uint32_t entry = set_table_[slot];
    if (entry == 0) return kAbsent;
    auto got = GetSet(entry - 1);
    if (std::equal(got.begin(), got.end(), s.begin(), s.end())) {
      return entry - 1;
    }
  }
}

void StringPool::GrowSets() {
  std::vector<uint32_t> bigger(set_table_.size() * 2, 0);
  const size_t mask = bigger.size() - 1;
  for (uint32_t id = 0; id < set_count(); ++id) {
    size_t slot = HashSet(GetSet(id)) & mask;
    while (bigger[slot] != 0) slot = (slot + 1) & mask;
    bigger[slot] = id + 1;
  }
  set_table_.Adopt(std::move(bigger));
}

uint32_t StringPool::InternSet(std::span<const uint32_t> sorted) {
  const uint64_t hash = HashSet(sorted);
  uint32_t found = LookupSet(sorted, hash);
  if (found != kAbsent) return found;
  if ((set_count() + 1) * 2 > set_table_.size()) GrowSets();
  const uint32_t id = set_count();
  set_data_.append(sorted.begin(), sorted.end());
  set_offsets_.push_back(static_cast<uint32_t>(set_data_.size()));
  const size_t mask = set_table_.size() - 1;
  size_t slot = hash & mask;
  while (set_table_[slot] != 0) slot = (slot + 1) & mask;
  set_table_.mut(slot) = id + 1;
  return id;
}

uint32_t StringPool::FindSet(std::span<const uint32_t> sorted) const {
  return LookupSet(sorted, HashSet(sorted));
}

size_t StringPool::MemoryBytes() const {
  return bytes_.bytes() + offsets_.bytes() + hashes_.bytes() + masks_.bytes() +
         table_.bytes() + set_data_.bytes() + set_offsets_.bytes() +
         set_table_.bytes();
}

namespace {

bool PowerOfTwo(size_t n) { return n != 0 && (n & (n - 1)) == 0; }

// Every entry is 0 or an id + 1 up to `n`, and a slot is free (a lookup
// stops).
bool TableFits(std::span<const uint32_t> table, size_t n) {
  return AllBelow(table, n + 1) &&
         std::find(table.begin(), table.end(), 0u) != table.end();
}

}  // namespace

bool StringPool::Consistent() const {
  const size_t n = masks_.size();
  return n >= 1 && offsets_.size() == n + 1 && hashes_.size() == n &&
         OffsetsFit(offsets_.span(), bytes_.size()) &&
         PowerOfTwo(table_.size()) && TableFits(table_.span(), n) &&
         set_offsets_.size() >= 2 &&
         OffsetsFit(set_offsets_.span(), set_data_.size()) &&
         PowerOfTwo(set_table_.size()) &&
         TableFits(set_table_.span(), set_offsets_.size() - 1);
}

uint32_t Strings::Intern(std::string_view s) {
  uint32_t id = pool_->Find(s);
  if (id != StringPool::kAbsent) return id;
  for (size_t i = 0; i < extra_.size(); ++i) {
    if (extra_[i] == s) return base_ + static_cast<uint32_t>(i);
  }
  extra_.emplace_back(s);
  extra_masks_.push_back(normalize::ByteClassMask(s));
  return base_ + static_cast<uint32_t>(extra_.size() - 1);
}

uint32_t Strings::InternSet(std::span<const uint32_t> sorted) {
  uint32_t id = pool_->FindSet(sorted);
  if (id != StringPool::kAbsent) return id;
  for (size_t i = 0; i < extra_sets_.size(); ++i) {
    if (std::equal(extra_sets_[i].begin(), extra_sets_[i].end(), sorted.begin(),
                   sorted.end())) {
      return set_base_ + static_cast<uint32_t>(i);
    }
  }
  extra_sets_.emplace_back(sorted.begin(), sorted.end());
  return set_base_ + static_cast<uint32_t>(extra_sets_.size() - 1);
}

}  // namespace taxgate::linkage
