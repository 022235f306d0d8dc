#include "record_store/record_store.h"

#include "normalize/tables_loader.h"

namespace taxgate::record_store {

Result<linkage::MatchIndex> LoadMatchIndex(storage::Database* db) {
  TG_ASSIGN_OR_RETURN(auto tables, normalize::LoadDefaultTables());
  TG_ASSIGN_OR_RETURN(auto records, db->ReadRecords());
  return linkage::MatchIndex::Build(std::move(records), std::move(tables));
}

}  // namespace taxgate::record_store
