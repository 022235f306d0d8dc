#include "pipeline/backup.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "common/file_util.h"
#include "pipeline/keys.h"
#include "storage/database.h"

namespace taxgate::pipeline {
namespace {

namespace fs = std::filesystem;

// Copies the key folder `from` into the new folder `to` (0700; each file
// 0600), leaving out the temporary files a killed key rotation leaves.
Status CopyKeyFolder(const std::string& from, const std::string& to) {
  std::error_code ec;
  if (!fs::is_directory(from, ec)) {
    return Status::NotFound(from + ": no key folder there");
  }
  if (::mkdir(to.c_str(), 0700) != 0) {
    if (errno == EEXIST) {
      return Status::AlreadyExists(to +
                                   ": exists; keys are never written "
                                   "over");
    }
    return Status::Unavailable(to + ": cannot make: " + std::strerror(errno));
  }
  (void)::chmod(to.c_str(), 0700);
  for (const auto& entry : fs::directory_iterator(from, ec)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || name.find(".tmp.") != std::string::npos) {
      continue;
    }
    TG_ASSIGN_OR_RETURN(std::string bytes, ReadFile(entry.path().string()));
    TG_RETURN_IF_ERROR(WriteFileAtomically(to + "/" + name, bytes,
                                           /*owner_only=*/true));
  }
  if (ec) {
    return Status::Unavailable(from + ": cannot list: " + ec.message());
  }
  return SyncParentDir(to);
}

// The name a replaced file is set aside under: "<path>.before-restore-<time>"
// (the time without separators a file name might not take).
std::string SetAsideName(const std::string& path, const std::string& time) {
  std::string stamp;
  for (char c : time) {
    if (std::isalnum(static_cast<unsigned char>(c))) stamp += c;
  }
  return path + ".before-restore-" + stamp;
}

Status MoveAside(const std::string& from, const std::string& to) {
  if (std::rename(from.c_str(), to.c_str()) != 0) {
    return Status::Unavailable(from + ": cannot set aside as " + to + ": " +
                               std::strerror(errno));
  }
  return Status::Ok();
}

std::string Describe(const VerifyReport& r) {
  if (r.first_bad >= 0) {
    return "entry " + std::to_string(r.first_bad) + ": " + r.problem;
  }
  if (r.first_bad_checkpoint >= 0) {
    return "checkpoint " + std::to_string(r.first_bad_checkpoint) + ": " +
           r.checkpoint_problem;
  }
  if (!r.published_problem.empty()) return r.published_problem;
  return r.unsigned_tail;
}

}  // namespace

Status PostgresBackupRefusal(const std::string& spec, const char* command) {
  return Status::FailedPrecondition(
      storage::StoreName(spec) + ": taxgate " + command +
      " copies SQLite stores only; a PostgreSQL store is backed up with "
      "pg_dump (pg_dump --format=custom --file=FILE '<url>') and restored "
      "with pg_restore into an empty database, its key folder "
      "(TAXGATE_KEYS_DIR) copied with the dump: docs/postgresql.md, "
      "\"Backups\"");
}

Result<BackupSummary> BackupStore(const OperatorContext& ctx,
                                  const std::string& keys_dir,
                                  const std::string& out) {
  BackupSummary summary;
  summary.path = out;
  summary.keys_dir = out + ".keys";
  if (FileExists(out) || FileExists(summary.keys_dir)) {
    return Status::AlreadyExists(
        (FileExists(out) ? out : summary.keys_dir) +
        ": exists; a backup is never written over a file (choose a new name)");
  }
  TG_RETURN_IF_ERROR(CheckOutputPath(out));
  TG_ASSIGN_OR_RETURN(auto verifiers, LoadCheckpointVerifiers(keys_dir));
  TG_ASSIGN_OR_RETURN(auto own, VerifyAuditLog(ctx.db, verifiers));
  if (!own.ok) {
    return Status::FailedPrecondition(
        "backup: the store's own log does not verify (" + Describe(own) +
        "): a copy would carry the damage on; report it (docs/operations.md, "
        "\"When audit verify fails\")");
  }
  TG_RETURN_IF_ERROR(ctx.db->CopyTo(out));
  auto remove_copy = [&] {
    std::error_code ec;
    fs::remove(out, ec);
    fs::remove_all(summary.keys_dir, ec);
  };
  Status keys = CopyKeyFolder(keys_dir, summary.keys_dir);
  if (!keys.ok()) {
    remove_copy();
    return keys;
  }
  auto check = [&]() -> Result<VerifyReport> {
    TG_ASSIGN_OR_RETURN(
        auto copy, storage::OpenDatabase(out, storage::OpenMode::kReadOnly));
    TG_ASSIGN_OR_RETURN(auto copied, LoadCheckpointVerifiers(summary.keys_dir));
    return VerifyAuditLog(copy.get(), copied);
  };
  auto verified = check();
  if (!verified.ok() || !verified->ok) {
    remove_copy();
    return Status::DataLoss(out + ": the copy does not verify (" +
                            (verified.ok()
                                 ? Describe(*verified)
                                 : std::string(verified.status().message())) +
                            "); it was removed");
  }
  summary.verified = *verified;
  TG_RETURN_IF_ERROR(
      LogOperatorAction(ctx, "backup",
                        {{"copy", out},
                         {"entries", std::to_string(verified->leaves)},
                         {"root", ToHex(verified->root)}}));
  return summary;
}

Result<RestoreSummary> RestoreStore(const std::string& from,
                                    const std::string& db_path,
                                    const std::string& keys_dir,
                                    const RestoreOptions& options) {
  for (const std::string* spec : {&from, &db_path}) {
    if (storage::IsPostgresSpec(*spec)) {
      return PostgresBackupRefusal(*spec, "restore");
    }
  }
  const std::string from_keys = from + ".keys";
  TG_ASSIGN_OR_RETURN(
      auto backup, storage::OpenDatabase(from, storage::OpenMode::kReadOnly));
  if (!FileExists(from_keys)) {
    return Status::NotFound(from_keys +
                            ": the backup's key folder is missing (a backup "
                            "is FILE and FILE.keys together)");
  }
  TG_ASSIGN_OR_RETURN(auto verifiers, LoadCheckpointVerifiers(from_keys));
  RestoreSummary summary;
  TG_ASSIGN_OR_RETURN(summary.verified, VerifyAuditLog(backup.get(), verifiers,
                                                       options.published));
  const VerifyReport& v = summary.verified;
  if (v.first_bad >= 0 || v.first_bad_checkpoint >= 0 ||
      !v.unsigned_tail.empty() || !v.published_problem.empty()) {
    return Status::DataLoss(from + ": not restored: its log does not verify (" +
                            Describe(v) + ")");
  }
  if (v.published_lost > 0 && !options.accept_loss) {
    return Status::FailedPrecondition(
        from + ": not restored: a published checkpoint signed " +
        std::to_string(v.published_lost) + " entries and the backup holds " +
        std::to_string(v.leaves) + ": entries " + std::to_string(v.leaves) +
        " to " + std::to_string(v.published_lost - 1) +
        " would be lost. Restore a later backup, or accept the loss with "
        "--accept-loss (audited; report it as an incident)");
  }
  // What is at the target is set aside, never removed.
  std::vector<std::string> at_target;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    if (FileExists(db_path + suffix)) at_target.push_back(db_path + suffix);
  }
  const bool keys_at_target = FileExists(keys_dir);
  if ((!at_target.empty() || keys_at_target) && !options.replace) {
    return Status::FailedPrecondition(
        db_path +
        ": a store (or its key folder) is there; --replace sets it "
        "aside under a new name and restores the backup");
  }
  for (const auto& f : at_target) {
    auto holders = ProcessesHolding(f);
    if (!holders.empty()) {
      return Status::FailedPrecondition(
          f + ": process " + std::to_string(holders[0]) +
          " has it open; stop every command on the store before a restore");
    }
  }
  const std::string time = NowIso8601();
  const std::string copy_tmp = db_path + ".restoring";
  std::error_code ec;
  fs::remove(copy_tmp, ec);
  TG_RETURN_IF_ERROR(backup->CopyTo(copy_tmp));
  if (!at_target.empty()) {
    summary.set_aside = SetAsideName(db_path, time);
    for (const auto& f : at_target) {
      TG_RETURN_IF_ERROR(
          MoveAside(f, summary.set_aside + f.substr(db_path.size())));
    }
  }
  if (keys_at_target) {
    summary.keys_set_aside = SetAsideName(keys_dir, time);
    TG_RETURN_IF_ERROR(MoveAside(keys_dir, summary.keys_set_aside));
  }
  TG_RETURN_IF_ERROR(CopyKeyFolder(from_keys, keys_dir));
  if (std::rename(copy_tmp.c_str(), db_path.c_str()) != 0) {
    return Status::Unavailable(db_path +
                               ": cannot move the restored copy "
                               "into place: " +
                               std::strerror(errno));
  }
  TG_RETURN_IF_ERROR(SyncParentDir(db_path));
  return summary;
}

}  // namespace taxgate::pipeline
