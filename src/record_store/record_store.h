// The record store's match index: the taxpayer rows of the store indexed
// for linkage, kept in a file beside the store's keys (index_file.h) and
// mapped by every command that matches, instead of being rebuilt from the
// store each time. The same index serves a batch and single online
// requests (linkage::MatchIndex::Match is const and thread-safe).
//
// The index keeps no row: what is disclosed is read back from the store by
// record id (ReadIndexedRows) and checked against the keyed digest of the
// row the index was built from, so a row changed in the store after
// matching (by anything but `taxgate load`) is never released.
//
// The store's records digest (meta "records_digest", written by `load` in
// the same transaction as the rows) names the rows an index was built
// from: SHA-256 over the row digests in record_id order.
#ifndef TAXGATE_RECORD_STORE_RECORD_STORE_H_
#define TAXGATE_RECORD_STORE_RECORD_STORE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/thread_pool.h"
#include "domain/record.h"
#include "linkage/matcher.h"
#include "storage/database.h"

namespace taxgate::record_store {

inline constexpr char kRecordsDigestMeta[] = "records_digest";

// The store's records digest as stored ("" for a store loaded by a
// taxgate before the digest, or never loaded).
Result<std::string> StoredRecordsDigest(storage::Database* db);

// The keyed digest of a row as stored: the first 8 bytes of SHA-256 over
// the store's key and the row's fields, each with its length.
uint64_t RowDigest(std::string_view key, const domain::Record& r);

// The digest of a set of rows (any order; ids unique): SHA-256 hex over the
// count and the row digests in record_id order. `digests[i]` is rows[i]'s.
std::string RecordsDigest(const std::vector<domain::Record>& rows,
                          const std::vector<uint64_t>& digests);

// Puts `rows` in record_id order (each row moved once, on `pool` when
// given; nothing when they are in order already).
void SortById(std::vector<domain::Record>* rows, ThreadPool* pool = nullptr);

// Row digests of `rows`, on `pool`.
std::vector<uint64_t> RowDigests(std::string_view key,
                                 const std::vector<domain::Record>& rows,
                                 ThreadPool* pool);

// The index file of a store whose keys are in `keys_dir`.
std::string IndexPath(const std::string& keys_dir);

// Where an index came from, for the command's summary.
struct IndexReport {
  std::string path;  // "" when the index is not kept in a file
  // The store's records digest (meta) when the index was opened: a later
  // `load` changes it ("" for a store loaded by an older taxgate).
  std::string records_digest;
  bool mapped = false;          // read from the file
  std::string rebuilt_because;  // why it was built ("" when mapped)
  double seconds = 0;           // to map or to build (and write)
  uint64_t file_bytes = 0;
  std::vector<std::string> warnings;
};

struct IndexSource {
  std::string key;            // the store's HMAC key
  std::string tables_digest;  // Ruleset::tables_digest
  std::string path;           // IndexPath(keys_dir); "" = build in memory
};

// Builds the index of `rows` (with their row digests, digests[i] of
// rows[i]) on `pool`, its rows in record_id order whatever the order given.
linkage::MatchIndex BuildIndex(std::vector<domain::Record> rows,
                               std::shared_ptr<const normalize::Tables> tables,
                               const std::vector<uint64_t>& digests,
                               ThreadPool* pool);

// The store's index: mapped from `src.path` when the file is there and
// current (the store's records digest and the tables'), else built from the
// store's rows and, when the store has a records digest (every `load` of
// this version writes one), written to `src.path` for the next command (a
// write that fails is a warning: the index is still used). A stale or
// damaged file is never used; the report says why it was rebuilt. Errors:
// those of the store.
Result<std::shared_ptr<const linkage::MatchIndex>> OpenMatchIndex(
    storage::Database* db, std::shared_ptr<const normalize::Tables> tables,
    const IndexSource& src, ThreadPool* pool, IndexReport* report = nullptr);

// The store's rows of index rows `rows`, read by record id and checked
// against the index's row digests. Errors: DataLoss naming the record when
// a row is gone or differs from the row that was matched (the store changed
// outside `taxgate load`): nothing of it may be released; those of the
// store.
Result<std::vector<domain::Record>> ReadIndexedRows(
    storage::Database* db, const linkage::MatchIndex& index,
    std::string_view key, const std::vector<size_t>& rows);

}  // namespace taxgate::record_store

#endif  // TAXGATE_RECORD_STORE_RECORD_STORE_H_
