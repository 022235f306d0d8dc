#include "pipeline/keys.h"

#include <sys/stat.h>

#include <cstdlib>

#include "common/crypto.h"
#include "common/file_util.h"

namespace taxgate::pipeline {

std::string KeysDirFor(const std::string& db_spec) {
  const char* env = std::getenv("TAXGATE_KEYS_DIR");
  if (env && *env) return env;
  return db_spec + ".keys";
}

Result<std::string> LoadOrCreateHmacKey(const std::string& keys_dir) {
  if (::mkdir(keys_dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return Status::Unavailable(keys_dir + ": cannot create key folder");
  }
  std::string path = keys_dir + "/hmac.key";
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    TG_RETURN_IF_ERROR(
        WriteFileAtomically(path, RandomBytes(32), /*owner_only=*/true));
    if (::stat(path.c_str(), &st) != 0) {
      return Status::Unavailable(path + ": key was not written");
    }
  }
  if (st.st_mode & 077) {
    return Status::PermissionDenied(
        path + ": key file is readable by others; run chmod 600 on it");
  }
  TG_ASSIGN_OR_RETURN(std::string key, ReadFile(path));
  if (key.size() != 32) {
    return Status::DataLoss(path + ": key file is damaged (want 32 bytes)");
  }
  return key;
}

}  // namespace taxgate::pipeline
