// Signed notes (C2SP signed-note, https://c2sp.org/signed-note) with Ed25519:
// the envelope of the log's checkpoints, the same one Go's sumdb/note and
// transparency-dev use, so outside witnesses can check them with their own
// tools.
//
//   note      = text "\n" signature-line+
//   text      = one or more lines, each ending in "\n"
//   signature = "— " name " " base64(key_id[4] || ed25519_signature[64]) "\n"
//
// key_id is the first four bytes (big-endian) of SHA-256(name || "\n" ||
// 0x01 || public key). Keys are written as
//   verifier: name "+" hex8(key_id) "+" base64(0x01 || public key)
//   signer:   "PRIVATE+KEY+" name "+" hex8(key_id) "+" base64(0x01 || seed)
// A name is non-empty ASCII without spaces or '+'.
//
// Pure (no I/O, no clock); thread-safe.
#ifndef TAXGATE_AUDIT_NOTE_H_
#define TAXGATE_AUDIT_NOTE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace taxgate::audit {

inline constexpr uint8_t kEd25519NoteAlgorithm = 0x01;

struct NoteVerifier {
  std::string name;
  uint32_t key_id = 0;
  std::string public_key;  // 32 bytes
  std::string ToString() const;
};

struct NoteSigner {
  NoteVerifier verifier;
  std::string seed;  // 32 bytes; secret
  std::string ToString() const;
};

// key_id of an Ed25519 key.
uint32_t NoteKeyId(std::string_view name, std::string_view public_key);
// A signer named `name` from a 32-byte seed. Errors: InvalidArgument for a
// bad name or seed size.
Result<NoteSigner> MakeNoteSigner(std::string_view name, std::string_view seed);
// Parse the text forms above. Errors: InvalidArgument naming what is wrong
// (a key id that does not match the key is an error).
Result<NoteVerifier> ParseNoteVerifier(std::string_view text);
Result<NoteSigner> ParseNoteSigner(std::string_view text);

// Signs `text` (REQUIRES: well-formed note text, see above) and returns the
// whole note. Errors: InvalidArgument for text that is not a note's text.
Result<std::string> SignNote(std::string_view text, const NoteSigner& signer);

struct OpenedNote {
  std::string text;
  std::vector<std::string> verified_by;  // names of the keys that verified
};
// Checks a note: its shape, and that at least one signature is by a known
// key and verifies. Signatures by unknown keys are ignored (C2SP); one by a
// known name and key id that does not verify is an error. Errors:
// InvalidArgument for a malformed note; NotFound when no known key signed
// it; DataLoss "signature of <name> does not verify".
Result<OpenedNote> OpenNote(std::string_view note,
                            const std::vector<NoteVerifier>& known);

}  // namespace taxgate::audit

#endif  // TAXGATE_AUDIT_NOTE_H_
