// The store's secrets: the HMAC key that makes audit digests irreversible,
// and the key that signs the audit log's checkpoints.
// Kept in a folder beside the store (`<db>.keys/`, mode 0700; each key file
// 0600), made on first use from the OS random source. Never in the repo,
// never in a log.
#ifndef TAXGATE_PIPELINE_KEYS_H_
#define TAXGATE_PIPELINE_KEYS_H_

#include <string>
#include <vector>

#include "audit/note.h"
#include "common/status.h"
#include "storage/database.h"

namespace taxgate::pipeline {

// The key folder for a store spec: $TAXGATE_KEYS_DIR if set, else
// "<path>.keys" for a SQLite path. A PostgreSQL store (a postgresql:// URL)
// has no path to put its keys beside: TAXGATE_KEYS_DIR must name the
// folder (every taxgate on that database must use the same one, or their
// digests and checkpoint keys would differ), else FailedPrecondition.
Result<std::string> KeysDirFor(const std::string& db_spec);

// Reads `<keys_dir>/hmac.key` (32 random bytes), creating folder and key with
// owner-only permissions when missing. Errors: PermissionDenied when the key
// file is readable by others; Unavailable on I/O; DataLoss when the file is
// not 32 bytes.
Result<std::string> LoadOrCreateHmacKey(const std::string& keys_dir);

// The HMAC key of the store `db`: LoadOrCreateHmacKey, bound to the store
// by a fingerprint (an HMAC of a fixed text) kept in its meta table. A store
// whose key is missing or different is refused (FailedPrecondition), and no
// new key is made for it: with another key its digests would no longer
// match, and a request already answered would not be found again as a
// duplicate. A store seen for the first time records the fingerprint.
Result<std::string> LoadStoreHmacKey(storage::Database* db,
                                     const std::string& keys_dir);

// The Ed25519 key that signs the log's checkpoints (audit/note.h), named
// `name` (the log's origin): `<keys_dir>/checkpoint.key` (a signer key,
// 0600), made on first use. Every verifier key the log has signed with is
// listed in `<keys_dir>/checkpoint-verifiers.txt` (public), so checkpoints
// signed before a rotation still verify. Errors: as LoadOrCreateHmacKey;
// FailedPrecondition when the key belongs to another log.
Result<audit::NoteSigner> LoadOrCreateCheckpointSigner(
    const std::string& keys_dir, const std::string& name);
// Makes `signer` the signing key: its public key is listed, then the key
// file is replaced (the old public key stays listed; the old secret is
// gone). Callers log the rotation first (audit rotate-key).
Status InstallCheckpointSigner(const std::string& keys_dir,
                               const audit::NoteSigner& signer);
// Verifier keys, one per line (blank lines skipped). Errors: InvalidArgument
// naming `name` and the line that is not a verifier key.
Result<std::vector<audit::NoteVerifier>> ParseVerifierList(
    const std::string& text, const std::string& name);
// The verifier keys of checkpoint-verifiers.txt (empty when none).
// Errors: DataLoss naming a line that is not a verifier key.
Result<std::vector<audit::NoteVerifier>> LoadCheckpointVerifiers(
    const std::string& keys_dir);

}  // namespace taxgate::pipeline

#endif  // TAXGATE_PIPELINE_KEYS_H_
