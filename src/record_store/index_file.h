// The persistent match index: a linkage::MatchIndex written to one file
// beside the store's keys (`<keys_dir>/match.index`) and memory-mapped back,
// so that a command starts matching without reading the store's records or
// building anything.
//
// Format (little-endian, version 2; docs/matching.md, "The persistent
// index"): a 4096-byte header, then the index's arrays (MatchIndex::
// VisitColumns), each at a 64-byte aligned offset:
//
//   magic "TGMIDX1\n", format version, section count, record count, file
//   size, the index's Shape (block caps, directory bits), the store's
//   records digest (record_store.h) and the tables digest
//   (ruleset::Ruleset::tables_digest) it was built from, then per section
//   {id, element size, offset, element count, XXH3-64 of its bytes}, and
//   last an HMAC-SHA256 of everything before it under the store's key.
//
// Reading checks, in order: magic and version, the header's HMAC (a file
// from another store, or a header edited by hand, is refused), the file's
// size, the two digests (an index of other records or other tables is
// stale), every section's bounds and checksum (damage: a torn write, a bad
// disk, a flipped bit), then that the arrays fit together
// (MatchIndex::Consistent), so that no lookup can read outside the file.
// The checksums detect damage, not a forger who holds the store's key; the
// rows read back to disclose are checked against the index's row digests
// (record_store.h), which is what stops a changed store row from going out.
//
// Writing goes to a temporary file that is fsynced and renamed over the
// old one: a reader that mapped the old file keeps it (the inode lives
// while mapped), a crash leaves the old file or the new one, never half of
// one. Files are owner-only (0600).
#ifndef TAXGATE_RECORD_STORE_INDEX_FILE_H_
#define TAXGATE_RECORD_STORE_INDEX_FILE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"
#include "common/thread_pool.h"
#include "linkage/matcher.h"
#include "normalize/tables.h"

namespace taxgate::record_store {

inline constexpr uint32_t kIndexFormatVersion = 2;

// What an index file was built from; a file is used only for the same.
struct IndexIdentity {
  std::string records_digest;  // hex, record_store.h RecordsDigest
  std::string tables_digest;   // hex, Ruleset::tables_digest
  std::string key;             // the store's HMAC key (header MAC)
};

// Writes `index` to `path` atomically (owner-only). Returns the file's
// size. Errors: Unavailable on I/O.
Result<uint64_t> WriteIndexFile(const linkage::MatchIndex& index,
                                const IndexIdentity& id,
                                const std::string& path);

// Maps `path` and returns the index borrowing its arrays (the mapping
// lives as long as the index). Checksums are verified on `pool`. Errors:
// NotFound when there is no file; FailedPrecondition when it is stale
// (built from other records or tables, an older format); DataLoss when it
// is damaged (checksum, size, header MAC, arrays that do not fit);
// Unavailable on I/O. The message names the file and what failed.
Result<linkage::MatchIndex> MapIndexFile(
    const std::string& path, const IndexIdentity& id,
    std::shared_ptr<const normalize::Tables> tables, ThreadPool* pool);

}  // namespace taxgate::record_store

#endif  // TAXGATE_RECORD_STORE_INDEX_FILE_H_
