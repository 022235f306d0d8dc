// Test-only access to PostgresDatabase's migrations (postgres_database.h):
// the tests open a store as a later taxgate would, with migrations of their
// own, to check that migrations run in one transaction and that an older
// taxgate refuses a newer store.
#ifndef TAXGATE_STORAGE_POSTGRES_POSTGRES_DATABASE_INTERNAL_H_
#define TAXGATE_STORAGE_POSTGRES_POSTGRES_DATABASE_INTERNAL_H_

#include <memory>
#include <string>
#include <vector>

#include "storage/database.h"

namespace taxgate::storage::internal {

// One step of the schema: the SQL that brings a store of version `to` - 1
// to version `to`.
struct PostgresMigration {
  int to = 0;
  const char* sql = "";
};

// The schema version this taxgate writes, and the steps that bring an
// older store to it (in order of `to`).
int PostgresSchemaVersion();
const std::vector<PostgresMigration>& PostgresMigrations();

// OpenPostgresDatabase as a taxgate whose schema is `version`, reached by
// `migrations`: a new store is made by schema.sql (version 1) and then
// every migration.
Result<std::unique_ptr<Database>> OpenPostgresDatabaseWithSchema(
    const std::string& url, OpenMode mode, int version,
    const std::vector<PostgresMigration>& migrations);

}  // namespace taxgate::storage::internal

#endif  // TAXGATE_STORAGE_POSTGRES_POSTGRES_DATABASE_INTERNAL_H_
