// A transparency-log witness (C2SP tlog-witness): it keeps, for each log it
// is configured for, the latest checkpoint it cosigned, and cosigns a new
// checkpoint of that log only when the log's signature verifies and a
// consistency proof shows the new tree extends that one. So it never
// cosigns a smaller tree, nor a tree that rewrites what it saw, as long as
// its state survives (StateStore: durable before an answer).
//
// The HTTP face (`taxgate witness serve`, cli/commands/witness_command.cc)
// only moves bytes: the whole protocol, status codes included, is here.
//
// Thread-safe: requests are serialized (check and update of a log's state
// are one step, as the spec requires).
#ifndef TAXGATE_WITNESS_WITNESS_H_
#define TAXGATE_WITNESS_WITNESS_H_

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/cosignature.h"
#include "audit/note.h"
#include "common/crypto.h"
#include "common/status.h"

namespace taxgate::witness {

// A log the witness cosigns for: its origin and the verifier keys of its
// checkpoints (a log's note keys are named by its origin).
struct WitnessedLog {
  std::string origin;
  std::vector<audit::NoteVerifier> keys;
};
// Groups verifier keys by name into logs.
std::vector<WitnessedLog> LogsFromVerifiers(
    const std::vector<audit::NoteVerifier>& keys);

// The latest checkpoint cosigned for one log.
struct LogState {
  uint64_t size = 0;
  Hash256 root{};
  // The checkpoint as cosigned: its text, the log's signatures and the
  // witness's cosignature (what GET .../checkpoint serves).
  std::string note;
};

// Where a witness keeps its LogStates. Implementations: FileStateStore
// (state.h), an in-memory one in tests.
class StateStore {
 public:
  virtual ~StateStore() = default;
  // nullopt when nothing was cosigned for `origin` yet. Errors: a damaged
  // state (DataLoss), I/O (Unavailable).
  virtual Result<std::optional<LogState>> Load(const std::string& origin) = 0;
  // Must be durable when it returns OK (the witness answers only then).
  virtual Status Save(const std::string& origin, const LogState& state) = 0;
};

// An HTTP answer: status code, Content-Type, body; and one line for the
// witness's own request log (what was decided and why).
struct Response {
  int status = 500;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::string summary;
};

class Witness {
 public:
  // `clock` returns the time in POSIX seconds (the cosignatures'
  // timestamps). `store` must outlive the witness.
  Witness(audit::Cosigner key, std::vector<WitnessedLog> logs,
          StateStore* store, std::function<uint64_t()> clock);

  // POST <prefix>/add-checkpoint with `body`. 200 with the cosignature
  // line; 400 malformed (or old size above the checkpoint's); 404 unknown
  // origin; 403 no valid signature by the log's keys; 409 old size is not
  // the size last cosigned (body: that size and "\n", Content-Type
  // text/x.tlog.size); 422 bad consistency proof, same size with another
  // root, or an empty tree whose root is not SHA-256(""); 500 when the
  // state cannot be read or saved (nothing cosigned).
  Response AddCheckpoint(std::string_view body);
  // GET <prefix>/<origin hash>/checkpoint: the latest cosigned checkpoint
  // of the log whose OriginHash is `origin_hash`; 404 when none.
  Response GetCheckpoint(std::string_view origin_hash);

  const audit::CosignerKey& key() const { return key_.key; }

 private:
  const WitnessedLog* FindLog(std::string_view origin) const;

  const audit::Cosigner key_;
  const std::vector<WitnessedLog> logs_;
  StateStore* const store_;
  const std::function<uint64_t()> clock_;
  std::mutex mu_;  // serializes every request
};

}  // namespace taxgate::witness

#endif  // TAXGATE_WITNESS_WITNESS_H_
