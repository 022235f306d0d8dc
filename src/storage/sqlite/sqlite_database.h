// SqliteDatabase: the embedded store (default). One file, WAL journal,
// synchronous=FULL so a committed transaction survives a crash or power cut
// (the audit path needs it). The schema is sqlite/schema.sql, embedded at
// build time.
#ifndef TAXGATE_STORAGE_SQLITE_SQLITE_DATABASE_H_
#define TAXGATE_STORAGE_SQLITE_SQLITE_DATABASE_H_

#include <memory>
#include <string>

#include "storage/database.h"

namespace taxgate::storage {

// Opens or creates the SQLite store at `path`. Errors: Unavailable when the
// file cannot be opened or the disk refuses a write (the message names the
// store, the call that failed and the system's reason); DataLoss when it is
// not a taxgate store.
//
// Read-only (OpenMode::kReadOnly): opened with SQLite's mode=ro, which
// reads the write-ahead log beside the file when there is one. Where the
// shared-memory file can be neither opened nor made (a read-only folder
// with no writer running), the file alone is opened as immutable; that is
// refused when a non-empty -wal sits beside it, since its committed
// transactions would be missed. NotFound when the file is missing.
Result<std::unique_ptr<Database>> OpenSqliteDatabase(
    const std::string& path, OpenMode mode = OpenMode::kReadWrite);

}  // namespace taxgate::storage

#endif  // TAXGATE_STORAGE_SQLITE_SQLITE_DATABASE_H_
