#include "record_store/record_store.h"

namespace taxgate::record_store {

Result<linkage::MatchIndex> LoadMatchIndex(storage::Database* db) {
  TG_ASSIGN_OR_RETURN(auto records, db->ReadRecords());
  return linkage::MatchIndex::Build(std::move(records));
}

}  // namespace taxgate::record_store
