// Checkpoint cosignatures (C2SP tlog-cosignature,
// https://c2sp.org/tlog-cosignature): the timestamped Ed25519 signature an
// outside witness adds to a log's checkpoint once it has checked that the
// checkpoint extends every earlier one it saw. A cosignature is a signed-note
// signature line (note.h)
//
//   "— " name " " base64(key_id[4] || timestamp[8, big-endian] || sig[64]) "\n"
//
// where sig is Ed25519 over the message
//
//   "cosignature/v1\n" "time " decimal(timestamp) "\n" <checkpoint text>
//
// and key_id is the first four bytes of SHA-256(name || "\n" || 0x04 ||
// public key): the algorithm byte 0x04 keeps cosigner keys apart from the
// log's own note keys (0x01), so a cosignature line is "a signature by an
// unknown key" to OpenNote with the log's keys, and the reverse. Keys are
// written as signed-note verifier keys with that byte:
//   verifier: name "+" hex8(key_id) "+" base64(0x04 || public key)
//   signer:   "PRIVATE+KEY+" name "+" hex8(key_id) "+" base64(0x04 || seed)
//
// Pure (no I/O, no clock: the caller passes the time); thread-safe.
#ifndef TAXGATE_AUDIT_COSIGNATURE_H_
#define TAXGATE_AUDIT_COSIGNATURE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace taxgate::audit {

inline constexpr uint8_t kCosignatureV1Algorithm = 0x04;

struct CosignerKey {
  std::string name;
  uint32_t key_id = 0;
  std::string public_key;  // 32 bytes
  std::string ToString() const;
};

struct Cosigner {
  CosignerKey key;
  std::string seed;  // 32 bytes; secret
  std::string ToString() const;
};

// key_id of a cosigner's Ed25519 key (algorithm byte 0x04).
uint32_t CosignerKeyId(std::string_view name, std::string_view public_key);
// Errors: InvalidArgument for a bad name (empty, spaces, '+', non-ASCII) or
// a seed that is not 32 bytes.
Result<Cosigner> MakeCosigner(std::string_view name, std::string_view seed);
// Parse the text forms above. Errors: InvalidArgument naming what is wrong:
// the shape, an algorithm byte other than 0x04, a key id that does not
// match the key.
Result<CosignerKey> ParseCosignerKey(std::string_view text);
Result<Cosigner> ParseCosigner(std::string_view text);

// The bytes a cosignature signs. REQUIRES: `checkpoint_text` is the note
// text (every line "\n"-terminated, no signature lines).
std::string CosignedMessage(std::string_view checkpoint_text,
                            uint64_t timestamp);

// The cosignature line ("— name base64(...)\n") of `checkpoint_text` at
// `timestamp` (POSIX seconds, 1 to 2^63-1). Errors: InvalidArgument for a
// timestamp out of range or text that is not a note's text.
Result<std::string> Cosign(std::string_view checkpoint_text,
                           const Cosigner& cosigner, uint64_t timestamp);

// A verified cosignature: whose, and when it was made.
struct VerifiedCosignature {
  std::string name;
  uint64_t timestamp = 0;
  std::string line;
};

// Checks the signature lines `signature_lines` (each "— name b64\n", as a
// note's signature block or a witness's answer) against `checkpoint_text`.
// Lines by keys not in `known` are ignored (C2SP); a line by a known name
// and key id that is malformed or does not verify is an error (DataLoss
// "cosignature of <name> does not verify"); so is a malformed line
// (InvalidArgument). Returns one entry per known key that cosigned, in
// the order of `known` (empty when none did).
Result<std::vector<VerifiedCosignature>> VerifyCosignatures(
    std::string_view checkpoint_text, std::string_view signature_lines,
    const std::vector<CosignerKey>& known);

}  // namespace taxgate::audit

#endif  // TAXGATE_AUDIT_COSIGNATURE_H_
