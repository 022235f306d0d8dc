#include "witness/state.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "audit/checkpoint.h"
#include "common/crypto.h"
#include "common/file_util.h"
#include "witness/protocol.h"

namespace taxgate::witness {
namespace {

// Makes `dir` (0700) or checks an existing one: the running user's, closed
// to others.
Status MakePrivateDir(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return Status::Unavailable(
        dir + ": cannot create folder: " + std::strerror(errno));
  }
  struct stat st;
  if (::lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return Status::PermissionDenied(dir + ": not a folder");
  }
  if (st.st_uid != ::geteuid()) {
    return Status::PermissionDenied(dir + ": belongs to another user");
  }
  if (st.st_mode & 077) {
    return Status::PermissionDenied(dir +
                                    ": open to others; run chmod 700 on it");
  }
  return Status::Ok();
}

}  // namespace

FileStateStore::FileStateStore(std::string dir, audit::CosignerKey own)
    : dir_(std::move(dir)), own_(std::move(own)) {}

std::string FileStateStore::PathOf(const std::string& origin) const {
  return dir_ + "/" + OriginHash(origin);
}

Result<std::optional<LogState>> FileStateStore::Load(
    const std::string& origin) {
  const std::string path = PathOf(origin);
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return std::optional<LogState>();
    return Status::Unavailable(path + ": " + std::strerror(errno));
  }
  TG_ASSIGN_OR_RETURN(std::string note, ReadFile(path));
  std::string text, signatures;
  Status s = SplitNote(note, &text, &signatures);
  auto cp =
      s.ok() ? audit::ParseCheckpoint(text) : Result<audit::Checkpoint>(s);
  if (!cp.ok()) {
    return Status::DataLoss(
        path + ": damaged witness state: " + cp.status().message());
  }
  if (cp->origin != origin) {
    return Status::DataLoss(path + ": holds a checkpoint of '" + cp->origin +
                            "', not of '" + origin + "'");
  }
  auto mine = audit::VerifyCosignatures(text, signatures, {own_});
  if (!mine.ok() || mine->empty()) {
    return Status::DataLoss(path +
                            ": not cosigned by this witness's key (edited, "
                            "or another witness's state)");
  }
  LogState state;
  state.size = cp->size;
  state.root = cp->root;
  state.note = std::move(note);
  return std::optional<LogState>(std::move(state));
}

Status FileStateStore::Save(const std::string& origin, const LogState& state) {
  return WriteFileAtomically(PathOf(origin), state.note, /*owner_only=*/true);
}

Result<std::unique_ptr<WitnessHome>> WitnessHome::Open(const std::string& dir,
                                                       const std::string& name,
                                                       bool lock) {
  std::unique_ptr<WitnessHome> home(new WitnessHome());
  TG_RETURN_IF_ERROR(MakePrivateDir(dir));
  if (lock) {
    const std::string lock_path = dir + "/lock";
    home->lock_fd_ =
        ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (home->lock_fd_ < 0) {
      return Status::Unavailable(lock_path + ": " + std::strerror(errno));
    }
    if (::flock(home->lock_fd_, LOCK_EX | LOCK_NB) != 0) {
      return Status::FailedPrecondition(
          dir + ": another witness process serves this state folder");
    }
  }
  RemoveStaleTempFiles(dir);
  const std::string key_path = dir + "/witness.key";
  struct stat st;
  if (::stat(key_path.c_str(), &st) != 0) {
    const std::string n =
        name.empty()
            ? "taxgate-witness/" +
                  ToHex(reinterpret_cast<const uint8_t*>(RandomBytes(4).data()),
                        4)
            : name;
    TG_ASSIGN_OR_RETURN(audit::Cosigner fresh,
                        audit::MakeCosigner(n, RandomBytes(32)));
    // Written fresh (never through a file left in its place), owner-only.
    TG_RETURN_IF_ERROR(WriteFileAtomically(key_path, fresh.ToString() + "\n",
                                           /*owner_only=*/true));
    if (::stat(key_path.c_str(), &st) != 0) {
      return Status::Unavailable(key_path + ": not written");
    }
  }
  if (st.st_mode & 077) {
    return Status::PermissionDenied(
        key_path + ": readable by others; run chmod 600 on it");
  }
  TG_ASSIGN_OR_RETURN(std::string text, ReadFile(key_path));
  auto key = audit::ParseCosigner(text);
  if (!key.ok()) {
    return Status::DataLoss(key_path + ": " + key.status().message());
  }
  if (!name.empty() && key->key.name != name) {
    return Status::FailedPrecondition(key_path + ": this witness is named '" +
                                      key->key.name + "', not '" + name +
                                      "' (a witness keeps its name and key)");
  }
  home->key_ = *key;
  const std::string logs = dir + "/logs";
  TG_RETURN_IF_ERROR(MakePrivateDir(logs));
  RemoveStaleTempFiles(logs);
  home->store_ = std::make_unique<FileStateStore>(logs, home->key_.key);
  return home;
}

WitnessHome::~WitnessHome() {
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

}  // namespace taxgate::witness
