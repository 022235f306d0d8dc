// PostgresDatabase: the store on a PostgreSQL server (docs/postgresql.md),
// for several taxgate processes (or servers) sharing one store. Built when
// TAXGATE_WITH_POSTGRES is ON (libpq). The schema is postgres/schema.sql,
// embedded at build time.
//
// The audit log's appends are serialized in the database: every Commit runs
// in one transaction that first locks the store's log_head row (SELECT ...
// FOR UPDATE), then reads the log's size. A second process committing at
// the same moment waits for the first one's transaction to end and then sees
// its leaves: its own, numbered from the older size, are refused (Aborted,
// nothing written), and Ledger::CommitRetrying re-stages them on the new
// tree. Leaves are never interleaved or numbered twice.
//
// Every value goes to the server as a parameter (PQexecParams; hashes and
// entries as binary bytea), never inside the SQL text. Records are replaced
// with COPY in binary format.
//
// Thread-compatible: one connection per PostgresDatabase; one thread at a
// time.
#ifndef TAXGATE_STORAGE_POSTGRES_POSTGRES_DATABASE_H_
#define TAXGATE_STORAGE_POSTGRES_POSTGRES_DATABASE_H_

#include <memory>
#include <string>

#include "storage/database.h"

namespace taxgate::storage {

// Opens the store in the database named by `url` (postgresql://... or
// postgres://..., as libpq reads it; a password may come from the URL, from
// PGPASSFILE or ~/.pgpass). Read-write: its tables are made when the
// database holds none, and a store of an older schema is migrated, all in
// one transaction (two processes opening at once take turns). Errors name
// the server (the URL without its password), the call that failed and
// PostgreSQL's message: Unavailable when the server cannot be reached or
// refuses the login; FailedPrecondition when the store is of a newer schema
// than this taxgate knows (use the newer taxgate), or, read-only, of an
// older one; DataLoss when the database holds tables that are not a
// taxgate store of any version.
//
// Read-only (OpenMode::kReadOnly): every transaction of the session is
// read-only (default_transaction_read_only), so the server refuses any
// write; Commit fails (FailedPrecondition) and nothing is made or migrated.
// NotFound when the database holds no taxgate store.
Result<std::unique_ptr<Database>> OpenPostgresDatabase(
    const std::string& url, OpenMode mode = OpenMode::kReadWrite);

}  // namespace taxgate::storage

#endif  // TAXGATE_STORAGE_POSTGRES_POSTGRES_DATABASE_H_
