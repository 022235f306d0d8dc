// Backup and restore of a store with its keys (docs/operations.md,
// "Backups").
//
// A backup of store S is two things side by side: FILE, a consistent copy
// of S as of one commit (storage::Database::CopyTo, taken while other
// commands write), and FILE.keys/, a copy of S's key folder (the HMAC key
// S's digests are made with and bound to, the checkpoint key, and every
// verifier key the log has signed with). FILE is a store in its own right:
// every command that reads takes --db FILE. Both are owner-only.
//
// A restore puts a backup back as S, and never destroys anything: the
// store it replaces, with its key folder, is set aside under a new name for
// the investigation. It is refused when the backup's log does not verify,
// or does not extend a checkpoint published outside the store (entries
// rewritten), or lacks entries a published checkpoint signed (entries
// lost) unless the loss is accepted. Both are audited in the store.
#ifndef TAXGATE_PIPELINE_BACKUP_H_
#define TAXGATE_PIPELINE_BACKUP_H_

#include <string>
#include <vector>

#include "common/status.h"
#include "pipeline/operator_actions.h"
#include "pipeline/verify.h"

namespace taxgate::pipeline {

// `taxgate backup` and `restore` copy SQLite stores. A PostgreSQL store
// (`spec` a postgresql:// URL) is backed up with pg_dump and restored with
// pg_restore, its key folder (TAXGATE_KEYS_DIR) copied beside the dump:
// this FailedPrecondition says so (docs/postgresql.md, "Backups"), naming
// the server without its password.
Status PostgresBackupRefusal(const std::string& spec, const char* command);

struct BackupSummary {
  std::string path;       // the copy
  std::string keys_dir;   // its key folder, <path>.keys
  VerifyReport verified;  // the copy's log, verified with the copied keys
};

// Copies ctx's store into `out` and its key folder `keys_dir` into
// `<out>.keys/`, verifies the copy's log with the copied verifier keys, and
// logs a `backup` operator entry in the store (after the copy, so the copy
// does not hold it). Errors: AlreadyExists when `out` or `<out>.keys`
// exists; FailedPrecondition when `out` is a store's file or in a key
// folder, or when the store's own log does not verify (a backup of a
// tampered store would hide the tampering: report it instead); DataLoss
// when the copy does not verify (it is removed); Unavailable on I/O.
Result<BackupSummary> BackupStore(const OperatorContext& ctx,
                                  const std::string& keys_dir,
                                  const std::string& out);

struct RestoreOptions {
  // Checkpoints published outside the store (witnesses', auditors'): the
  // backup's log must extend each one it reaches.
  std::vector<PublishedCheckpoint> published;
  bool replace = false;      // set aside a store already at the target
  bool accept_loss = false;  // restore although entries a published
                             // checkpoint signed are not in the backup
};

struct RestoreSummary {
  VerifyReport verified;  // the backup's log, checked before anything moved
  std::string set_aside;  // where the replaced store went ("" for none)
  std::string keys_set_aside;
};

// Restores the backup `from` (with `<from>.keys/`) as the SQLite store
// `db_path` with its key folder `keys_dir`. Refused, with nothing moved:
// NotFound when the backup or its keys are missing; DataLoss when its log
// does not verify or a published checkpoint shows entries rewritten;
// FailedPrecondition when a published checkpoint signed entries the backup
// lacks (without accept_loss), when a store is at `db_path` (without
// replace), when another process holds that store open, or when `from` or
// `db_path` is a PostgreSQL URL (PostgresBackupRefusal). The caller logs
// the restore in the restored store (LogOperatorAction).
Result<RestoreSummary> RestoreStore(const std::string& from,
                                    const std::string& db_path,
                                    const std::string& keys_dir,
                                    const RestoreOptions& options);

}  // namespace taxgate::pipeline

#endif  // TAXGATE_PIPELINE_BACKUP_H_
