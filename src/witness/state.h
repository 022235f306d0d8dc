// A witness's state folder (`taxgate witness serve --state DIR`):
//
//   DIR/                    0700, the running user's (made at first use)
//   DIR/witness.key         the cosigner key, PRIVATE+KEY+... (0600)
//   DIR/lock                held (flock) by the one process serving DIR
//   DIR/logs/<origin hash>  per log, the latest cosigned checkpoint note
//
// A log's file is replaced atomically (temporary file, fsync, rename, fsync
// of the folder) before the witness answers, so a cosignature given out is
// never forgotten by a crash or a restart.
#ifndef TAXGATE_WITNESS_STATE_H_
#define TAXGATE_WITNESS_STATE_H_

#include <memory>
#include <string>

#include "audit/cosignature.h"
#include "witness/witness.h"

namespace taxgate::witness {

// LogStates in DIR/logs/, each file checked on load: a checkpoint of its
// log, cosigned by `own` (a file edited by hand or from another witness is
// refused: DataLoss naming it).
class FileStateStore : public StateStore {
 public:
  FileStateStore(std::string dir, audit::CosignerKey own);
  Result<std::optional<LogState>> Load(const std::string& origin) override;
  Status Save(const std::string& origin, const LogState& state) override;

 private:
  std::string PathOf(const std::string& origin) const;
  std::string dir_;
  audit::CosignerKey own_;
};

// An opened state folder: the key, the store, the lock (released on
// destruction).
class WitnessHome {
 public:
  // Opens DIR, making it (0700) with a new key named `name` at first use.
  // `name` may be empty for an existing folder (its key's name is used) or
  // a new one ("taxgate-witness/<8 random hex>"); a different name for an
  // existing key is an error. With `lock`, takes DIR/lock for this process
  // (FailedPrecondition when another process holds it). Errors:
  // PermissionDenied for a folder open to others or another user's, or a
  // key file readable by others; DataLoss for a damaged key; Unavailable.
  static Result<std::unique_ptr<WitnessHome>> Open(const std::string& dir,
                                                   const std::string& name,
                                                   bool lock);
  ~WitnessHome();
  WitnessHome(const WitnessHome&) = delete;
  WitnessHome& operator=(const WitnessHome&) = delete;

  const audit::Cosigner& key() const { return key_; }
  StateStore* store() { return store_.get(); }

 private:
  WitnessHome() = default;
  audit::Cosigner key_;
  std::unique_ptr<FileStateStore> store_;
  int lock_fd_ = -1;
};

}  // namespace taxgate::witness

#endif  // TAXGATE_WITNESS_STATE_H_
