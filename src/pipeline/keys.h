// The store's secrets: the HMAC key that makes audit digests irreversible.
// Kept in a folder beside the store (`<db>.keys/`, mode 0700; each key file
// 0600), made on first use from the OS random source. Never in the repo,
// never in a log.
#ifndef TAXGATE_PIPELINE_KEYS_H_
#define TAXGATE_PIPELINE_KEYS_H_

#include <string>

#include "common/status.h"

namespace taxgate::pipeline {

// The key folder for a store spec: $TAXGATE_KEYS_DIR if set, else
// "<path>.keys" for a SQLite path.
std::string KeysDirFor(const std::string& db_spec);

// Reads `<keys_dir>/hmac.key` (32 random bytes), creating folder and key with
// owner-only permissions when missing. Errors: PermissionDenied when the key
// file is readable by others; Unavailable on I/O; DataLoss when the file is
// not 32 bytes.
Result<std::string> LoadOrCreateHmacKey(const std::string& keys_dir);

}  // namespace taxgate::pipeline

#endif  // TAXGATE_PIPELINE_KEYS_H_
