#include "audit/merkle.h"

#include <gtest/gtest.h>

namespace taxgate::audit {
namespace {

// The eight leaves of RFC 6962's reference tree (as in its test suites).
std::vector<std::string> RfcLeaves() {
  std::vector<std::string> hex = {"",
                                  "00",
                                  "10",
                                  "2021",
                                  "3031",
                                  "40414243",
                                  "5051525354555657",
                                  "606162636465666768696a6b6c6d6e6f"};
  std::vector<std::string> out;
  for (auto& h : hex) out.push_back(*FromHex(h));
  return out;
}

// Roots of the first n leaves, n = 1..8 (RFC 6962 reference values, as used
// by Certificate Transparency and transparency-dev/merkle).
const char* kRoots[] = {
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

std::vector<Hash256> LeafHashes(size_t n) {
  auto leaves = RfcLeaves();
  std::vector<Hash256> out;
  for (size_t i = 0; i < n; ++i) out.push_back(LeafHash(leaves[i]));
  return out;
}

TEST(MerkleTest, EmptyTreeRootIsHashOfEmptyString) {
  ASSERT_TRUE(InitCrypto());
  EXPECT_EQ(ToHex(EmptyRoot()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(MerkleTest, RootsMatchRfc6962ReferenceTree) {
  ASSERT_TRUE(InitCrypto());
  auto hashes = LeafHashes(8);
  CompactRange range;
  for (size_t n = 1; n <= 8; ++n) {
    range.Append(hashes[n - 1]);
    std::vector<Hash256> prefix(hashes.begin(), hashes.begin() + n);
    EXPECT_EQ(ToHex(RootOf(prefix)), kRoots[n - 1]) << n;
    EXPECT_EQ(ToHex(range.Root()), kRoots[n - 1]) << n;
  }
}

TEST(MerkleTest, EveryInclusionProofVerifiesAndTamperedOnesFail) {
  ASSERT_TRUE(InitCrypto());
  std::vector<Hash256> hashes;
  for (int i = 0; i < 37; ++i) hashes.push_back(LeafHash(std::to_string(i)));
  for (uint64_t size = 1; size <= hashes.size(); ++size) {
    std::vector<Hash256> prefix(hashes.begin(), hashes.begin() + size);
    Hash256 root = RootOf(prefix);
    for (uint64_t i = 0; i < size; ++i) {
      auto proof = InclusionProof(hashes, i, size);
      ASSERT_TRUE(VerifyInclusion(i, size, hashes[i], proof, root).ok())
          << i << "/" << size;
      if (!proof.empty()) {
        auto bad = proof;
        bad[0][3] ^= 1;
        EXPECT_EQ(VerifyInclusion(i, size, hashes[i], bad, root).code(),
                  StatusCode::kDataLoss);
        bad = proof;
        bad.pop_back();
        EXPECT_FALSE(VerifyInclusion(i, size, hashes[i], bad, root).ok());
      }
      EXPECT_FALSE(
          VerifyInclusion(i, size, LeafHash("other"), proof, root).ok());
    }
  }
}

TEST(MerkleTest, EveryConsistencyProofVerifiesAndSwappedRootsFail) {
  ASSERT_TRUE(InitCrypto());
  std::vector<Hash256> hashes;
  for (int i = 0; i < 21; ++i) hashes.push_back(LeafHash(std::to_string(i)));
  for (uint64_t to = 1; to <= hashes.size(); ++to) {
    Hash256 to_root = RootOf({hashes.begin(), hashes.begin() + to});
    for (uint64_t from = 1; from <= to; ++from) {
      Hash256 from_root = RootOf({hashes.begin(), hashes.begin() + from});
      auto proof = ConsistencyProof(hashes, from, to);
      ASSERT_TRUE(VerifyConsistency(from, to, from_root, to_root, proof).ok())
          << from << "->" << to;
      if (from < to) {
        EXPECT_FALSE(
            VerifyConsistency(from, to, to_root, from_root, proof).ok());
        auto bad = proof;
        bad.back()[0] ^= 0x80;
        EXPECT_FALSE(VerifyConsistency(from, to, from_root, to_root, bad).ok());
      }
    }
  }
}

}  // namespace
}  // namespace taxgate::audit
