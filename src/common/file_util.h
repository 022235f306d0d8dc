// File helpers: whole-file reads, atomic writes, owner-only secrets.
#ifndef TAXGATE_COMMON_FILE_UTIL_H_
#define TAXGATE_COMMON_FILE_UTIL_H_

#include <string>
#include <string_view>

#include "common/status.h"

namespace taxgate {

// Errors: NotFound when the file cannot be opened.
Result<std::string> ReadFile(const std::string& path);
// Writes via a temporary file in the same folder, fsyncs it, renames it over
// `path`. Errors: Unavailable.
Status WriteFileAtomically(const std::string& path, std::string_view content,
                           bool owner_only = false);
// Creates `dir` and its parents if needed. Errors: Unavailable.
Status MakeDirs(const std::string& dir);
bool FileExists(const std::string& path);

}  // namespace taxgate

#endif  // TAXGATE_COMMON_FILE_UTIL_H_
