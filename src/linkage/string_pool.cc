#include "linkage/string_pool.h"

#include <algorithm>
#include <cstring>

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

std::string SetKey(std::span<const uint32_t> s) {
  return std::string(reinterpret_cast<const char*>(s.data()),
                     s.size() * sizeof(uint32_t));
}

}  // namespace

StringPool::StringPool() {
  table_.assign(1024, 0);
  views_.push_back(std::string_view());
  hashes_.push_back(static_cast<uint32_t>(HashBytes("", 0)));
  masks_.push_back(0);
  set_offsets_ = {0, 0};  // set 0: empty
  set_ids_.emplace(std::string(), 0);
  // Insert "" into the table so that Find("") is 0.
  size_t mask = table_.size() - 1;
  table_[HashBytes("", 0) & mask] = 1;
}

uint32_t StringPool::Lookup(std::string_view s, uint64_t hash) const {
  const size_t mask = table_.size() - 1;
  const uint32_t h32 = static_cast<uint32_t>(hash);
  for (size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    uint32_t entry = table_[slot];
    if (entry == 0) return kAbsent;
    uint32_t id = entry - 1;
    if (hashes_[id] == h32 && views_[id] == s) return id;
  }
}

uint32_t StringPool::Find(std::string_view s) const {
  return Lookup(s, HashBytes(s.data(), s.size()));
}

void StringPool::Grow() {
  std::vector<uint32_t> bigger(table_.size() * 2, 0);
  const size_t mask = bigger.size() - 1;
  for (uint32_t id = 0; id < views_.size(); ++id) {
    size_t slot = HashBytes(views_[id].data(), views_[id].size()) & mask;
    while (bigger[slot] != 0) slot = (slot + 1) & mask;
    bigger[slot] = id + 1;
  }
  table_.swap(bigger);
}

uint32_t StringPool::Intern(std::string_view s) {
  const uint64_t hash = HashBytes(s.data(), s.size());
  uint32_t found = Lookup(s, hash);
  if (found != kAbsent) return found;
  if ((views_.size() + 1) * 2 > table_.size()) Grow();
  // Copy into the arena. A string longer than a block gets a block of its
  // own, put before the current one, which stays the last.
  char* dst;
  if (s.size() > kBlockSize) {
    auto big = std::make_unique<char[]>(s.size());
    dst = big.get();
    allocated_bytes_ += s.size();
    blocks_.insert(blocks_.empty() ? blocks_.end() : blocks_.end() - 1,
                   std::move(big));
  } else {
    if (block_used_ + s.size() > kBlockSize) {
      blocks_.emplace_back(new char[kBlockSize]);
      allocated_bytes_ += kBlockSize;
      block_used_ = 0;
    }
    dst = blocks_.back().get() + block_used_;
    block_used_ += s.size();
  }
  if (!s.empty()) std::memcpy(dst, s.data(), s.size());
  const uint32_t id = static_cast<uint32_t>(views_.size());
  views_.emplace_back(dst, s.size());
  hashes_.push_back(static_cast<uint32_t>(hash));
  masks_.push_back(normalize::ByteClassMask(s));
  const size_t mask = table_.size() - 1;
  size_t slot = hash & mask;
  while (table_[slot] != 0) slot = (slot + 1) & mask;
  table_[slot] = id + 1;
  return id;
}

uint32_t StringPool::InternSet(std::span<const uint32_t> sorted) {
  auto [it, inserted] = set_ids_.emplace(SetKey(sorted), set_count());
  if (inserted) {
    set_data_.insert(set_data_.end(), sorted.begin(), sorted.end());
    set_offsets_.push_back(static_cast<uint32_t>(set_data_.size()));
  }
  return it->second;
}

uint32_t StringPool::FindSet(std::span<const uint32_t> sorted) const {
  auto it = set_ids_.find(SetKey(sorted));
  return it == set_ids_.end() ? kAbsent : it->second;
}

size_t StringPool::MemoryBytes() const {
  return allocated_bytes_ + views_.capacity() * sizeof(views_[0]) +
         hashes_.capacity() * 4 + masks_.capacity() * 8 +
         table_.capacity() * 4 + set_data_.capacity() * 4 +
         set_offsets_.capacity() * 4 + set_ids_.size() * 64;
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
