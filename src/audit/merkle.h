// The Merkle core of the audit log: RFC 6962 / RFC 9162 hashing, a compact
// range that gives the root after each append in O(log n), inclusion and
// consistency proofs and their verification.
//
// Pure code: no storage, no clock. The tree knows nothing of what its leaves
// mean (STYLE.md #9: the disclosure module makes the entry bytes).
// Vocabulary (after transparency-dev/merkle): an *entry* is the bytes logged;
// its *leaf hash* is SHA-256(0x00 || entry); a node hash is
// SHA-256(0x01 || left || right); the root of the empty tree is SHA-256("").
#ifndef TAXGATE_AUDIT_MERKLE_H_
#define TAXGATE_AUDIT_MERKLE_H_

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "common/crypto.h"
#include "common/status.h"

namespace taxgate::audit {

inline constexpr uint8_t kLeafHashPrefix = 0x00;
inline constexpr uint8_t kNodeHashPrefix = 0x01;

Hash256 LeafHash(std::string_view entry);
Hash256 NodeHash(const Hash256& left, const Hash256& right);
Hash256 EmptyRoot();

// The right edge of a tree: one hash per perfect subtree, left to right, so
// appending costs O(log n) and Root() O(log n). Thread-compatible.
class CompactRange {
 public:
  void Append(const Hash256& leaf_hash);
  Hash256 Root() const;
  uint64_t size() const { return size_; }

 private:
  uint64_t size_ = 0;
  std::vector<Hash256> peaks_;  // perfect subtrees, largest first
};

// Root of the tree over `leaf_hashes` (MTH of RFC 6962 section 2.1).
Hash256 RootOf(const std::vector<Hash256>& leaf_hashes);

// Audit path for leaf `index` in the tree of the first `size` leaf hashes.
// REQUIRES: index < size <= leaf_hashes.size().
std::vector<Hash256> InclusionProof(const std::vector<Hash256>& leaf_hashes,
                                    uint64_t index, uint64_t size);
// Consistency proof between the trees of the first `from` and `to` leaves.
// REQUIRES: 0 < from <= to <= leaf_hashes.size().
std::vector<Hash256> ConsistencyProof(const std::vector<Hash256>& leaf_hashes,
                                      uint64_t from, uint64_t to);

// Checks an inclusion proof (RFC 9162 section 2.1.3.2). Errors:
// InvalidArgument for an impossible index/size or wrong proof length,
// DataLoss "root mismatch: got X, want Y" when the proof does not lead to
// `root`.
Status VerifyInclusion(uint64_t index, uint64_t size, const Hash256& leaf_hash,
                       const std::vector<Hash256>& proof, const Hash256& root);
// Checks a consistency proof (RFC 9162 section 2.1.4.2). REQUIRES nothing:
// bad sizes give InvalidArgument; a proof that fails gives DataLoss.
Status VerifyConsistency(uint64_t from, uint64_t to, const Hash256& from_root,
                         const Hash256& to_root,
                         const std::vector<Hash256>& proof);

}  // namespace taxgate::audit

#endif  // TAXGATE_AUDIT_MERKLE_H_
