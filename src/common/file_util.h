// File helpers: whole-file reads, atomic writes, owner-only secrets.
#ifndef TAXGATE_COMMON_FILE_UTIL_H_
#define TAXGATE_COMMON_FILE_UTIL_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace taxgate {

// Errors: NotFound when the file cannot be opened.
Result<std::string> ReadFile(const std::string& path);
// fsyncs the folder holding `path` (after a rename or link into it).
// Errors: Unavailable.
Status SyncParentDir(const std::string& path);
// Writes via a temporary file in the same folder (created fresh: an existing
// file or symlink of that name is never written through), fsyncs it,
// renames it over `path` and fsyncs the folder, so the new file survives a
// power cut. With owner_only the file is mode 0600. Errors: Unavailable.
Status WriteFileAtomically(const std::string& path, std::string_view content,
                           bool owner_only = false);
// Creates `dir` and its parents if needed. Errors: Unavailable.
Status MakeDirs(const std::string& dir);

// A command's output file (decisions.csv, a report, a model, a checkpoint):
// written as WriteFileAtomically does, owner-only (0600) whatever the umask
// (outputs may hold taxpayer data), and never over something it must not
// replace. Errors: FailedPrecondition, with nothing written, when `path`
// is a symbolic link, a device, a folder or anything but a regular file; a
// SQLite database (the store) or its -wal, -shm or -journal file; or a file
// in a store's key folder (<db>.keys/). Unavailable on I/O failure.
Status WriteOutputFile(const std::string& path, std::string_view content);
// The checks of WriteOutputFile alone, for outputs written otherwise (a
// store's copy).
Status CheckOutputPath(const std::string& path);
// A command's output folder: made (with its parents) owner-only, 0700.
// Errors: FailedPrecondition when `dir` is a store's key folder or not a
// folder; Unavailable when it cannot be made.
Status MakeOutputDir(const std::string& dir);
bool FileExists(const std::string& path);
// Removes the temporary files WriteFileAtomically leaves in `dir` when
// its process is killed ("<name>.tmp.<pid>" whose process is gone); a live
// process's are left alone. Returns how many were removed.
int RemoveStaleTempFiles(const std::string& dir);
// The other processes that hold `path` open (Linux: /proc/<pid>/fd), as far
// as this user may see them; empty elsewhere or when none.
std::vector<int> ProcessesHolding(const std::string& path);

}  // namespace taxgate

#endif  // TAXGATE_COMMON_FILE_UTIL_H_
