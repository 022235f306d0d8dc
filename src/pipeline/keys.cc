#include "pipeline/keys.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "common/crypto.h"
#include "common/file_util.h"
#include "common/strings.h"

namespace taxgate::pipeline {

Result<std::string> KeysDirFor(const std::string& db_spec) {
  const char* env = std::getenv("TAXGATE_KEYS_DIR");
  if (env && *env) return std::string(env);
  if (storage::IsPostgresSpec(db_spec)) {
    return Status::FailedPrecondition(
        storage::StoreName(db_spec) +
        ": a PostgreSQL store keeps its keys in the folder TAXGATE_KEYS_DIR "
        "names, and it is not set: set it to the store's key folder (a new, "
        "empty folder the first time; every taxgate on this database must "
        "use the same one) (docs/postgresql.md)");
  }
  return db_spec + ".keys";
}

namespace {

// Makes the key folder (0700) or checks an existing one: a folder others
// may enter, or one owned by another user, is refused.
Status MakeKeysDir(const std::string& keys_dir) {
  if (::mkdir(keys_dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return Status::Unavailable(keys_dir + ": cannot create key folder");
  }
  struct stat st;
  if (::lstat(keys_dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return Status::PermissionDenied(keys_dir + ": key folder is not a folder");
  }
  if (st.st_uid != ::geteuid()) {
    return Status::PermissionDenied(keys_dir +
                                    ": key folder belongs to another user");
  }
  if (st.st_mode & 077) {
    return Status::PermissionDenied(
        keys_dir + ": key folder is open to others; run chmod 700 on it");
  }
  return Status::Ok();
}

// Creates `path` holding `content` (owner-only) unless it exists: written
// to a temporary file and linked into place, so two processes starting at
// once never replace each other's key.
Status CreateSecretOnce(const std::string& path, const std::string& content) {
  std::string tmp = path + ".new." + std::to_string(::getpid());
  TG_RETURN_IF_ERROR(WriteFileAtomically(tmp, content, /*owner_only=*/true));
  int rc = ::link(tmp.c_str(), path.c_str());
  int err = errno;
  ::unlink(tmp.c_str());
  if (rc != 0 && err != EEXIST) {
    return Status::Unavailable(path + ": cannot create key file");
  }
  return SyncParentDir(path);
}

// Reads a secret file, refusing one others may read.
Result<std::string> ReadSecret(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    return Status::NotFound(path + ": no such key file");
  }
  if (st.st_mode & 077) {
    return Status::PermissionDenied(
        path + ": key file is readable by others; run chmod 600 on it");
  }
  return ReadFile(path);
}

Status AppendVerifier(const std::string& keys_dir,
                      const audit::NoteVerifier& v) {
  std::string path = keys_dir + "/checkpoint-verifiers.txt";
  std::string text;
  if (auto old = ReadFile(path); old.ok()) text = *old;
  std::string line = v.ToString() + "\n";
  if (text.find(line) != std::string::npos) return Status::Ok();
  return WriteFileAtomically(path, text + line);
}

}  // namespace

Result<std::string> LoadOrCreateHmacKey(const std::string& keys_dir) {
  TG_RETURN_IF_ERROR(MakeKeysDir(keys_dir));
  std::string path = keys_dir + "/hmac.key";
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    TG_RETURN_IF_ERROR(CreateSecretOnce(path, RandomBytes(32)));
  }
  TG_ASSIGN_OR_RETURN(std::string key, ReadSecret(path));
  if (key.size() != 32) {
    return Status::DataLoss(path + ": key file is damaged (want 32 bytes)");
  }
  return key;
}

Result<std::string> LoadStoreHmacKey(storage::Database* db,
                                     const std::string& keys_dir) {
  constexpr char kMetaKey[] = "hmac_key_check";
  auto expected = db->ReadMeta(kMetaKey);
  if (!expected.ok() && expected.status().code() != StatusCode::kNotFound) {
    return expected.status();
  }
  const std::string path = keys_dir + "/hmac.key";
  struct stat st;
  if (expected.ok() && ::stat(path.c_str(), &st) != 0) {
    return Status::FailedPrecondition(
        path +
        " is missing, and this store's audit digests were made with "
        "it: restore the store's key folder (a new key would break "
        "duplicate checks and the log's digests)");
  }
  TG_ASSIGN_OR_RETURN(std::string key, LoadOrCreateHmacKey(keys_dir));
  const std::string fingerprint =
      ToHex(HmacSha256(key, "taxgate: this is the store's HMAC key"));
  if (expected.ok()) {
    if (*expected != fingerprint) {
      return Status::FailedPrecondition(
          path +
          " is not the key this store was made with: restore the "
          "store's key folder");
    }
    return key;
  }
  storage::WriteSet ws;
  ws.meta = {{kMetaKey, fingerprint}};
  TG_RETURN_IF_ERROR(db->Commit(ws));
  return key;
}

Result<audit::NoteSigner> LoadOrCreateCheckpointSigner(
    const std::string& keys_dir, const std::string& name) {
  TG_RETURN_IF_ERROR(MakeKeysDir(keys_dir));
  // A key rotation killed mid-write leaves a secret behind in a temporary
  // file: gone at the next open.
  RemoveStaleTempFiles(keys_dir);
  std::string path = keys_dir + "/checkpoint.key";
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    TG_ASSIGN_OR_RETURN(auto fresh,
                        audit::MakeNoteSigner(name, RandomBytes(32)));
    TG_RETURN_IF_ERROR(CreateSecretOnce(path, fresh.ToString() + "\n"));
  }
  TG_ASSIGN_OR_RETURN(std::string text, ReadSecret(path));
  auto signer = audit::ParseNoteSigner(text);
  if (!signer.ok()) {
    return Status::DataLoss(path + ": " + signer.status().message());
  }
  if (signer->verifier.name != name) {
    return Status::FailedPrecondition(
        path + ": the key is named '" + signer->verifier.name +
        "', this log's checkpoints are named '" + name + "'");
  }
  TG_RETURN_IF_ERROR(AppendVerifier(keys_dir, signer->verifier));
  return signer;
}

Status InstallCheckpointSigner(const std::string& keys_dir,
                               const audit::NoteSigner& signer) {
  TG_RETURN_IF_ERROR(MakeKeysDir(keys_dir));
  // The verifier is listed before the key is replaced, so no checkpoint is
  // ever signed by a key the list does not hold.
  TG_RETURN_IF_ERROR(AppendVerifier(keys_dir, signer.verifier));
  return WriteFileAtomically(keys_dir + "/checkpoint.key",
                             signer.ToString() + "\n",
                             /*owner_only=*/true);
}

Result<std::vector<audit::NoteVerifier>> ParseVerifierList(
    const std::string& text, const std::string& name) {
  std::vector<audit::NoteVerifier> out;
  int line_no = 0;
  for (const auto& line : Split(text, '\n')) {
    ++line_no;
    if (Trim(line).empty()) continue;
    auto v = audit::ParseNoteVerifier(line);
    if (!v.ok()) {
      return Status::InvalidArgument(name + ":" + std::to_string(line_no) +
                                     ": " + v.status().message());
    }
    out.push_back(*v);
  }
  return out;
}

Result<std::vector<audit::NoteVerifier>> LoadCheckpointVerifiers(
    const std::string& keys_dir) {
  std::string path = keys_dir + "/checkpoint-verifiers.txt";
  auto text = ReadFile(path);
  if (!text.ok()) return std::vector<audit::NoteVerifier>{};
  auto list = ParseVerifierList(*text, path);
  if (!list.ok()) return Status::DataLoss(list.status().message());
  return list;
}

}  // namespace taxgate::pipeline
