#include "record_store/record_store.h"

#include <utility>

namespace taxgate::record_store {

Result<linkage::MatchIndex> LoadMatchIndex(
    storage::Database* db, std::shared_ptr<const normalize::Tables> tables,
    ThreadPool* pool) {
  TG_ASSIGN_OR_RETURN(auto records, db->ReadRecords());
  linkage::MatchIndexOptions options;
  options.pool = pool;
  return linkage::MatchIndex::Build(std::move(records), std::move(tables),
                                    options);
}

}  // namespace taxgate::record_store
