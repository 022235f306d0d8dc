#include "audit/merkle.h"

#include <bit>
#include <cstring>
#include <string>

namespace taxgate::audit {
namespace {

// Largest power of two strictly less than n. REQUIRES: n > 1.
uint64_t SplitPoint(uint64_t n) { return std::bit_floor(n - 1); }

Hash256 Mth(const std::vector<Hash256>& h, uint64_t begin, uint64_t end) {
  uint64_t n = end - begin;
  if (n == 0) return EmptyRoot();
  if (n == 1) return h[begin];
  uint64_t k = SplitPoint(n);
  return NodeHash(Mth(h, begin, begin + k), Mth(h, begin + k, end));
}

void Path(const std::vector<Hash256>& h, uint64_t m, uint64_t begin,
          uint64_t end, std::vector<Hash256>* out) {
  uint64_t n = end - begin;
  if (n <= 1) return;
  uint64_t k = SplitPoint(n);
  if (m < k) {
    Path(h, m, begin, begin + k, out);
    out->push_back(Mth(h, begin + k, end));
  } else {
    Path(h, m - k, begin + k, end, out);
    out->push_back(Mth(h, begin, begin + k));
  }
}

void SubProof(const std::vector<Hash256>& h, uint64_t m, uint64_t begin,
              uint64_t end, bool b, std::vector<Hash256>* out) {
  uint64_t n = end - begin;
  if (m == n) {
    if (!b) out->push_back(Mth(h, begin, end));
    return;
  }
  uint64_t k = SplitPoint(n);
  if (m <= k) {
    SubProof(h, m, begin, begin + k, b, out);
    out->push_back(Mth(h, begin + k, end));
  } else {
    SubProof(h, m - k, begin + k, end, false, out);
    out->push_back(Mth(h, begin, begin + k));
  }
}

Status Mismatch(const Hash256& got, const Hash256& want) {
  return Status::DataLoss("root mismatch: got " + ToHex(got) + ", want " +
                          ToHex(want));
}

}  // namespace

Hash256 LeafHash(std::string_view entry) {
  std::string buf;
  buf.reserve(entry.size() + 1);
  buf.push_back(static_cast<char>(kLeafHashPrefix));
  buf.append(entry);
  return Sha256(buf);
}

Hash256 NodeHash(const Hash256& left, const Hash256& right) {
  char buf[65];
  buf[0] = static_cast<char>(kNodeHashPrefix);
  std::memcpy(buf + 1, left.data(), 32);
  std::memcpy(buf + 33, right.data(), 32);
  return Sha256(std::string_view(buf, sizeof buf));
}

Hash256 EmptyRoot() { return Sha256(""); }

void CompactRange::Append(const Hash256& leaf_hash) {
  Hash256 carry = leaf_hash;
  // Each trailing 1 bit of size_ is a perfect subtree the new leaf completes.
  for (uint64_t s = size_; s & 1; s >>= 1) {
    carry = NodeHash(peaks_.back(), carry);
    peaks_.pop_back();
  }
  peaks_.push_back(carry);
  ++size_;
}

Hash256 CompactRange::Root() const {
  if (peaks_.empty()) return EmptyRoot();
  Hash256 root = peaks_.back();
  for (size_t i = peaks_.size() - 1; i-- > 0;) root = NodeHash(peaks_[i], root);
  return root;
}

Hash256 RootOf(const std::vector<Hash256>& leaf_hashes) {
  return Mth(leaf_hashes, 0, leaf_hashes.size());
}

std::vector<Hash256> InclusionProof(const std::vector<Hash256>& leaf_hashes,
                                    uint64_t index, uint64_t size) {
  std::vector<Hash256> out;
  Path(leaf_hashes, index, 0, size, &out);
  return out;
}

std::vector<Hash256> ConsistencyProof(const std::vector<Hash256>& leaf_hashes,
                                      uint64_t from, uint64_t to) {
  std::vector<Hash256> out;
  if (from == 0 || from == to) return out;
  SubProof(leaf_hashes, from, 0, to, true, &out);
  return out;
}

Status VerifyInclusion(uint64_t index, uint64_t size, const Hash256& leaf_hash,
                       const std::vector<Hash256>& proof, const Hash256& root) {
  if (index >= size) {
    return Status::InvalidArgument("leaf index " + std::to_string(index) +
                                   " is not below tree size " +
                                   std::to_string(size));
  }
  uint64_t fn = index, sn = size - 1;
  Hash256 r = leaf_hash;
  for (const Hash256& p : proof) {
    if (sn == 0) {
      return Status::InvalidArgument("inclusion proof is too long");
    }
    if ((fn & 1) || fn == sn) {
      r = NodeHash(p, r);
      if (!(fn & 1)) {
        while (fn != 0 && !(fn & 1)) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Status::InvalidArgument("inclusion proof is too short");
  if (r != root) return Mismatch(r, root);
  return Status::Ok();
}

Status VerifyConsistency(uint64_t from, uint64_t to, const Hash256& from_root,
                         const Hash256& to_root,
                         const std::vector<Hash256>& proof) {
  if (from > to) {
    return Status::InvalidArgument("from size " + std::to_string(from) +
                                   " exceeds to size " + std::to_string(to));
  }
  if (from == to) {
    if (!proof.empty()) {
      return Status::InvalidArgument("proof must be empty for equal sizes");
    }
    if (from_root != to_root) return Mismatch(from_root, to_root);
    return Status::Ok();
  }
  if (from == 0) {
    if (!proof.empty()) {
      return Status::InvalidArgument("proof must be empty from size 0");
    }
    return Status::Ok();
  }
  if (proof.empty()) return Status::InvalidArgument("consistency proof empty");
  std::vector<Hash256> path = proof;
  if (std::has_single_bit(from)) path.insert(path.begin(), from_root);
  uint64_t fn = from - 1, sn = to - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash256 fr = path[0], sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const Hash256& c = path[i];
    if (sn == 0) return Status::InvalidArgument("consistency proof too long");
    if ((fn & 1) || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      if (!(fn & 1)) {
        while (fn != 0 && !(fn & 1)) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Status::InvalidArgument("consistency proof too short");
  if (fr != from_root) return Mismatch(fr, from_root);
  if (sr != to_root) return Mismatch(sr, to_root);
  return Status::Ok();
}

}  // namespace taxgate::audit
