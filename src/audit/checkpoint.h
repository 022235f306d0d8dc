// Checkpoints (C2SP tlog-checkpoint, https://c2sp.org/tlog-checkpoint): the
// text a log signs to commit to its state, as a signed note (note.h).
//
//   <origin>\n            the log's unique name ("taxgate/7c1e...")
//   <tree size>\n         decimal, no leading zeros
//   <root hash>\n         base64 of the 32-byte RFC 6962 root
//   [<extension line>\n]  optional, passed through
//
// Pure; thread-safe.
#ifndef TAXGATE_AUDIT_CHECKPOINT_H_
#define TAXGATE_AUDIT_CHECKPOINT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/crypto.h"
#include "common/status.h"

namespace taxgate::audit {

struct Checkpoint {
  std::string origin;
  uint64_t size = 0;
  Hash256 root{};
  std::vector<std::string> extensions;

  std::string Text() const;
};

// Errors: InvalidArgument naming the line that is wrong.
Result<Checkpoint> ParseCheckpoint(std::string_view text);

}  // namespace taxgate::audit

#endif  // TAXGATE_AUDIT_CHECKPOINT_H_
