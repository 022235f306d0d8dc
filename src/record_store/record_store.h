// The record store's match index: the taxpayer rows of the store, loaded
// once and indexed for linkage. The same index serves a batch and single
// online requests (linkage::MatchIndex::Match is const and thread-safe).
#ifndef TAXGATE_RECORD_STORE_RECORD_STORE_H_
#define TAXGATE_RECORD_STORE_RECORD_STORE_H_

#include <memory>

#include "common/status.h"
#include "common/thread_pool.h"
#include "linkage/matcher.h"
#include "storage/database.h"

namespace taxgate::record_store {

// Reads every record of the store and builds the match index with the
// ruleset's tables, on `pool` (null: this thread). Errors: those of the
// store.
Result<linkage::MatchIndex> LoadMatchIndex(
    storage::Database* db, std::shared_ptr<const normalize::Tables> tables,
    ThreadPool* pool = nullptr);

}  // namespace taxgate::record_store

#endif  // TAXGATE_RECORD_STORE_RECORD_STORE_H_
